package io.qharness.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.qharness.report.render.ComparisonReport;
import io.qharness.results.Json;
import io.qharness.results.RunFile;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.HdrHistogram.Histogram;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;

/** The regression verdict on synthetic runs whose truth is known. */
class ComparisonTest {
  private static RunFile run(String json) throws IOException {
    return Json.MAPPER.readValue(json, RunFile.class);
  }

  /** 60 one-second intervals of 200 lognormal latencies (median 2 ms), scaled by {@code factor}. */
  static Map<String, List<OperationIntervals.Interval>> run(
      long seed, double factor, double errorRate) {
    SplittableRandom r = new SplittableRandom(seed);
    List<OperationIntervals.Interval> intervals = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      Histogram ok = new Histogram(3);
      Histogram recall = new Histogram(3);
      long errors = 0;
      for (int j = 0; j < 200; j++) {
        if (r.nextDouble() < errorRate) {
          errors++;
          continue;
        }
        double gaussian =
            Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
        ok.recordValue((long) (2000 * Math.exp(0.5 * gaussian) * factor));
        recall.recordValue(900 + r.nextInt(101));
      }
      intervals.add(
          new OperationIntervals.Interval(i * 1000L, (i + 1) * 1000L, ok, errors, recall));
    }
    return Map.of("search", intervals);
  }

  /** One run against one, judged on the runs' own intervals alone ({@code --run-noise off}). */
  static List<Comparison.Finding> compare(
      Map<String, List<OperationIntervals.Interval>> a,
      Map<String, List<OperationIntervals.Interval>> b) {
    return Comparison.compare(a, b, strict(), new Comparison.Options(500, 7, 5));
  }

  private static Thresholds strict() {
    return new Thresholds().runNoise(List.of("off"));
  }

  static Comparison.Finding finding(List<Comparison.Finding> fs, Metric m) {
    return fs.stream().filter(f -> f.metric() == m).findFirst().orElseThrow();
  }

  @Test
  void identicalDistributionsPass() {
    List<Comparison.Finding> fs = compare(run(1, 1.0, 0), run(1, 1.0, 0));
    assertThat(Comparison.anyRegression(fs)).isFalse();
    assertThat(finding(fs, Metric.P99).change()).isEqualTo(0.0);
  }

  @Test
  void aTwentyPercentP99ShiftIsFlagged() {
    List<Comparison.Finding> fs = compare(run(1, 1.0, 0), run(2, 1.2, 0));
    Comparison.Finding p99 = finding(fs, Metric.P99);
    assertThat(p99.verdict()).isEqualTo(Comparison.Verdict.REGRESSION);
    assertThat(p99.change()).isBetween(0.12, 0.28);
    assertThat(p99.ciLow()).isGreaterThan(0);
    assertThat(finding(fs, Metric.THROUGHPUT).verdict()).isEqualTo(Comparison.Verdict.PASS);
  }

  @Test
  void warmUpOperationsAreNeverJudged() {
    Map<String, List<OperationIntervals.Interval>> base = new HashMap<>(run(1, 1.0, 0));
    Map<String, List<OperationIntervals.Interval>> slow = new HashMap<>(run(2, 1.0, 0));
    base.put("warm-up search", run(3, 1.0, 0).get("search"));
    slow.put("warm-up search", run(4, 3.0, 0).get("search")); // a cold start three times slower
    List<Comparison.Finding> fs = compare(base, slow);
    assertThat(Comparison.anyRegression(fs)).isFalse();
    assertThat(fs)
        .filteredOn(f -> f.operation().equals("warm-up search"))
        .singleElement()
        .satisfies(f -> assertThat(f.note()).isEqualTo("warm-up: not judged"));
  }

  @Test
  void aBusyInjectorOrATestDoubleTargetIsACaveatUnderTheTable() throws Exception {
    RunFile base =
        run(
            "{\"target\":{\"kind\":\"qdrant\"},\"injectorProcess\":{\"busyShare\":0.85,\"busyIntervals\":[]}}");
    RunFile cand =
        run(
            "{\"target\":{\"kind\":\"embedded-test-double\"},\"injectorProcess\":{\"busyShare\":0.85,\"busyIntervals\":[\"10-15"
                + " s\",\"15-20 s\"]}}");
    assertThat(RegressionCheck.caveats("baseline", "nightly", base)).isEmpty();
    List<String> caveats = RegressionCheck.caveats("candidate", "pr-7", cand);
    assertThat(caveats)
        .containsExactly(
            "candidate `pr-7`: the injector process used at least 85% of its machine's cores in 2"
                + " reporting interval(s); latencies there may include the injector's own queueing",
            "candidate `pr-7` ran against qharness's test double (embedded-test-double): its"
                + " figures are not Qdrant's performance");
    String md =
        ComparisonReport.markdown(
            "pr-7",
            "nightly",
            new Comparison.Result(
                compare(run(1, 1.0, 0), run(2, 1.0, 0)), Comparison.Basis.INTERVALS, 1, 1, 0),
            new Thresholds(),
            caveats);
    assertThat(md)
        .contains("\n**Caveats**\n\n- candidate `pr-7`: the injector process used at least 85%");
  }

  @Test
  void pureNoiseDoesNotFalseAlarmInRepeatedSeededTrials() {
    int alarms = 0;
    for (int trial = 0; trial < 20; trial++) {
      List<Comparison.Finding> fs =
          compare(run(100 + trial, 1.0, 0.002), run(200 + trial, 1.0, 0.002));
      if (Comparison.anyRegression(fs)) {
        alarms++;
      }
    }
    assertThat(alarms).as("false alarms in 20 trials of pure noise").isZero();
  }

  @Test
  void aBetterCandidateIsNotARegressionAndSaysSo() {
    List<Comparison.Finding> fs = compare(run(1, 1.0, 0), run(2, 0.7, 0));
    assertThat(Comparison.anyRegression(fs)).isFalse();
    assertThat(finding(fs, Metric.P99).note()).isEqualTo("improved");
  }

  @Test
  void errorRateRiseBeyondTolerancesIsFlagged() {
    List<Comparison.Finding> fs = compare(run(1, 1.0, 0.001), run(2, 1.0, 0.05));
    assertThat(finding(fs, Metric.ERRORS).verdict()).isEqualTo(Comparison.Verdict.REGRESSION);
  }

  @Test
  void tolerancesAreConfigurableAndOffMeansNotJudged() {
    Thresholds t = Thresholds.parse(List.of("p99=30%", "p50=off", "p90=50%", "p99.9=50%"));
    List<Comparison.Finding> fs =
        Comparison.compare(run(1, 1.0, 0), run(2, 1.2, 0), t, new Comparison.Options(500, 7, 5));
    assertThat(Comparison.anyRegression(fs)).isFalse();
    assertThat(finding(fs, Metric.P50).verdict()).isEqualTo(Comparison.Verdict.REPORTED);
  }

  @Test
  void badThresholdsAreRefusedWithTheAllowedForms() {
    Assertions.assertThatThrownBy(() -> Thresholds.parse(List.of("p98=10%")))
        .hasMessageContaining("unknown metric 'p98'")
        .hasMessageContaining("p99.9");
    Assertions.assertThatThrownBy(() -> Thresholds.parse(List.of("p99=ten")))
        .hasMessageContaining("not a number");
    Assertions.assertThatThrownBy(() -> Thresholds.parse(List.of("p99")))
        .hasMessageContaining("metric=value");
  }

  @Test
  void mismatchedWorkloadsAreListed() throws Exception {
    RunFile a =
        run(
            "{\"workload\":\"W\",\"target\":{\"kind\":\"qdrant\"},\"config\":{\"searchRate\":\"100\",\"hosts\":\"a:1\",\"runId\":\"x\"}}");
    RunFile b =
        run(
            "{\"workload\":\"W\",\"target\":{\"kind\":\"qdrant\"},\"config\":{\"searchRate\":\"200\",\"hosts\":\"b:1\",\"runId\":\"y\",\"topK\":\"100\"}}");
    assertThat(Comparison.workloadDifferences(a, b))
        .containsExactly(
            "searchRate: baseline 100, candidate 200", "topK: baseline (unset), candidate 100");
    assertThat(Comparison.workloadDifferences(a, a)).isEmpty();
  }

  @Test
  void junitAndMarkdownCarryEveryFinding() {
    List<Comparison.Finding> fs = compare(run(1, 1.0, 0), run(2, 1.2, 0));
    String xml = ComparisonReport.junit("cand", "base", fs, strict());
    assertThat(xml)
        .contains("tests=\"" + fs.size() + "\"")
        .contains("<testcase classname=\"qharness.search\" name=\"p99\">")
        .contains("<failure message=\"search p99 regressed");
    String md = ComparisonReport.markdown("cand", "base", fs, strict());
    assertThat(md).contains("| search | p99 |").contains("**REGRESSION**");
  }

  @Test
  void oneRunAgainstOneCallsAChangeWithinTheNoiseBetweenRunsInconclusive() {
    Thresholds t = new Thresholds().runNoise(List.of("p50=30%", "p90=30%", "p99=30%"));
    List<Comparison.Finding> fs =
        Comparison.compare(run(1, 1.0, 0), run(2, 1.2, 0), t, new Comparison.Options(500, 7, 5));
    Comparison.Finding p50 = finding(fs, Metric.P50);
    assertThat(p50.verdict()).isEqualTo(Comparison.Verdict.INCONCLUSIVE);
    assertThat(p50.regression()).isFalse();
    assertThat(p50.note())
        .isEqualTo(
            "identical runs commonly differ by up to 30%; repeat the runs (run --repeat 3) to"
                + " judge it");
    assertThat(Comparison.anyRegression(fs)).as("exit 0").isFalse();
    String md = ComparisonReport.markdown("cand", "base", fs, t);
    assertThat(md)
        .startsWith("## qharness compare: no regression, ")
        .contains("inconclusive: within the noise between identical runs, repeat the runs")
        .contains("| search | p50 |")
        .contains("**inconclusive**: identical runs commonly differ by up to 30%");
    assertThat(ComparisonReport.junit("cand", "base", fs, t))
        .contains("<testcase classname=\"qharness.search\" name=\"p50\">")
        .contains("<skipped message=\"baseline ")
        .doesNotContain("<failure");
  }

  @Test
  void aFiftyPercentShiftIsStillARegressionOneRunAgainstOne() {
    List<Comparison.Finding> fs =
        Comparison.compare(
            run(1, 1.0, 0), run(2, 1.5, 0), new Thresholds(), new Comparison.Options(500, 7, 5));
    assertThat(finding(fs, Metric.P50).verdict()).isEqualTo(Comparison.Verdict.REGRESSION);
    assertThat(Comparison.anyRegression(fs)).isTrue();
  }

  @Test
  void runNoiseIsRefusedWhenUnreadable() {
    Assertions.assertThatThrownBy(() -> new Thresholds().runNoise(List.of("p99")))
        .hasMessageContaining("is not metric=change");
    Assertions.assertThatThrownBy(() -> new Thresholds().runNoise(List.of("p98=10%")))
        .hasMessageContaining("unknown metric 'p98'");
    assertThat(new Thresholds().runNoise(List.of("off")).runNoise(Metric.P50)).isNaN();
  }
}
