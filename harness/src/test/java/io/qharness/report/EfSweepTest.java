package io.qharness.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.qharness.cluster.SearchPath;
import io.qharness.cluster.SearchPathShares;
import io.qharness.metrics.OperationSummary;
import io.qharness.metrics.RunSummary;
import io.qharness.report.render.EfSweepReport;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EfSweepTest {
  private static OperationSummary op(
      String name, long count, long errors, double okPerSec, long p99Micros, Double recall) {
    return new OperationSummary(
        name,
        "SEND_TIME",
        count,
        errors,
        count == 0 ? 0 : (double) errors / count,
        okPerSec,
        10,
        p99Micros / 2,
        p99Micros * 3 / 4,
        p99Micros,
        p99Micros,
        p99Micros,
        p99Micros / 2.0,
        recall,
        recall,
        recall,
        recall == null ? 0 : count,
        0,
        0,
        0,
        0,
        List.of(),
        null,
        null);
  }

  private static RunSummary summary(OperationSummary... ops) {
    return new RunSummary(0, 1, List.of("n1"), List.of(ops));
  }

  @Test
  void recommendsTheSmallestEfReachingTheTargetAndOrdersStepsByEf() {
    EfSweep s =
        EfSweep.of(
            summary(
                op("upload batch", 10, 0, 5, 1000, null),
                op("warm-up search ef=128", 100, 0, 100, 9000, 0.99),
                op("search ef=128", 1000, 0, 800, 4000, 0.995),
                op("search exact", 1000, 0, 100, 40000, 1.0),
                op("search ef=16", 1000, 0, 3000, 1000, 0.80),
                op("search ef=64", 1000, 0, 1500, 2000, 0.96)),
            0.95,
            true);
    assertThat(s.rows()).extracting(EfSweep.Row::label).containsExactly("16", "64", "128", "exact");
    assertThat(s.recommended().ef()).isEqualTo(64);
    assertThat(s.verdict())
        .contains("ef=64")
        .contains("1500.0 searches/s")
        .contains("p99 2.000 ms");
    assertThat(s.toMarkdown(false))
        .contains("| 64 **(recommended)** |")
        .doesNotContain("test double");
    assertThat(s.toMarkdown(true)).contains("test double");
  }

  private static SearchPathShares paths(double hnsw) {
    Map<SearchPath, Long> counts = new EnumMap<>(SearchPath.class);
    Map<SearchPath, Double> shares = new EnumMap<>(SearchPath.class);
    if (hnsw > 0) {
      counts.put(SearchPath.HNSW, 100L);
      shares.put(SearchPath.HNSW, hnsw);
    }
    if (hnsw < 1) {
      counts.put(SearchPath.PLAIN, 100L);
      shares.put(SearchPath.PLAIN, 1 - hnsw);
    }
    return new SearchPathShares(counts, shares, List.of());
  }

  @Test
  void stepsTheHnswGraphDidNotServeVoidTheRecommendationAndSayWhy() {
    EfSweep s =
        EfSweep.of(
            summary(
                op("search ef=16", 1000, 0, 3000, 1000, 1.0),
                op("search ef=64", 1000, 0, 1500, 2000, 1.0)),
            0.95,
            true);
    assertThat(s.recommended().ef())
        .as("recall 1.0 everywhere: what a full scan gives")
        .isEqualTo(16);
    EfSweep scanned =
        s.withSearchPaths(
            op -> paths(0), "segments below the full_scan_threshold; set fullScanThreshold=10");
    assertThat(scanned.recommended()).isNull();
    assertThat(scanned.verdict())
        .startsWith("no hnsw_ef is recommended")
        .contains("ef=16 (plain 100.0%")
        .contains("fullScanThreshold=10");
    assertThat(scanned.toTable()).contains("HNSW").contains("   0%");
    EfSweep served = s.withSearchPaths(op -> paths(0.995), "unused");
    assertThat(served.recommended().ef()).isEqualTo(16);
    assertThat(served.caveats()).isEmpty();
    assertThat(served.toMarkdown(false)).contains("| 100% |");
    EfSweep unknown = s.withSearchPaths(op -> null, "unused");
    assertThat(unknown.recommended().ef())
        .as("unknown paths are a caveat, not a verdict")
        .isEqualTo(16);
    assertThat(unknown.caveats())
        .singleElement()
        .asString()
        .contains("which search path served ef=16, ef=64 is unknown");
  }

  @Test
  void aStepWithErrorsIsNoAnswerEvenWithEnoughRecall() {
    EfSweep s =
        EfSweep.of(
            summary(
                op("search ef=32", 1000, 50, 2000, 1000, 0.97),
                op("search ef=64", 1000, 0, 1500, 2000, 0.98)),
            0.95,
            false);
    assertThat(s.recommended().ef()).isEqualTo(64);
    assertThat(s.verdict()).contains("at the offered rate");
  }

  @Test
  void saysWhenNoEfReachesTheTargetAndWhatToDo() {
    EfSweep s =
        EfSweep.of(
            summary(
                op("search ef=16", 100, 0, 10, 1000, 0.7),
                op("search ef=32", 100, 0, 10, 1000, 0.9)),
            0.95,
            true);
    assertThat(s.recommended()).isNull();
    assertThat(s.verdict())
        .contains("no hnsw_ef in the sweep reached")
        .contains("best: 0.9000 at ef=32")
        .contains("efSweep");
  }

  @Test
  void withoutRecallItShowsSpeedOnlyAndRecommendsNothing() {
    EfSweep s = EfSweep.of(summary(op("search ef=16", 100, 0, 10, 1000, null)), 0.95, true);
    assertThat(s.recommended()).isNull();
    assertThat(s.verdict()).contains("recall was not measured");
    assertThat(s.toTable()).contains("16").contains(" - ");
    assertThat(EfSweepReport.html(s, "r", false))
        .contains("Recall was not measured, so there are no recall curves")
        .doesNotContain("<svg");
  }

  @Test
  void aCollectionWithoutAnHnswIndexVoidsTheRecommendation() {
    EfSweep s =
        EfSweep.of(
            summary(
                op("search ef=16", 1000, 0, 900, 1000, 1.0),
                op("search ef=32", 1000, 0, 880, 1000, 1.0)),
            0.95,
            true);
    assertThat(s.recommended().ef()).isEqualTo(16);
    assertThat(s.checkIndexed("bench", 20_000, 5_000L)).as("indexed: unchanged").isSameAs(s);
    assertThat(s.checkIndexed("bench", 20_000, null)).as("unknown: unchanged").isSameAs(s);

    EfSweep scanned = s.checkIndexed("bench", 20_000, 0L);
    assertThat(scanned.recommended()).isNull();
    assertThat(scanned.verdict())
        .startsWith("no hnsw_ef is recommended: collection `bench` had no HNSW index");
    assertThat(scanned.toMarkdown(false))
        .contains("> **Caveat:** collection `bench` had no HNSW index")
        .contains("indexingThreshold=1")
        .doesNotContain("(recommended)");
    assertThat(scanned.toTable()).contains("CAVEAT: ").doesNotContain("<- recommended");
    assertThat(EfSweepReport.html(scanned, "r", false))
        .contains("<b>Caveat:</b>")
        .contains("Recommended hnsw_ef<b>none</b>");
    assertThat(scanned.checkIndexed("bench", 20_000, 0L).caveats()).as("said once").hasSize(1);
  }

  @Test
  void aRunWithoutSweepStepsHasNoSweep() {
    assertThat(
            EfSweep.of(
                summary(
                    op("search", 100, 0, 10, 1000, 1.0),
                    op("warm-up search ef=16", 10, 0, 1, 1, 1.0)),
                0.95,
                true))
        .isNull();
  }
}
