package io.qharness.simulations;

import static org.assertj.core.api.Assertions.assertThat;

import io.qharness.bench.ClientCost;
import io.qharness.testsupport.LocalQdrantCluster;
import io.qharness.testsupport.RequiresQdrant;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code selfbench client --hosts} against a real 3-node Qdrant 1.19 cluster: the benchmark loads
 * its collection, every client sends every search of its window, and qharness's recall is exact
 * against the points it loaded.
 */
@RequiresQdrant
class RealClientBenchIT {
  @TempDir Path dir;

  @Test
  void theBenchmarkLoadsItsCollectionAndMeasuresEveryClientOnRealQdrant() throws IOException {
    try (LocalQdrantCluster cluster =
        LocalQdrantCluster.builder().name("client-bench").nodes(3).start()) {
      ClientCost cost =
          ClientBenchIT.bench(
              dir.resolve("results"), "--hosts", cluster.hosts(), "--points", "2000");
      assertThat(cost.target()).isEqualTo(cluster.hosts());
      ClientCost.Row row = cost.rows().get(0);
      ClientBenchIT.assertEverySearchCounted(row.floor(), false);
      ClientBenchIT.assertEverySearchCounted(row.qharness(), true);
      ClientBenchIT.assertEverySearchCounted(row.lean(), true);
      // 2,000 points are below Qdrant's full-scan threshold: exact search, recall 1
      assertThat(row.qharness().meanRecall()).isEqualTo(1.0);
    }
  }
}
