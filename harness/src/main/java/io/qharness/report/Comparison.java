package io.qharness.report;

import io.qharness.config.Catalog;
import io.qharness.config.Setting;
import io.qharness.metrics.OperationMetrics;
import io.qharness.results.RunFile;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.HdrHistogram.Histogram;

/**
 * Regression verdicts with noise accounted for, on one of two bases.
 *
 * <p>{@link Basis#RUNS} (several runs on a side): each run is one sample, as in Kalibera and Jones'
 * random-effects view of repeated benchmarks, because identical runs differ by more than the
 * intervals inside one run do. Per-run figures (log scale for latency and throughput) are compared
 * with a pooled-variance t statistic: the noise between runs comes from the runs of both sides, and
 * the bound a change must pass is the one-sided t quantile at a family-wise 5 % over every judged
 * metric (Bonferroni). A metric regresses when its change is worse than both its tolerance and that
 * noise bound.
 *
 * <p>{@link Basis#INTERVALS} (one run per side): a bootstrap resamples each run's reporting
 * intervals (merging their histograms, so tail percentiles come from real counts) for a 95 %
 * interval; a metric regresses when its change is worse than its tolerance, the interval excludes
 * no change, and the change is beyond what identical runs commonly differ by ({@link RunNoise});
 * worse than the tolerance but within that, it is inconclusive.
 */
public final class Comparison {
  /** Settings that say where and how a run was observed, not what the workload was. */
  static final Set<String> NOT_WORKLOAD =
      Stream.of(
              Catalog.CONFIG,
              Catalog.HOSTS,
              Catalog.API_KEY,
              Catalog.TLS,
              Catalog.CA_FILE,
              Catalog.COLLECTION,
              Catalog.MAX_ERROR_PCT,
              Catalog.P99_MS,
              Catalog.REPORT_INTERVAL,
              Catalog.PROGRESS,
              Catalog.PUSHGATEWAY,
              Catalog.PUSH_JOB,
              Catalog.PUSH_INSTANCE,
              Catalog.PUSH_KEEP,
              Catalog.PUSH_DELETE_DELAY,
              Catalog.RESULTS_DIR,
              Catalog.CACHE_DIR,
              Catalog.RUN_ID,
              Catalog.TEST_CLUSTER_NODES,
              Catalog.KERNEL,
              Catalog.GATLING_JAVA_OPTS,
              Catalog.GATLING_STATS, // who counts the responses, not what the cluster is sent
              // the same total load, sent by one injector or shared out by several
              Catalog.INJECTORS,
              Catalog.INJECTOR_INDEX,
              Catalog.START_AT)
          .map(Setting::name)
          .collect(Collectors.toUnmodifiableSet());

  /** What one metric of one operation did. */
  public record Finding(
      String operation,
      Metric metric,
      double baseline,
      double candidate,
      double change,
      double ciLow,
      double ciHigh,
      double tolerance,
      double noise,
      Verdict verdict,
      String note) {
    public boolean regression() {
      return verdict == Verdict.REGRESSION;
    }

    public boolean inconclusive() {
      return verdict == Verdict.INCONCLUSIVE;
    }

    /** A whole operation left unjudged, and why. */
    static Finding skipped(String operation, String why) {
      return skipped(operation, Metric.P99, Double.NaN, why);
    }

    /** One metric left unjudged, and why. */
    static Finding skipped(String operation, Metric metric, double tolerance, String why) {
      return new Finding(
          operation,
          metric,
          Double.NaN,
          Double.NaN,
          Double.NaN,
          Double.NaN,
          Double.NaN,
          tolerance,
          Double.NaN,
          Verdict.SKIPPED,
          why);
    }
  }

  /** What the verdicts weighed the changes against. */
  public enum Basis {
    /** Several runs on a side: each run is a sample; the noise between runs is measured. */
    RUNS,
    /** One run per side: reporting intervals are the samples; the noise between runs is unknown. */
    INTERVALS
  }

  /**
   * Every finding, with the basis they were judged on.
   *
   * @param judged metrics judged on the runs basis (the Bonferroni divisor); 0 on intervals
   */
  public record Result(
      List<Finding> findings, Basis basis, int baselineRuns, int candidateRuns, int judged) {
    public boolean regression() {
      return anyRegression(findings);
    }
  }

  /** The family-wise false-alarm rate of a verdict on the runs basis. */
  public static final double FAMILY_ALPHA = 0.05;

  /** The outcome of one finding. */
  public enum Verdict {
    PASS,
    REGRESSION,
    /** Shown for information: the metric has no tolerance. */
    REPORTED,
    /**
     * One run per side: worse than the tolerance, but within what the noise between identical runs
     * commonly makes ({@link Thresholds#runNoise}); repeat the runs to judge it.
     */
    INCONCLUSIVE,
    /** Could not be judged (too few intervals, or the figure is missing in a run). */
    SKIPPED
  }

  /**
   * Options: bootstrap resamples, the seed (verdicts are reproducible), trimming of edge intervals.
   */
  public record Options(int resamples, long seed, int minIntervals) {
    public static Options defaults() {
      return new Options(1000, 1, 5);
    }
  }

  private Comparison() {}

  /**
   * Differences between two runs' workload definitions (workload class, target kind, and every
   * setting that shapes the load), as "name: baseline X, candidate Y" lines; empty when comparable.
   */
  public static List<String> workloadDifferences(RunFile baselineRun, RunFile candidateRun) {
    return workloadDifferences(baselineRun, "baseline", candidateRun, "candidate");
  }

  /**
   * As {@link #workloadDifferences(RunFile, RunFile)}, naming the two runs {@code nameA} and {@code
   * nameB}.
   */
  public static List<String> workloadDifferences(
      RunFile runA, String nameA, RunFile runB, String nameB) {
    List<String> out = new ArrayList<>();
    diff(out, "workload", runA.workload(), nameA, runB.workload(), nameB);
    diff(out, "target kind", kind(runA), nameA, kind(runB), nameB);
    Map<String, String> a = runA.config() == null ? Map.of() : runA.config();
    Map<String, String> b = runB.config() == null ? Map.of() : runB.config();
    Set<String> keys = new TreeSet<>();
    keys.addAll(a.keySet());
    keys.addAll(b.keySet());
    for (String k : keys) {
      if (!NOT_WORKLOAD.contains(k)) {
        diff(out, k, a.get(k), nameA, b.get(k), nameB);
      }
    }
    return out;
  }

  private static String kind(RunFile r) {
    return r.target() == null || r.target().kind() == null ? null : r.target().kind().json();
  }

  private static void diff(
      List<String> out, String name, String a, String nameA, String b, String nameB) {
    String x = a == null ? "(unset)" : a;
    String y = b == null ? "(unset)" : b;
    if (!x.equals(y)) {
      out.add(name + ": " + nameA + " " + x + ", " + nameB + " " + y);
    }
  }

  /** Judges every operation of one baseline run and one candidate run, on reporting intervals. */
  public static List<Finding> compare(
      Map<String, List<OperationIntervals.Interval>> baseline,
      Map<String, List<OperationIntervals.Interval>> candidate,
      Thresholds thresholds,
      Options options) {
    return compare(List.of(baseline), List.of(candidate), thresholds, options).findings();
  }

  /**
   * Judges every operation present on both sides: on the runs basis when a side has several runs,
   * on reporting intervals when each has one.
   */
  public static Result compare(
      List<Map<String, List<OperationIntervals.Interval>>> baselineRuns,
      List<Map<String, List<OperationIntervals.Interval>>> candidateRuns,
      Thresholds thresholds,
      Options options) {
    if (baselineRuns.size() == 1 && candidateRuns.size() == 1) {
      return new Result(
          compareIntervals(baselineRuns.get(0), candidateRuns.get(0), thresholds, options),
          Basis.INTERVALS,
          1,
          1,
          0);
    }
    return RunsVerdict.compare(baselineRuns, candidateRuns, thresholds, options);
  }

  private static List<Finding> compareIntervals(
      Map<String, List<OperationIntervals.Interval>> baseline,
      Map<String, List<OperationIntervals.Interval>> candidate,
      Thresholds thresholds,
      Options options) {
    List<Finding> out = new ArrayList<>();
    Set<String> ops = new TreeSet<>(baseline.keySet());
    ops.addAll(candidate.keySet());
    for (String op : ops) {
      if (op.startsWith(Catalog.WARMUP_PREFIX)) {
        out.add(Finding.skipped(op, "warm-up: not judged"));
        continue;
      }
      List<OperationIntervals.Interval> a = steady(baseline.get(op), options.minIntervals());
      List<OperationIntervals.Interval> b = steady(candidate.get(op), options.minIntervals());
      if (a == null || b == null) {
        String missing =
            a == null && b == null ? "both runs" : a == null ? "the baseline" : "the candidate";
        String note =
            (baseline.containsKey(op) && candidate.containsKey(op))
                ? "fewer than "
                    + options.minIntervals()
                    + " reporting intervals in "
                    + missing
                    + "; run longer or lower reportInterval"
                : "only in " + (baseline.containsKey(op) ? "the baseline" : "the candidate");
        out.add(Finding.skipped(op, note));
        continue;
      }
      out.addAll(compareOperation(op, a, b, thresholds, options));
    }
    return out;
  }

  /**
   * The steady part of an operation: without its first and last (partial) intervals; null if too
   * short.
   */
  static List<OperationIntervals.Interval> steady(
      List<OperationIntervals.Interval> intervals, int minIntervals) {
    if (intervals == null) {
      return null;
    }
    List<OperationIntervals.Interval> active = new ArrayList<>();
    for (OperationIntervals.Interval i : intervals) {
      if (i.ok().getTotalCount() + i.errors() > 0) {
        active.add(i);
      }
    }
    if (active.size() >= minIntervals + 2) {
      active = active.subList(1, active.size() - 1);
    }
    return active.size() < minIntervals ? null : active;
  }

  /**
   * Each metric's change from a to b in every bootstrap resample of the intervals (the same
   * resamples for all metrics, seeded per operation so a comparison repeats exactly).
   */
  private static double[][] bootstrapChanges(
      String op,
      List<OperationIntervals.Interval> a,
      List<OperationIntervals.Interval> b,
      Options options) {
    Metric[] metrics = Metric.values();
    double[][] changes = new double[metrics.length][options.resamples()];
    SplittableRandom random = new SplittableRandom(options.seed() ^ op.hashCode());
    int[] ia = new int[a.size()];
    int[] ib = new int[b.size()];
    for (int r = 0; r < options.resamples(); r++) {
      for (int i = 0; i < ia.length; i++) {
        ia[i] = random.nextInt(ia.length);
      }
      for (int i = 0; i < ib.length; i++) {
        ib[i] = random.nextInt(ib.length);
      }
      double[] sa = stats(a, ia);
      double[] sb = stats(b, ib);
      for (Metric m : metrics) {
        changes[m.ordinal()][r] = change(m, sa[m.ordinal()], sb[m.ordinal()]);
      }
    }
    return changes;
  }

  private static List<Finding> compareOperation(
      String op,
      List<OperationIntervals.Interval> a,
      List<OperationIntervals.Interval> b,
      Thresholds thresholds,
      Options options) {
    Metric[] metrics = Metric.values();
    double[] pointA = stats(a, identity(a.size()));
    double[] pointB = stats(b, identity(b.size()));
    double[][] changes = bootstrapChanges(op, a, b, options);
    List<Finding> out = new ArrayList<>();
    for (Metric m : metrics) {
      double base = pointA[m.ordinal()];
      double cand = pointB[m.ordinal()];
      double tolerance = thresholds.of(op, m);
      if (Double.isNaN(base) || Double.isNaN(cand)) {
        if (!m.optional()) { // recall or server time absent for this operation: say nothing
          out.add(
              new Finding(
                  op,
                  m,
                  base, // the side that has it still shows its value
                  cand,
                  Double.NaN,
                  Double.NaN,
                  Double.NaN,
                  tolerance,
                  Double.NaN,
                  Verdict.SKIPPED,
                  "missing in a run"));
        }
        continue;
      }
      double change = change(m, base, cand);
      double[] c =
          Arrays.stream(changes[m.ordinal()]).filter(x -> !Double.isNaN(x)).sorted().toArray();
      double lo = c.length == 0 ? Double.NaN : c[(int) Math.floor(0.025 * (c.length - 1))];
      double hi = c.length == 0 ? Double.NaN : c[(int) Math.ceil(0.975 * (c.length - 1))];
      Verdict verdict;
      String note = "";
      long fewest = Math.min(calls(a, m), calls(b, m));
      if (Double.isNaN(tolerance)) {
        verdict = Verdict.REPORTED;
      } else if (fewest < m.minSamples()) {
        // as on the runs basis: p99.9 of 4,500 calls is their 4 or 5 slowest, which differ
        // between identical runs by more than any tolerance
        verdict = Verdict.REPORTED;
        note =
            String.format(
                Locale.ROOT,
                "not judged: %d calls in a run, %s needs %d (run longer or faster)",
                fewest,
                m.label,
                m.minSamples());
      } else {
        // "worse" measured so that positive is bad, whatever the metric's direction
        double worse = m.higherIsWorse() ? change : -change;
        double worseLow = m.higherIsWorse() ? lo : -hi;
        boolean significant = worseLow > 0;
        double runNoise = thresholds.runNoise(m);
        if (worse > tolerance && significant && worse <= runNoise) {
          verdict = Verdict.INCONCLUSIVE;
          note =
              "identical runs commonly differ by up to "
                  + Thresholds.describe(m, runNoise).substring(1)
                  + "; repeat the runs (run --repeat 3) to judge it";
        } else if (worse > tolerance && significant) {
          verdict = Verdict.REGRESSION;
        } else {
          verdict = Verdict.PASS;
          if (worse > tolerance) {
            note = "beyond tolerance but within noise";
          } else if (-worse > tolerance && (m.higherIsWorse() ? hi < 0 : lo > 0)) {
            note = "improved";
          }
        }
      }
      out.add(new Finding(op, m, base, cand, change, lo, hi, tolerance, Double.NaN, verdict, note));
    }
    return out;
  }

  /** The calls over the intervals that a figure of {@code m} is computed from. */
  private static long calls(List<OperationIntervals.Interval> intervals, Metric m) {
    long n = 0;
    for (OperationIntervals.Interval i : intervals) {
      n += Double.isNaN(m.serverPercentile()) ? i.ok().getTotalCount() : i.server().getTotalCount();
    }
    return n;
  }

  private static double change(Metric m, double base, double cand) {
    if (Double.isNaN(base) || Double.isNaN(cand)) {
      return Double.NaN;
    }
    if (m.relative()) {
      return base == 0 ? (cand == 0 ? 0 : Double.POSITIVE_INFINITY) : cand / base - 1;
    }
    return cand - base;
  }

  private static int[] identity(int n) {
    int[] idx = new int[n];
    for (int i = 0; i < n; i++) {
      idx[i] = i;
    }
    return idx;
  }

  /**
   * Every metric over the chosen intervals (with repetition), indexed by {@link Metric#ordinal()}.
   */
  /**
   * Where {@link #runFigures} keeps, after the metrics, a run's successful and server-timed calls.
   */
  static final int OK_SAMPLES = Metric.values().length;

  static final int SERVER_SAMPLES = OK_SAMPLES + 1;

  /** The calls a run's figure of {@code m} was computed from. */
  static double samples(double[] runFigures, Metric m) {
    return Double.isNaN(m.serverPercentile()) ? runFigures[OK_SAMPLES] : runFigures[SERVER_SAMPLES];
  }

  /**
   * One run's figures for an operation, as a sample of the runs basis: latency, errors and recall
   * over every interval it was active in, throughput over the full ones only (it starts and stops
   * inside the first and last, so their rate is diluted by how the run fell on the interval grid);
   * then the sample counts ({@link #OK_SAMPLES}, {@link #SERVER_SAMPLES}). Null when it was active
   * in fewer than {@code minIntervals}.
   */
  static double[] runFigures(List<OperationIntervals.Interval> intervals, int minIntervals) {
    if (intervals == null) {
      return null;
    }
    List<OperationIntervals.Interval> active = new ArrayList<>();
    for (OperationIntervals.Interval i : intervals) {
      if (i.ok().getTotalCount() + i.errors() > 0) {
        active.add(i);
      }
    }
    if (active.size() < minIntervals) {
      return null;
    }
    double[] s = stats(active, identity(active.size()));
    List<OperationIntervals.Interval> full =
        active.size() >= 3 ? active.subList(1, active.size() - 1) : active;
    long ok = 0;
    double seconds = 0;
    for (OperationIntervals.Interval i : full) {
      ok += i.ok().getTotalCount();
      seconds += i.seconds();
    }
    s[Metric.THROUGHPUT.ordinal()] = ok / seconds;
    double[] out = Arrays.copyOf(s, SERVER_SAMPLES + 1);
    for (OperationIntervals.Interval i : active) {
      out[OK_SAMPLES] += i.ok().getTotalCount();
      out[SERVER_SAMPLES] += i.server().getTotalCount();
    }
    return out;
  }

  static double[] stats(List<OperationIntervals.Interval> intervals, int[] idx) {
    Histogram ok = new Histogram(3);
    Histogram recall = new Histogram(3);
    Histogram server = new Histogram(3);
    double throughputSum = 0;
    long errors = 0;
    for (int i : idx) {
      OperationIntervals.Interval iv = intervals.get(i);
      ok.add(iv.ok());
      recall.add(iv.recall());
      server.add(iv.server());
      throughputSum += iv.throughput();
      errors += iv.errors();
    }
    double[] s = new double[Metric.values().length];
    s[Metric.THROUGHPUT.ordinal()] = throughputSum / idx.length;
    for (Metric m : Metric.values()) {
      double p = m.percentile();
      if (!Double.isNaN(p)) {
        s[m.ordinal()] =
            ok.getTotalCount() == 0
                ? Double.NaN
                : p >= 100 ? ok.getMaxValue() : ok.getValueAtPercentile(p);
      }
      double sp = m.serverPercentile();
      if (!Double.isNaN(sp)) {
        s[m.ordinal()] = server.getTotalCount() == 0 ? Double.NaN : server.getValueAtPercentile(sp);
      }
    }
    long all = ok.getTotalCount() + errors;
    s[Metric.ERRORS.ordinal()] = all == 0 ? Double.NaN : (double) errors / all;
    s[Metric.RECALL.ordinal()] =
        recall.getTotalCount() == 0 ? Double.NaN : recall.getMean() / OperationMetrics.RECALL_SCALE;
    return s;
  }

  /** True when any finding is a regression. */
  public static boolean anyRegression(List<Finding> findings) {
    for (Iterator<Finding> it = findings.iterator(); it.hasNext(); ) {
      if (it.next().regression()) {
        return true;
      }
    }
    return false;
  }
}
