package io.qharness.simulations;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.qharness.metrics.OperationSummary;
import io.qharness.results.RunRecord;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Searches while the optimiser runs after a bulk load, then after it, on the embedded test double
 * with its modelled optimisation (Yellow for 2 s after each write, reported by its optimizations
 * endpoint): the first phase lasts until the optimiser has been idle 3 s, and the record has both
 * searches and the optimiser's work per phase.
 */
class SearchWhileOptimizingIT {
  @TempDir Path dir;

  @Test
  void searchesRunWhileTheOptimizerWorksThenAfterItWithTheOptimizerPerPhase() {
    QharnessCli r =
        QharnessCli.run(
            "run",
            "SearchWhileOptimizing",
            "--points",
            "3000",
            "--dim",
            "16",
            "--search-rate",
            "50",
            "--duration",
            "3s",
            "--test-cluster-optimisation-delay",
            "2s",
            "--results-dir",
            dir.toString(),
            "--run-id",
            "swo",
            "--no-report",
            "--progress",
            "false");
    assertThat(r.code()).as(r.toString()).isZero();
    RunRecord.Loaded rec = RunRecord.load(dir.resolve("swo"));
    assertThat(rec.complete()).isTrue();
    OperationSummary during = rec.summary().operation("search while optimizing");
    OperationSummary after = rec.summary().operation("search after optimizing");
    // 2 s of modelled optimisation after the last batch, then 3 idle readings a second apart
    assertThat(during.count()).isBetween(150L, 400L);
    assertThat(after.count()).isEqualTo(150);
    assertThat(during.errors() + after.errors()).isZero();
    assertThat(during.recallMean()).isEqualTo(1.0);
    JsonNode optimizer = rec.json().path("optimizer");
    assertThat(optimizer.path("phases").findValuesAsText("phase"))
        .containsExactly("upload", "while optimizing", "measured");
    JsonNode upload = optimizer.path("phases").get(0);
    assertThat(upload.path("optimizations").asInt()).isEqualTo(1);
    assertThat(upload.path("byOptimizer").path("indexing").path("points").asLong()).isEqualTo(3000);
    assertThat(optimizer.path("runningAtEnd").asInt()).isZero();
  }

  @Test
  void refusesWhatWouldMeasureNoOptimizerNamingTheFix() {
    QharnessCli r =
        QharnessCli.run(
            "run",
            "SearchWhileOptimizing",
            "--server-resources",
            "false",
            "--results-dir",
            dir.toString(),
            "--run-id",
            "blind");
    assertThat(r.code()).as(r.toString()).isEqualTo(2);
    assertThat(r.out() + r.err()).contains("leave serverResources at true");
  }
}
