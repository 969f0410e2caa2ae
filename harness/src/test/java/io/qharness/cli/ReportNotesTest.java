package io.qharness.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.qharness.metrics.RunSummary;
import io.qharness.results.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a run noted about its target (e.g. a collection without HNSW index) reaches its report. */
class ReportNotesTest {
  @TempDir Path results;

  @Test
  void notesOfTheRunAppearInItsReport() throws Exception {
    Path dir = Files.createDirectories(results.resolve("r1"));
    Map<String, Object> run = new LinkedHashMap<>();
    run.put("runId", "r1");
    run.put("workload", "io.qharness.simulations.MixedWorkloadSimulation");
    run.put("status", "complete");
    run.put("target", Map.of("kind", "qdrant"));
    run.put("notes", List.of("collection `bench` has no HNSW index (indexed_vectors_count 0 of 20,000 points)"));
    Json.MAPPER.writeValue(dir.resolve("run.json").toFile(), run);
    Json.MAPPER.writeValue(dir.resolve("summary.json").toFile(), new RunSummary(0, 1, List.of(), List.of()));

    Cli r = Cli.run("report", "r1", "--results-dir", results.toString());
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out()).contains("> **Note:** collection `bench` has no HNSW index");
  }
}
