package io.qharness.testcluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.qharness.testsupport.LocalQdrantCluster;
import io.qharness.testsupport.QdrantBinary;
import io.qharness.testsupport.RequiresQdrant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The golden samples are what the real server exposes: captured again from a real 3-node cluster
 * after the same sequence, their shapes (metric families with type and labels; telemetry's JSON
 * paths) must equal the committed ones. Run with {@code -Dqharness.updateGolden=true} to rewrite
 * them after a Qdrant upgrade, then review the diff.
 */
@RequiresQdrant
class GoldenSamplesIT {
  @Test
  void theRealServerStillExposesWhatTheGoldenSamplesSay() throws Exception {
    assertThat(QdrantBinary.version())
        .as("golden samples are of " + GoldenSamples.VERSION)
        .contains("1.19.0");
    GoldenSamples.Capture real;
    try (LocalQdrantCluster cluster =
        LocalQdrantCluster.builder().name("golden").nodes(3).start()) {
      real = GoldenSamples.capture(cluster.grpcAddresses(), cluster.restAddresses());
    }
    if (Boolean.getBoolean("qharness.updateGolden")) {
      GoldenSamples.save(real);
      return;
    }
    GoldenSamples.Capture golden = GoldenSamples.load();
    assertThat(GoldenSamples.families(real.metricsFresh()))
        .isEqualTo(GoldenSamples.families(golden.metricsFresh()));
    assertThat(GoldenSamples.families(real.metricsAfterLoad()))
        .isEqualTo(GoldenSamples.families(golden.metricsAfterLoad()));
    // what qharness reads of the telemetry is still there, with the same JSON types
    Map<String, String> now = GoldenSamples.shape(GoldenSamples.json(real.telemetry()));
    Map<String, String> then = GoldenSamples.shape(GoldenSamples.json(golden.telemetry()));
    for (String path : GoldenSamples.READ_PATHS) {
      assertThat(now.get(path)).as(path).isNotNull().isEqualTo(then.get(path));
    }
  }
}
