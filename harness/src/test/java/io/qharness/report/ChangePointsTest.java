package io.qharness.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.qharness.metrics.OperationSummary;
import io.qharness.metrics.RunSummary;
import io.qharness.report.render.HistoryReport;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Change points in nightly series whose shifts are known. */
class ChangePointsTest {
  private static double[] series(long seed, double... levels) {
    SplittableRandom r = new SplittableRandom(seed);
    double[] x = new double[levels.length];
    for (int i = 0; i < x.length; i++) {
      x[i] = levels[i] * (1 + 0.05 * (r.nextDouble() * 2 - 1)); // ±5 % noise
    }
    return x;
  }

  private static double[] steps(int n1, double v1, int n2, double v2) {
    double[] l = new double[n1 + n2];
    for (int i = 0; i < l.length; i++) {
      l[i] = i < n1 ? v1 : v2;
    }
    return l;
  }

  @Test
  void aStepIsFoundAtItsRun() {
    List<ChangePoints.ChangePoint> cps =
        ChangePoints.find(series(1, steps(12, 10, 8, 13)), ChangePoints.Options.defaults());
    assertThat(cps).hasSize(1);
    assertThat(cps.get(0).index()).isEqualTo(12);
    assertThat(cps.get(0).relativeChange()).isBetween(0.25, 0.35);
    assertThat(cps.get(0).pValue()).isLessThan(0.05);
  }

  @Test
  void twoStepsAreBothFound() {
    double[] levels = new double[30];
    for (int i = 0; i < 30; i++) {
      levels[i] = i < 10 ? 10 : i < 20 ? 14 : 10;
    }
    List<ChangePoints.ChangePoint> cps =
        ChangePoints.find(series(2, levels), ChangePoints.Options.defaults());
    assertThat(cps).extracting(ChangePoints.ChangePoint::index).containsExactly(10, 20);
  }

  @Test
  void noiseAloneHasNoChangePointInMostSeries() {
    int found = 0;
    for (int seed = 0; seed < 40; seed++) {
      double[] flat = new double[20];
      Arrays.fill(flat, 10);
      found += ChangePoints.find(series(100 + seed, flat), ChangePoints.Options.defaults()).size();
    }
    assertThat(found).as("change points in 40 flat series at 5 %").isLessThanOrEqualTo(5);
  }

  @Test
  void theHistoryReportsTheShiftWithItsRunsAndDirection() {
    List<History.Point> points = new ArrayList<>();
    double[] p50 = series(3, steps(8, 10_000, 6, 12_500));
    for (int i = 0; i < p50.length; i++) {
      points.add(new History.Point("night-" + (i + 1), List.of(summary((long) p50[i]))));
    }
    History h = History.of(points, ChangePoints.Options.defaults(), 0.05);
    History.Series s =
        h.series().stream().filter(x -> x.metric() == Metric.P50).findFirst().orElseThrow();
    assertThat(s.changes()).hasSize(1);
    assertThat(h.points().get(s.changes().get(0).index())).isEqualTo("night-9");
    assertThat(h.latestRegressed()).isTrue();
    assertThat(HistoryReport.markdown(h))
        .contains("| search | p50 | night-9 |")
        .contains("**worse**");
    assertThat(HistoryReport.html(h)).contains("<svg").contains("worse +");
  }

  private static RunSummary summary(long p50Micros) {
    OperationSummary o =
        new OperationSummary(
            "search",
            "INTENDED_START",
            1000,
            0,
            0.0,
            100.0,
            10.0,
            p50Micros,
            p50Micros * 2,
            p50Micros * 3,
            p50Micros * 4,
            p50Micros * 5,
            p50Micros,
            null,
            null,
            null,
            0,
            0,
            0,
            0,
            0.0,
            List.of(),
            null,
            null);
    return new RunSummary(0, 10_000, List.of(), List.of(o));
  }
}
