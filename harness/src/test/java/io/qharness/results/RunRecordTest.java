package io.qharness.results;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.qharness.metrics.OperationMetrics;
import io.qharness.metrics.RunMetrics;
import io.qharness.metrics.RunSummary;
import io.qharness.metrics.UploadFigures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Run records: round trip, atomic writes, and interrupted runs never passing for complete ones. */
class RunRecordTest {
  @TempDir Path results;

  static RunFile.TargetInfo target() {
    return RunFile.TargetInfo.of(RunFile.TargetKind.QDRANT, List.of("127.0.0.1:6334"));
  }

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
    RunRecord r = RunRecord.begin(results, "run-a", "W", Map.of("searchRate", "100"), target());
    RunSummary s = summary();
    r.ended(s);
    RunRecord.Loaded l = RunRecord.load(results.resolve("run-a"));
    assertThat(l.complete()).isTrue();
    assertThat(l.run().config()).containsEntry("searchRate", "100");
    assertThat(l.run().machine().cores()).isPositive();
    assertThat(l.run().target().kind()).isEqualTo(RunFile.TargetKind.QDRANT);
    assertThat(l.run().testDouble()).isFalse();
    assertThat(l.summary().operation("search").count()).isEqualTo(100);
    assertThat(l.summary().operation("search").errors()).isEqualTo(1);
    assertThat(l.summary().operation("search").p99Micros())
        .isEqualTo(s.operation("search").p99Micros());
  }

  @Test
  void aRunThatNeverEndedIsIncompleteNotHalfWritten() throws Exception {
    RunRecord.begin(results, "run-b", "W", Map.of(), target());
    // the process dies here: no summary, status stays "running"
    RunRecord.Loaded l = RunRecord.load(results.resolve("run-b"));
    assertThat(l.complete()).isFalse();
    assertThat(l.run().status()).isEqualTo(RunFile.Status.RUNNING);
    assertThat(l.json().path("status").asText()).isEqualTo("running");
    try (Stream<Path> files = Files.list(results.resolve("run-b"))) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .containsExactly("run.json"); // no temp files left
    }
  }

  @Test
  void aFailedRunSaysWhy() {
    RunRecord r = RunRecord.begin(results, "run-c", "W", Map.of(), target());
    r.failed("all nodes unreachable");
    RunRecord.Loaded l = RunRecord.load(results.resolve("run-c"));
    assertThat(l.complete()).isFalse();
    assertThat(l.run().failure()).isEqualTo("all nodes unreachable");
    assertThat(l.run().refused()).isFalse();
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
  void recordsFromANewerQharnessAreRefusedByNameNotHalfRead() throws Exception {
    RunRecord r = RunRecord.begin(results, "newer", "W", Map.of(), target());
    r.ended(summary());
    Path run = results.resolve("newer/run.json");
    Files.writeString(run, Files.readString(run).replace("\"format\" : 1", "\"format\" : 2"));
    assertThatThrownBy(() -> RunRecord.load(results.resolve("newer")))
        .hasMessageContaining("run.json is format 2, written by a newer qharness")
        .hasMessageContaining("reads up to format 1");
    Files.writeString(run, Files.readString(run).replace("\"format\" : 2", "\"format\" : 1"));
    Path summary = results.resolve("newer/summary.json");
    assertThat(Files.readString(summary)).startsWith("{\n  \"format\" : 1,");
    Files.writeString(
        summary, Files.readString(summary).replace("\"format\" : 1", "\"format\" : 7"));
    assertThatThrownBy(() -> RunRecord.load(results.resolve("newer")))
        .hasMessageContaining("summary.json is format 7");
  }

  @Test
  void anUnknownStatusOrTargetKindIsNamed() throws Exception {
    RunRecord.begin(results, "odd", "W", Map.of(), target());
    Path run = results.resolve("odd/run.json");
    Files.writeString(run, Files.readString(run).replace("\"running\"", "\"paused\""));
    assertThatThrownBy(() -> RunRecord.load(results.resolve("odd")))
        .hasMessageContaining("run.json cannot be read")
        .hasMessageContaining("status 'paused' is none of running, complete, failed");
  }

  @Test
  void sectionsAreWrittenAndReadBackAsTheSameTypes() {
    RunRecord r = RunRecord.begin(results, "typed", "W", Map.of(), target());
    r.put(
        RunFile.Section.INDEX_READY,
        new RunFile.IndexReady(true, 1.5, 100, 100, "4 segments indexed"),
        false);
    r.put(
        RunFile.Section.SEARCH_PATHS,
        new RunFile.SearchPaths(Map.of("hnsw", 0.9, "plain", 0.1), Map.of("hnsw", 9L), List.of()),
        false);
    r.put(RunFile.Section.NOTES, List.of("a note"), false);
    r.put(RunFile.Section.UPLOAD, UploadFigures.of(1000, 2.0, 0.05), false);
    r.put(RunFile.Section.HARNESS_COST, new HarnessCost(6.0, 1.5, 4.5, 2.0, 4.0, 60.0), false);
    r.put(RunFile.Section.REUSED_COLLECTION, new RunFile.ReusedCollection("c", 7), true);
    RunFile.FilterSelectivity filters =
        new RunFile.FilterSelectivity("category", "before", 100, 0.15, 0.02, 0.3);
    r.put(RunFile.Section.FILTERS, filters, true);
    RunFile f = RunRecord.load(results.resolve("typed")).run();
    assertThat(f.indexReady())
        .isEqualTo(new RunFile.IndexReady(true, 1.5, 100, 100, "4 segments indexed"));
    assertThat(f.searchPaths().shares()).containsEntry("hnsw", 0.9);
    assertThat(f.notes()).containsExactly("a note");
    assertThat(f.upload().cpuMicrosPerPoint()).isCloseTo(50.0, within(1e-9));
    assertThat(f.upload().pointsPerSec()).isEqualTo(500.0);
    assertThat(f.harnessCost().fixedCpuSeconds()).isEqualTo(4.0);
    assertThat(f.reusedCollection()).isEqualTo(new RunFile.ReusedCollection("c", 7));
    assertThat(f.filters()).isEqualTo(filters);
  }

  @Test
  void everySectionNamesAComponentOfRunFile() {
    Map<String, Class<?>> components = new HashMap<>();
    for (var c : RunFile.class.getRecordComponents()) {
      components.put(c.getName(), c.getType());
    }
    for (RunFile.Section<?> s : RunFile.Section.ALL) {
      assertThat(components).as("section " + s).containsKey(s.name());
    }
    assertThat(RunFile.Section.ALL).hasSize(33);
  }

  @Test
  void runIdsAreUnique() {
    RunRecord.begin(results, "dup", "W", Map.of(), target());
    assertThatThrownBy(() -> RunRecord.begin(results, "dup", "W", Map.of(), target()))
        .hasMessageContaining("already exists");
  }
}
