package io.qharness.simulations;

import static org.assertj.core.api.Assertions.assertThat;

import io.qharness.results.RunFile;
import io.qharness.results.RunRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The growing-collection case end to end on the embedded test double, whose searches are exact:
 * every stage's recall must then be exactly 1, which holds only if the ground truth follows the
 * fill (against the full data set's, the first stages would score about 0.1).
 */
class GrowingCollectionIT {
  @TempDir Path dir;

  @Test
  void searchesAreReportedPerFillStageWithRecallAgainstWhatWasWritten() throws Exception {
    QharnessCli r =
        QharnessCli.run(
            "run",
            "GrowingCollection",
            "--points",
            "4000",
            "--ingest-rate",
            "800",
            "--search-rate",
            "40",
            "--growth-stages",
            "5",
            "--results-dir",
            dir.toString(),
            "--run-id",
            "grow");
    assertThat(r.code()).as(r.toString()).isZero();
    RunRecord.Loaded rec = RunRecord.load(dir.resolve("grow"));
    assertThat(rec.complete()).isTrue();
    RunFile.Growth g = rec.run().growth();
    assertThat(g.points()).isEqualTo(4000);
    assertThat(g.stages()).hasSize(5);
    long previous = 0;
    for (RunFile.GrowthStage s : g.stages()) {
      assertThat(s.searches()).as("searches in stage " + s.fromPct()).isPositive();
      assertThat(s.errors()).isZero();
      assertThat(s.recallMean()).as("recall at " + s.toPct() + " %").isEqualTo(1.0);
      assertThat(s.pointsAtEnd()).isGreaterThan(previous);
      previous = s.pointsAtEnd();
    }
    assertThat(previous).isEqualTo(4000);
    assertThat(rec.summary().operation("search").recallMean()).isEqualTo(1.0);
    assertThat(rec.json().path("audit").path("missing").asLong()).isZero();
    String html = Files.readString(dir.resolve("grow").resolve("growth.html"));
    assertThat(html).contains("<svg class=\"chart\"").contains("test double");
  }

  @Test
  void aGrowingCollectionNeedsTheWritesItCountsAndASearchRate() {
    QharnessCli r =
        QharnessCli.run(
            "run", "GrowingCollection", "--audit", "false", "--results-dir", dir.toString());
    assertThat(r.code()).as(r.toString()).isEqualTo(2);
    assertThat(r.out() + r.err()).contains("audit=false").contains("drop audit=false");
  }
}
