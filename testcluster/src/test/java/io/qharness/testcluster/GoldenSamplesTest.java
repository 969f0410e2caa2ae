package io.qharness.testcluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The test double against samples captured from the real Qdrant 1.19.0 (see {@link GoldenSamples}):
 * after the same calls it exposes no metric family, type or label the real server does not, the
 * families the dashboards and qharness read appear exactly when the real server's do, and its
 * telemetry has the real server's shape wherever it answers.
 */
class GoldenSamplesTest {
  /** Families the dashboards, the capacity sweep or cluster status read. */
  private static final Set<String> READ_BY_QHARNESS =
      Set.of(
          "cluster_peers_total",
          "collection_dead_replicas",
          "collections_total",
          "grpc_responses_total",
          "grpc_responses_duration_seconds",
          "grpc_responses_max_duration_seconds",
          "memory_resident_bytes",
          "memory_allocated_bytes",
          "collection_points");

  private static GoldenSamples.Capture golden;
  private static GoldenSamples.Capture testDouble;

  @BeforeAll
  static void capture() throws Exception {
    golden = GoldenSamples.load();
    try (TestCluster cluster = TestCluster.builder().nodes(3).basePort(0).build().start()) {
      testDouble = GoldenSamples.capture(cluster.grpcAddresses(), cluster.restAddresses());
    }
  }

  @Test
  void metricFamiliesAreQdrantsWithItsTypesAndLabels() {
    for (boolean fresh : List.of(true, false)) {
      Map<String, GoldenSamples.Family> real =
          GoldenSamples.families(fresh ? golden.metricsFresh() : golden.metricsAfterLoad());
      Map<String, GoldenSamples.Family> ours =
          GoldenSamples.families(fresh ? testDouble.metricsFresh() : testDouble.metricsAfterLoad());
      String when = fresh ? "before any call" : "after the sequence";
      ours.forEach(
          (name, family) -> {
            assertThat(real).as("Qdrant exposes %s %s", name, when).containsKey(name);
            assertThat(family)
                .as("%s %s: type, label names, bucket bounds", name, when)
                .isEqualTo(real.get(name));
          });
      for (String name : READ_BY_QHARNESS) {
        assertThat(ours.containsKey(name))
            .as("%s present %s as in Qdrant", name, when)
            .isEqualTo(real.containsKey(name));
      }
    }
  }

  @Test
  void failuresAreResponsesWithANonZeroStatusAsInQdrant() {
    assertThat(golden.metricsAfterLoad())
        .contains("grpc_responses_total{endpoint=\"/qdrant.Points/Search\",status=\"5\"} 1");
    assertThat(testDouble.metricsAfterLoad())
        .contains("grpc_responses_total{endpoint=\"/qdrant.Points/Search\",status=\"5\"} 1")
        .doesNotContain("fail_total");
  }

  @Test
  void telemetryHasQdrantsShapeAndCountsTheSameSearchPaths() {
    Map<String, String> real = GoldenSamples.shape(GoldenSamples.json(golden.telemetry()));
    Map<String, String> ours = GoldenSamples.shape(GoldenSamples.json(testDouble.telemetry()));
    ours.forEach(
        (path, type) -> {
          assertThat(real).as("Qdrant's telemetry has %s", path).containsKey(path);
          assertThat(real.get(path)).as("JSON type of %s", path).contains(type);
        });
    assertThat(ours.keySet()).as("what qharness reads").containsAll(GoldenSamples.READ_PATHS);
    // the sequence's searches take the same paths: HNSW unfiltered, a small-cardinality filter,
    // exact
    Set<String> realPaths = counters(real);
    assertThat(realPaths)
        .containsExactlyInAnyOrder(
            "unfiltered_hnsw", "filtered_small_cardinality", "unfiltered_exact");
    assertThat(counters(ours)).isEqualTo(realPaths);
  }

  private static Set<String> counters(Map<String, String> shape) {
    Set<String> out = new TreeSet<>();
    String marker = "/vector_index_searches/[*]/";
    shape.keySet().stream()
        .filter(p -> p.contains(marker) && p.endsWith("/count"))
        .forEach(
            p ->
                out.add(
                    p.substring(
                        p.indexOf(marker) + marker.length(), p.length() - "/count".length())));
    return out;
  }
}
