package io.qharness.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.qharness.workload.Quantization;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The analysis recovers what synthetic data was built with. */
public class CapacityAnalysisTest {
  /** Latency of an M/M/1-like service: flat, then rising steeply towards capacity 1000/s. */
  public static List<CapacityStep> steps(double errorFrom) {
    List<CapacityStep> out = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      double rate = 100 + 80 * i; // 100 .. 980
      double rho = rate / 1000;
      double p99 = 2 + 0.5 / (1 - rho); // ms: 2.6 at 100/s, 27 at 980/s
      double errors = rate >= errorFrom ? 0.05 : 0;
      out.add(
          new CapacityStep(
              i,
              rate,
              i * 10_000L,
              i * 10_000L + 8_000,
              rate * (1 - errors),
              1000,
              (long) (1000 * errors),
              errors,
              p99 / 3,
              p99 / 1.5,
              p99,
              p99 * 1.3,
              p99 * 2,
              0.97,
              null));
    }
    return out;
  }

  @Test
  void findsTheKneeOfAKnownCurve() {
    // Kneedle on (rate, p99) of the curve above: the point of maximum (x_n - y_n) is known
    // analytically
    List<CapacityStep> s = steps(Double.MAX_VALUE);
    double[] x = s.stream().mapToDouble(CapacityStep::achievedRate).toArray();
    double[] y = s.stream().mapToDouble(CapacityStep::p99Ms).toArray();
    int expected = 0;
    double best = -1;
    for (int i = 0; i < x.length; i++) {
      double d =
          (x[i] - x[0]) / (x[x.length - 1] - x[0]) - (y[i] - y[0]) / (y[y.length - 1] - y[0]);
      if (d > best) {
        best = d;
        expected = i;
      }
    }
    assertThat(Knee.find(x, y)).isEqualTo(expected);
    // and it sits where the curve bends: between 70 % and 95 % of capacity
    assertThat(x[Knee.find(x, y)]).isBetween(700.0, 950.0);
  }

  @Test
  void aFlatCurveHasNoKnee() {
    double[] x = {100, 200, 300, 400, 500};
    double[] y = {5.0, 5.3, 4.9, 5.4, 5.1};
    assertThat(Knee.find(x, y)).isEqualTo(-1);
  }

  @Test
  void maximumSustainableThroughputIsTheLastStepUnderTheSlo() {
    // p99 < 5 ms holds while 2 + 0.5 / (1 - rho) < 5, i.e. rho < 5/6: rates up to 820/s (step 10)
    CapacityAnalysis a =
        CapacityAnalysis.analyse(steps(Double.MAX_VALUE), new Slo(99, 5, 0.01, null), 3);
    assertThat(a.maxSustainableStep()).isEqualTo(9);
    assertThat(a.maxSustainableRate()).isEqualTo(820.0);
    assertThat(a.perNodeRate()).isCloseTo(820.0 / 3, within(1e-9));
    assertThat(a.provenance().get(0)).contains("step 10").contains("step 11 missed: p99");
    assertThat(a.stepVerdicts().get(10)).startsWith("p99");
  }

  @Test
  void errorsAndRecallFloorsBoundTheSustainableThroughputToo() {
    CapacityAnalysis errors = CapacityAnalysis.analyse(steps(500), new Slo(99, 50, 0.01, null), 3);
    assertThat(errors.maxSustainableRate()).isEqualTo(420.0); // step at 500/s has 5 % errors
    CapacityAnalysis recall =
        CapacityAnalysis.analyse(steps(Double.MAX_VALUE), new Slo(99, 50, 0.01, 0.99), 3);
    assertThat(recall.maxSustainableStep()).isEqualTo(-1);
    assertThat(recall.provenance().get(0)).contains("no step met the SLO").contains("recall");
  }

  @Test
  void uslFitRecoversAKnownCurve() {
    Usl truth = new Usl(1000, 0.05, 0.002, 1, 0);
    double[] n = {1, 2, 3, 4, 6, 8, 12, 16};
    double[] x = new double[n.length];
    SplittableRandom r = new SplittableRandom(3);
    for (int i = 0; i < n.length; i++) {
      x[i] = truth.predict(n[i]) * (1 + (r.nextDouble() - 0.5) * 0.01); // +-0.5 % noise
    }
    Usl fit = Usl.fit(n, x);
    assertThat(fit.lambda()).isCloseTo(1000, within(20.0));
    assertThat(fit.sigma()).isCloseTo(0.05, within(0.01));
    assertThat(fit.kappa()).isCloseTo(0.002, within(0.0005));
    assertThat(fit.r2()).isGreaterThan(0.99);
    assertThat(fit.peakN()).isCloseTo(truth.peakN(), within(2.0));
    assertThat(fit.nodesFor(truth.predict(5))).isBetween(4, 6);
  }

  @Test
  void twoNodeCountsFitContentionOnlyAndOneIsNoFit() {
    // Amdahl with lambda 10/s and sigma 0.1: X(3) = 30 / 1.2 = 25, X(4) = 40 / 1.3 = 30.77
    Usl two = Usl.fit(new double[] {3, 4}, new double[] {25, 40 / 1.3});
    assertThat(two.lambda()).isCloseTo(10, within(1e-6));
    assertThat(two.sigma()).isCloseTo(0.1, within(1e-6));
    assertThat(two.kappa()).isZero();
    assertThat(two.points()).isEqualTo(2);
    assertThatThrownBy(() -> Usl.fit(new double[] {3, 3}, new double[] {10, 11}))
        .hasMessageContaining("2 or more node counts");
    // throughput fell as a node was added (every node on one machine): no curve, and why
    assertThatThrownBy(() -> Usl.fit(new double[] {4, 3}, new double[] {199.8, 599.9}))
        .hasMessageContaining("capacity fell from 599.9/s at 3 nodes to 199.8/s at 4")
        .hasMessageContaining("contention, not capacity");
  }

  @Test
  void projectionStatesItsFormulaAndTakesTheLargerNeed() {
    // 20 M x 768 floats x 1.5 x 2 replicas = 172 GiB: 3 nodes of 64 GiB; throughput 5000 / 900 per
    // node: 6 nodes
    Projection.Result p =
        Projection.project(
            5000, 20_000_000, 768, 2, Quantization.NONE, null, 64.0 * (1L << 30), 900, null);
    assertThat(p.memoryBytes()).isEqualTo(20_000_000.0 * 768 * 4 * 1.5 * 2);
    assertThat(p.nodesForMemory()).isEqualTo(3);
    assertThat(p.nodesForThroughput()).isEqualTo(6);
    assertThat(p.nodes()).isEqualTo(6);
    assertThat(p.formula())
        .contains("x 1.5")
        .contains("replication 2")
        .contains("Qdrant capacity-planning guide");
    assertThat(p.throughputBasis()).contains("linear").contains("optimistic");
    Projection.Result scalar =
        Projection.project(
            100, 20_000_000, 768, 2, Quantization.SCALAR, null, 16.0 * (1L << 30), 900, null);
    assertThat(scalar.memoryBytes()).isEqualTo(20_000_000.0 * 768 * 1 * 1.5 * 2);
    assertThat(scalar.nodesForMemory()).isEqualTo(3);
    Usl usl = new Usl(1000, 0.1, 0.01, 0.99, 4);
    Projection.Result unreachable =
        Projection.project(1e6, 1000, 8, 1, Quantization.NONE, null, 1 << 30, 900, usl);
    assertThat(unreachable.nodes()).isEqualTo(-1);
    assertThat(unreachable.throughputBasis()).contains("USL fit");
  }

  @Test
  void projectionUsesTheMeasuredBytesPerPointWhenTheRunMeasuredThem() {
    // 10 M points x 3,000 B measured x 2 replicas = 55.9 GiB: 4 nodes of 16 GiB, where the rule of
    // thumb (128-d: 768 B x 2) would say 2
    Projection.Result p =
        Projection.project(
            100, 10_000_000, 128, 2, Quantization.NONE, 3000.0, 16.0 * (1L << 30), 900, null);
    assertThat(p.memoryBytes()).isEqualTo(10_000_000.0 * 3000 * 2);
    assertThat(p.nodesForMemory()).isEqualTo(4);
    assertThat(p.formula()).contains("3,000 bytes per stored point").contains("measured");
    assertThat(p.measuredBytesPerPoint()).isEqualTo(3000.0);
  }
}
