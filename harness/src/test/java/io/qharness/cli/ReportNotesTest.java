package io.qharness.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.qharness.cluster.SearchPath;
import io.qharness.cluster.SearchPathShares;
import io.qharness.metrics.RunSummary;
import io.qharness.report.EfSweep;
import io.qharness.results.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a run found out about its target reaches its report: notes (e.g. a collection without HNSW
 * index), index readiness, the search paths the nodes counted, and an hnsw_ef sweep as recorded,
 * caveats and per-step paths included.
 */
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
    run.put(
        "notes",
        List.of("collection `bench` has no HNSW index (indexed_vectors_count 0 of 20,000 points)"));
    Json.MAPPER.writeValue(dir.resolve("run.json").toFile(), run);
    Json.MAPPER.writeValue(
        dir.resolve("summary.json").toFile(), new RunSummary(0, 1, List.of(), List.of()));

    Cli r = Cli.run("report", "r1", "--results-dir", results.toString());
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out()).contains("> **Note:** collection `bench` has no HNSW index");
  }

  @Test
  void readinessSearchPathsAndTheRecordedSweepAppearInTheReport() throws Exception {
    Path dir = Files.createDirectories(results.resolve("r2"));
    Map<SearchPath, Long> counts = Map.of(SearchPath.PLAIN, 500L);
    Map<SearchPath, Double> shares = Map.of(SearchPath.PLAIN, 1.0);
    SearchPathShares scanned = new SearchPathShares(counts, shares, List.of());
    EfSweep sweep =
        new EfSweep(
                List.of(new EfSweep.Row(16, 100, 0, 50, 1, 2, 1.0, 1.0, null)),
                0.95,
                true,
                null,
                "none",
                List.of())
            .withSearchPaths(op -> scanned, "segments below the full_scan_threshold");
    Map<String, Object> run = new LinkedHashMap<>();
    run.put("runId", "r2");
    run.put("workload", "io.qharness.simulations.EfSweepSimulation");
    run.put("status", "complete");
    run.put("target", Map.of("kind", "qdrant"));
    run.put(
        "indexReady",
        Map.of(
            "ready", true, "secondsToReady", 7.9, "detail", "100,000 of 100,000 vectors indexed"));
    run.put("searchPaths", scanned.toRecord());
    run.put("efSweep", sweep);
    Json.MAPPER.writeValue(dir.resolve("run.json").toFile(), run);
    Json.MAPPER.writeValue(
        dir.resolve("summary.json").toFile(), new RunSummary(0, 1, List.of(), List.of()));

    Cli r = Cli.run("report", "r2", "--results-dir", results.toString());
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out())
        .contains("Index readiness: ready after 7.9 s; 100,000 of 100,000 vectors indexed.")
        .contains(
            "Search paths of the measured phase (the nodes' own counters): plain 100.0% of searched"
                + " vectors.")
        .contains("| 16 | 100 | 0 |")
        .contains("| 0% |")
        .contains("no hnsw_ef is recommended")
        .contains("not served by the HNSW graph");
    assertThat(Files.readString(dir.resolve("ef-sweep.html")))
        .contains("not served by the HNSW graph")
        .contains("<th>HNSW-served</th>");
  }
}
