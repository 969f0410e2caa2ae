package io.qharness.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.qharness.report.render.ComparisonReport;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Verdicts over repeated runs, on synthetic runs whose truth is known: every run carries its own
 * offset (placement, background work), so identical runs differ by more than their intervals do.
 */
class RunsVerdictTest {
  private static final Comparison.Options OPTIONS = new Comparison.Options(500, 7, 5);

  /** {@code n} runs whose latencies are scaled by {@code factor} and a per-run offset (CV 10 %). */
  static List<Map<String, List<OperationIntervals.Interval>>> runs(
      long seed, int n, double factor) {
    SplittableRandom r = new SplittableRandom(seed);
    List<Map<String, List<OperationIntervals.Interval>>> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      double gaussian =
          Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
      out.add(ComparisonTest.run(r.nextLong(), factor * Math.exp(0.10 * gaussian), 0));
    }
    return out;
  }

  private static boolean flagged(Comparison.Result r) {
    return r.regression();
  }

  @Test
  void theStudentQuantilesAreRight() {
    assertThat(Distributions.studentQuantile(0.975, 1)).isCloseTo(12.706, within(0.001));
    assertThat(Distributions.studentQuantile(0.975, 4)).isCloseTo(2.776, within(0.001));
    assertThat(Distributions.studentQuantile(0.975, 30)).isCloseTo(2.042, within(0.001));
    assertThat(Distributions.studentQuantile(0.999, 5)).isCloseTo(5.893, within(0.001));
    assertThat(Distributions.studentQuantile(0.975, 1e6)).isCloseTo(1.960, within(0.001));
    assertThat(Distributions.studentQuantile(0.025, 4)).isCloseTo(-2.776, within(0.001));
  }

  /** An operation at 100 requests/s that starts {@code lead} ms into its first 5 s interval. */
  private static List<OperationIntervals.Interval> shifted(long lead) {
    List<OperationIntervals.Interval> out = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      long covered = i == 0 ? 5000 - lead : i == 5 ? lead : 5000;
      org.HdrHistogram.Histogram ok = new org.HdrHistogram.Histogram(3);
      ok.recordValueWithCount(4000, covered / 10);
      out.add(
          new OperationIntervals.Interval(
              i * 5000L, (i + 1) * 5000L, ok, 0, new org.HdrHistogram.Histogram(3)));
    }
    return out;
  }

  @Test
  void aRunsThroughputDoesNotDependOnWhereItFellOnTheIntervalGrid() {
    // the same 100 requests/s, started 0.5 s or 4.5 s into an interval: partial first and last
    // intervals would read 10 to 90 requests/s and make noise between identical runs
    for (long lead : new long[] {500, 2500, 4500}) {
      double[] f = Comparison.runFigures(shifted(lead), 5);
      assertThat(f[Metric.THROUGHPUT.ordinal()]).as("lead " + lead).isCloseTo(100, within(1e-9));
      assertThat(f[Metric.P50.ordinal()]).isCloseTo(4000, within(4.0));
    }
    assertThat(Comparison.runFigures(shifted(500).subList(0, 4), 5))
        .as("active in fewer intervals than --min-intervals")
        .isNull();
  }

  /** A run of 8 one-second intervals: client latency ~5 ms, server-reported time ~serverMicros. */
  private static Map<String, List<OperationIntervals.Interval>> withServerTime(
      long seed, long serverMicros) {
    SplittableRandom r = new SplittableRandom(seed);
    List<OperationIntervals.Interval> out = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      org.HdrHistogram.Histogram ok = new org.HdrHistogram.Histogram(3);
      org.HdrHistogram.Histogram server = new org.HdrHistogram.Histogram(3);
      for (int j = 0; j < 200; j++) {
        ok.recordValue(5000 + r.nextInt(200));
        server.recordValue(serverMicros + r.nextInt(50));
      }
      out.add(
          new OperationIntervals.Interval(
              i * 1000L, (i + 1) * 1000L, ok, 0, new org.HdrHistogram.Histogram(3), server));
    }
    return Map.of("search", out);
  }

  @Test
  void aSlowerServerIsCaughtOnItsOwnTimeEvenWhenTheClientSeesNoChange() {
    List<Map<String, List<OperationIntervals.Interval>>> base = new ArrayList<>();
    List<Map<String, List<OperationIntervals.Interval>>> cand = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      base.add(withServerTime(i, 2000));
      cand.add(withServerTime(100 + i, 3000)); // +50 % inside the server, the same at the client
    }
    Comparison.Result r = Comparison.compare(base, cand, new Thresholds(), OPTIONS);
    assertThat(r.findings())
        .filteredOn(f -> f.regression())
        .extracting(f -> f.metric())
        .containsExactly(Metric.SERVER_P50, Metric.SERVER_P99);
    // 1,600 calls a run: enough for p99 (1,000), not for p99.9 (10,000: its two slowest calls)
    assertThat(r.findings())
        .filteredOn(f -> f.metric() == Metric.P999)
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.verdict()).isEqualTo(Comparison.Verdict.REPORTED);
              assertThat(f.note()).contains("1600 calls in a run, p99.9 needs 10000");
            });
    // throughput, p50, p90, p99, errors, server-p50, server-p99 (no recall measured, no p99.9)
    assertThat(r.judged()).isEqualTo(7);
    // runs recorded without server time: nothing to say, nothing skipped
    Comparison.Result old =
        Comparison.compare(runs(1, 3, 1.0), runs(2, 3, 1.0), new Thresholds(), OPTIONS);
    assertThat(old.findings()).noneMatch(f -> f.metric() == Metric.SERVER_P50);
  }

  @Test
  void identicalWorkloadsRarelyAlarmWhenRunsAreTheSamples() {
    int alarms = 0;
    int intervalAlarms = 0;
    int withinRunNoise = 0;
    Thresholds runsOwnIntervalsOnly = new Thresholds().runNoise(List.of("off"));
    for (int trial = 0; trial < 40; trial++) {
      var base = runs(1000 + trial, 5, 1.0);
      var cand = runs(5000 + trial, 3, 1.0);
      if (flagged(Comparison.compare(base, cand, new Thresholds(), OPTIONS))) {
        alarms++;
      }
      // the same pairs judged one run against one: only the noise within a run is seen
      if (flagged(
          Comparison.compare(
              List.of(base.get(0)), List.of(cand.get(0)), runsOwnIntervalsOnly, OPTIONS))) {
        intervalAlarms++;
      }
      // ... unless the noise between runs is allowed for: then such changes are inconclusive
      if (flagged(
          Comparison.compare(
              List.of(base.get(0)), List.of(cand.get(0)), new Thresholds(), OPTIONS))) {
        withinRunNoise++;
      }
    }
    assertThat(alarms).as("A/A pairs flagged on the runs basis").isLessThanOrEqualTo(2);
    assertThat(intervalAlarms)
        .as("A/A pairs flagged one run against one on its intervals alone")
        .isGreaterThan(10);
    assertThat(withinRunNoise)
        .as("A/A pairs flagged one run against one with the allowance for the noise between runs")
        .isLessThanOrEqualTo(2);
  }

  @Test
  void aRealSlowDownIsCaughtAndTheNoiseBoundIsShown() {
    var base = runs(11, 5, 1.0);
    var cand = runs(12, 3, 1.5);
    Comparison.Result r = Comparison.compare(base, cand, new Thresholds(), OPTIONS);
    assertThat(r.basis()).isEqualTo(Comparison.Basis.RUNS);
    assertThat(r.baselineRuns()).isEqualTo(5);
    assertThat(r.candidateRuns()).isEqualTo(3);
    Comparison.Finding p50 = ComparisonTest.finding(r.findings(), Metric.P50);
    assertThat(p50.verdict()).isEqualTo(Comparison.Verdict.REGRESSION);
    assertThat(p50.change()).isBetween(0.3, 0.7);
    assertThat(p50.noise()).isPositive();
    assertThat(p50.ciLow()).isLessThan(p50.change());
    assertThat(p50.ciHigh()).isGreaterThan(p50.change());
    String md = ComparisonReport.markdown("c", "b", r, new Thresholds(), List.of());
    assertThat(md).contains("Judged over 5 baseline and 3 candidate run(s)").contains("| noise |");
  }

  @Test
  void aToleranceTighterThanTheNoiseBetweenRunsIsSaidAndNotUsed() {
    var base = runs(21, 3, 1.0);
    var cand = runs(22, 2, 1.0);
    Thresholds tight = Thresholds.parse(List.of("p50=1%"));
    Comparison.Finding p50 =
        ComparisonTest.finding(
            Comparison.compare(base, cand, tight, OPTIONS).findings(), Metric.P50);
    assertThat(p50.note()).startsWith("tolerance inside the noise between runs: judged at +");
    assertThat(p50.verdict()).isEqualTo(Comparison.Verdict.PASS);
  }

  @Test
  void tooFewRunsAreSaidPlainly() {
    var base = runs(31, 1, 1.0);
    var cand = runs(32, 2, 1.0);
    Comparison.Finding p99 =
        ComparisonTest.finding(
            Comparison.compare(base, cand, new Thresholds(), OPTIONS).findings(), Metric.P99);
    assertThat(p99.note()).startsWith("too few runs to judge");
    assertThat(p99.verdict()).isEqualTo(Comparison.Verdict.PASS);
  }

  @Test
  void aCalibrationMeasuresTheSpreadAndProposesTolerances() {
    Calibration c = Calibration.of(runs(41, 6, 1.0), OPTIONS);
    assertThat(c.runs()).isEqualTo(6);
    Calibration.Row p50 =
        c.rows().stream().filter(r -> r.metric() == Metric.P50).findFirst().orElseThrow();
    assertThat(p50.spread())
        .as("between-run spread of log p50, ~ the 10 %% CV")
        .isBetween(0.04, 0.2);
    assertThat(p50.floors()[0]).as("1 candidate run").isGreaterThan(p50.floors()[2]);
    assertThat(p50.proposed()).isGreaterThanOrEqualTo(Metric.P50.defaultTolerance);
    assertThat(c.thresholds(List.of("p50=3%")).of(Metric.P50)).isEqualTo(0.03);
    assertThat(c.thresholds(List.of()).of("search", Metric.P50)).isEqualTo(p50.proposed());
    assertThat(c.thresholds(List.of("search:p50=7%")).of("search", Metric.P50)).isEqualTo(0.07);
    assertThat(c.markdown())
        .contains("Noise floor from 6 identical runs")
        .contains("| search | p50 |");
  }

  /**
   * Mixed runs: plain searches steady between runs (CV 2 %), filtered searches noisy (CV 25 %), so
   * a calibration proposes a wide tolerance for filtered searches only.
   */
  private static List<Map<String, List<OperationIntervals.Interval>>> mixed(
      long seed, int n, double searchFactor) {
    SplittableRandom r = new SplittableRandom(seed);
    List<Map<String, List<OperationIntervals.Interval>>> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      double g1 =
          Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
      double g2 =
          Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
      out.add(
          Map.of(
              "search",
              ComparisonTest.run(r.nextLong(), searchFactor * Math.exp(0.02 * g1), 0).get("search"),
              "filtered search",
              ComparisonTest.run(r.nextLong(), Math.exp(0.25 * g2), 0).get("search")));
    }
    return out;
  }

  @Test
  void eachOperationIsJudgedAtItsOwnCalibratedToleranceSoANoisyOneDoesNotHideAQuietOnesSlowdown() {
    var baseline = mixed(51, 5, 1.0);
    Calibration c = Calibration.of(baseline, OPTIONS);
    Thresholds t = c.thresholds(List.of());
    double search = t.of("search", Metric.P50);
    double filtered = t.of("filtered search", Metric.P50);
    assertThat(filtered)
        .as("the noisy operation's own tolerance: wider than the slowdown to catch")
        .isGreaterThan(0.25);
    assertThat(search).as("the quiet operation keeps its own").isLessThan(0.25);

    var slower = mixed(52, 3, 1.25); // only plain searches 25 % slower
    Comparison.Result caught = Comparison.compare(baseline, slower, t, OPTIONS);
    assertThat(caught.regression()).isTrue();
    assertThat(caught.findings())
        .filteredOn(Comparison.Finding::regression)
        .extracting(f -> f.operation() + " " + f.metric().label)
        .contains("search p50")
        .allMatch(s -> s.startsWith("search "));
    Comparison.Finding p50 =
        caught.findings().stream()
            .filter(f -> f.operation().equals("search") && f.metric() == Metric.P50)
            .findFirst()
            .orElseThrow();
    assertThat(p50.tolerance()).isEqualTo(search);
    assertThat(ComparisonReport.markdown("slower", "base", caught, t, List.of()))
        .contains("| search | p50 |")
        .contains(Thresholds.describe(Metric.P50, search));

    for (long seed = 60; seed < 65; seed++) { // identical runs: the A/A set is not flagged
      Comparison.Result same = Comparison.compare(baseline, mixed(seed, 3, 1.0), t, OPTIONS);
      assertThat(same.regression()).as("A/A candidate, seed " + seed).isFalse();
    }
  }

  @Test
  void anOperationsOwnToleranceWinsAndAMetricsToleranceOverridesTheCalibration() {
    Calibration c = Calibration.of(mixed(71, 5, 1.0), OPTIONS);
    Thresholds t = c.thresholds(List.of("p50=30%", "search:p99=15%", "filtered search:p50=50%"));
    assertThat(t.of("search", Metric.P50)).as("the user's p50 for every operation").isEqualTo(0.30);
    assertThat(t.of("filtered search", Metric.P50)).isEqualTo(0.50);
    assertThat(t.of("search", Metric.P99)).isEqualTo(0.15);
    assertThat(Thresholds.parse(List.of("search:p99=off")).of("search", Metric.P99)).isNaN();
    assertThat(Thresholds.parse(List.of("search:p99=off")).of("upsert", Metric.P99))
        .isEqualTo(Metric.P99.defaultTolerance);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> Thresholds.parse(List.of(":p99=10%")))
        .hasMessageContaining("names no operation");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> Thresholds.parse(List.of("search:p98=10%")))
        .hasMessageContaining("unknown metric 'p98'");
  }
}
