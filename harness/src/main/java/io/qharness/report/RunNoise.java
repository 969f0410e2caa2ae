package io.qharness.report;

/**
 * How far one run of a workload commonly lands from an identical run: the allowance a verdict on
 * one run per side gives the noise between runs, which the run's own intervals cannot show. A
 * change worse than the tolerance but within this allowance is inconclusive ("repeat runs"), not a
 * regression.
 *
 * <p>Measured on real Qdrant 1.19 (3 local nodes sharing 2 cores with the injector, the default
 * mixed workload: 100 searches/s, 20 filtered searches/s, 10 upserts/s, 45 s measured after 10 s of
 * warm-up): 8 identical runs in a row, every pair of them compared (28 pairs, each operation of
 * each pair a sample), and the allowance set at the 95th percentile of the rises seen, so that
 * about one identical (pair, operation) in twenty shows a figure beyond it. Figures and method:
 * docs/regression-jobs.md. A calibrated baseline (3 runs or more) measures the noise of its own
 * cluster instead.
 */
final class RunNoise {
  private RunNoise() {}

  // 95th percentile of the rise between two identical runs (each pair taken the way it rose), over
  // 84 (pair, operation) samples, rounded up to 5 %: p50 39.5 %, p90 37.4 %, p99 43.2 %, p99.9
  // 73.5 %, server-p50 52.8 %, server-p99 39.1 %; throughput 0.2 % (an open model holds its rate);
  // errors and recall none (their tolerances decide).
  static final double THROUGHPUT = 0.05;
  static final double P50 = 0.40;
  static final double P90 = 0.40;
  static final double P99 = 0.45;
  static final double P999 = 0.75;
  static final double ERRORS = 0.005;
  static final double RECALL = 0.01;
  static final double SERVER_P50 = 0.55;
  static final double SERVER_P99 = 0.40;
}
