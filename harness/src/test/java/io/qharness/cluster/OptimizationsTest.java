package io.qharness.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class OptimizationsTest {
  /** Captured from the real Qdrant 1.19.0 after a bulk load (the double is checked against it). */
  static final Path REAL_SAMPLE =
      Path.of("..", "testcluster", "src", "test", "resources", "golden", "qdrant-1.19.0")
          .resolve("optimizations.json");

  @Test
  void parsesQdrants119ResponseIntoOptimisationsWithSecondsPerStage() throws Exception {
    var s = Optimizations.parse(new ObjectMapper().readTree(Files.readString(REAL_SAMPLE)));
    assertThat(s.idle()).isTrue();
    assertThat(s.running()).isEmpty();
    assertThat(s.completed())
        .extracting(Optimizations.Optimization::optimizer)
        .containsExactly("merge", "indexing");
    Optimizations.Optimization indexing = s.completed().get(1);
    assertThat(indexing.status()).isEqualTo("done");
    assertThat(indexing.running()).isFalse();
    assertThat(indexing.points()).isPositive();
    assertThat(indexing.startedAt()).isAfter(Instant.parse("2026-01-01T00:00:00Z"));
    assertThat(indexing.seconds()).isPositive();
    // the stages Qdrant times, with the vector index's own ones under it (its unnamed level
    // skipped)
    assertThat(indexing.stageSeconds())
        .containsKeys(
            "copy_data",
            "wait_cpu_permit",
            "payload_index",
            "vector_index",
            "vector_index/main_graph",
            "vector_index/additional_links");
    assertThat(indexing.stageSeconds().keySet()).noneMatch(k -> k.split("/").length > 2);
    assertThat(indexing.stageSeconds().get("vector_index/main_graph"))
        .isLessThanOrEqualTo(indexing.stageSeconds().get("vector_index") + 1e-9);
    double top =
        indexing.stageSeconds().entrySet().stream()
            .filter(e -> !e.getKey().contains("/"))
            .mapToDouble(e -> e.getValue())
            .sum();
    assertThat(top).isLessThanOrEqualTo(indexing.seconds() + 1e-6);
  }

  @Test
  void aQueueOrARunningOptimisationIsNotIdle() throws Exception {
    var json =
        new ObjectMapper()
            .readTree(
                "{\"result\": {\"summary\": {\"queued_optimizations\": 2, \"queued_points\":"
                    + " 5000}, \"running\": [{\"uuid\": \"u\", \"optimizer\": \"merge\","
                    + " \"status\": \"optimizing\", \"segments\": [{\"points_count\": 7}],"
                    + " \"progress\": {\"name\": \"Segment Optimizing\", \"started_at\":"
                    + " \"2026-12-06T08:45:47.217827331Z\"}}]}}");
    var s = Optimizations.parse(json);
    assertThat(s.idle()).isFalse();
    assertThat(s.queuedOptimizations()).isEqualTo(2);
    assertThat(s.queuedPoints()).isEqualTo(5000);
    assertThat(s.running().get(0).running()).isTrue();
    assertThat(s.running().get(0).seconds()).isNull();
    assertThat(s.running().get(0).points()).isEqualTo(7);
    assertThat(s.running().get(0).startedAt().getNano()).isCloseTo(217_827_331, within(1));
    assertThat(Optimizations.path("my coll", 16))
        .isEqualTo("/collections/my+coll/optimizations?with=completed&completed_limit=16");
  }
}
