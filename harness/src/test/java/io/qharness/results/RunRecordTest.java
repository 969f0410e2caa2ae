package io.qharness.results;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.qharness.metrics.OperationMetrics;
import io.qharness.metrics.RunMetrics;
import io.qharness.metrics.RunSummary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Run records: round trip, atomic writes, and interrupted runs never passing for complete ones. */
class RunRecordTest {
  @TempDir Path results;

  static RunSummary summary() {
    RunMetrics m = new RunMetrics(List.of("n1", "n2"));
    OperationMetrics op = m.operation("search");
    for (int i = 1; i <= 100; i++) {
      op.record(i % 2, i != 50, 0, i * 1_000_000L);
    }
    m.sample();
    return m.summary();
  }

  @Test
  void aCompletedRunRoundTrips() {
    RunRecord r =
        RunRecord.begin(
            results, "run-a", Map.of("workload", "W", "config", Map.of("searchRate", "100")));
    RunSummary s = summary();
    r.ended(s);
    RunRecord.Loaded l = RunRecord.load(results.resolve("run-a"));
    assertThat(l.complete()).isTrue();
    assertThat(l.run().path("config").path("searchRate").asText()).isEqualTo("100");
    assertThat(l.run().path("machine").path("cores").asInt()).isPositive();
    assertThat(l.summary().operation("search").count()).isEqualTo(100);
    assertThat(l.summary().operation("search").errors()).isEqualTo(1);
    assertThat(l.summary().operation("search").p99Micros())
        .isEqualTo(s.operation("search").p99Micros());
  }

  @Test
  void aRunThatNeverEndedIsIncompleteNotHalfWritten() throws Exception {
    RunRecord.begin(results, "run-b", Map.of("workload", "W"));
    // the process dies here: no summary, status stays "running"
    RunRecord.Loaded l = RunRecord.load(results.resolve("run-b"));
    assertThat(l.complete()).isFalse();
    assertThat(l.status()).isEqualTo("running");
    try (Stream<Path> files = Files.list(results.resolve("run-b"))) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .containsExactly("run.json"); // no temp files left
    }
  }

  @Test
  void aFailedRunSaysWhy() {
    RunRecord r = RunRecord.begin(results, "run-c", Map.of());
    r.failed("all nodes unreachable");
    RunRecord.Loaded l = RunRecord.load(results.resolve("run-c"));
    assertThat(l.complete()).isFalse();
    assertThat(l.run().path("failure").asText()).isEqualTo("all nodes unreachable");
  }

  @Test
  void atomicWritesReplaceWholeFilesOnly() throws Exception {
    Path f = results.resolve("x.json");
    AtomicFiles.write(f, "{\"a\":1}");
    AtomicFiles.write(f, "{\"a\":2}");
    assertThat(Files.readString(f)).isEqualTo("{\"a\":2}");
    try (Stream<Path> files = Files.list(results)) {
      assertThat(files).hasSize(1);
    }
  }

  @Test
  void corruptOrForeignFilesGiveClearErrors() throws Exception {
    Path bad = Files.createDirectories(results.resolve("bad"));
    Files.writeString(bad.resolve("run.json"), "{ not json");
    assertThatThrownBy(() -> RunRecord.load(bad))
        .hasMessageContaining("run.json is not valid JSON")
        .hasMessageContaining("corrupt");
    Path foreign = Files.createDirectories(results.resolve("foreign"));
    Files.writeString(foreign.resolve("run.json"), "{\"a\":1}");
    assertThatThrownBy(() -> RunRecord.load(foreign))
        .hasMessageContaining("not a qharness run record");
    assertThatThrownBy(() -> RunRecord.load(results.resolve("none")))
        .hasMessageContaining("has no run.json");
  }

  @Test
  void runIdsAreUnique() {
    RunRecord.begin(results, "dup", Map.of());
    assertThatThrownBy(() -> RunRecord.begin(results, "dup", Map.of()))
        .hasMessageContaining("already exists");
  }
}
