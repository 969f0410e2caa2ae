package io.qharness.report;

import io.qharness.config.Catalog;
import io.qharness.results.AtomicFiles;
import io.qharness.results.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The noise floor of a target, measured from K identical runs (an A/A calibration): for each
 * operation and metric, the spread between runs, and the smallest change a verdict against these
 * runs can tell from that noise with 1, 3 or 5 candidate runs (family-wise 5 %, as {@link
 * Comparison} judges). Stored beside a baseline promoted from the runs ({@code calibration.json});
 * {@code compare} then judges each metric at no less than its proposed tolerance.
 *
 * @param runs how many runs were measured
 * @param judged metrics a verdict would judge (the Bonferroni divisor)
 * @param rows one per operation and metric
 */
public record Calibration(int runs, int judged, List<Row> rows) {
  /** The candidate run counts the floors are given for. */
  public static final int[] CANDIDATE_RUNS = {1, 3, 5};

  /** The file in a baseline that holds it. */
  public static final String FILE = "calibration.json";

  /**
   * One operation's metric.
   *
   * @param mean the runs' mean (geometric for relative metrics)
   * @param spread the standard deviation between runs: of the logarithm for relative metrics (about
   *     the coefficient of variation), absolute otherwise
   * @param floors the noise bound against 1, 3 and 5 candidate runs, as a change
   * @param proposed the tolerance proposed for 3 candidate runs: the larger of the default and the
   *     floor, rounded up
   */
  public record Row(
      String operation,
      Metric metric,
      double mean,
      double spread,
      double[] floors,
      double proposed) {}

  /** Measures the noise floor from repeated runs (at least 3). */
  public static Calibration of(
      List<Map<String, List<OperationIntervals.Interval>>> runs, Comparison.Options options) {
    if (runs.size() < 3) {
      throw new IllegalArgumentException(
          "a calibration needs at least 3 identical runs, got "
              + runs.size()
              + " (repeat the run: qharness run --repeat 5 ...)");
    }
    Set<String> ops = new TreeSet<>();
    runs.forEach(r -> ops.addAll(r.keySet()));
    Map<String, double[][]> figures = new LinkedHashMap<>();
    for (String op : ops) {
      if (op.startsWith(Catalog.WARMUP_PREFIX)) {
        continue;
      }
      double[][] perRun = new double[runs.size()][];
      boolean all = true;
      for (int r = 0; r < runs.size() && all; r++) {
        perRun[r] = Comparison.runFigures(runs.get(r).get(op), options.minIntervals());
        all = perRun[r] != null;
      }
      if (all) {
        figures.put(op, perRun);
      }
    }
    int judged = 0;
    for (double[][] f : figures.values()) {
      for (Metric m : Metric.values()) {
        if (judgeable(f, m)) {
          judged++;
        }
      }
    }
    double alpha = Comparison.FAMILY_ALPHA / Math.max(1, judged);
    List<Row> rows = new ArrayList<>();
    int k = runs.size();
    for (Map.Entry<String, double[][]> e : figures.entrySet()) {
      for (Metric m : Metric.values()) {
        if (!usable(e.getValue(), m)) {
          continue;
        }
        double[] x = new double[k];
        for (int r = 0; r < k; r++) {
          double v = e.getValue()[r][m.ordinal()];
          x[r] = m.relative() ? Math.log(v) : v;
        }
        double mean = 0;
        for (double v : x) {
          mean += v;
        }
        mean /= k;
        double ss = 0;
        for (double v : x) {
          ss += (v - mean) * (v - mean);
        }
        double sd = Math.sqrt(ss / (k - 1));
        double[] floors = new double[CANDIDATE_RUNS.length];
        for (int i = 0; i < floors.length; i++) {
          int n = CANDIDATE_RUNS[i];
          // the candidate's runs add their own spread; assume the same as the baseline's
          double bound =
              Distributions.studentQuantile(1 - alpha, k + n - 2 > 0 ? k + n - 2 : k - 1)
                  * sd
                  * Math.sqrt(1.0 / k + 1.0 / n);
          floors[i] = m.relative() ? Math.expm1(bound) : bound;
        }
        double proposed =
            !judgeable(e.getValue(), m)
                ? Double.NaN
                : roundUp(Math.max(m.defaultTolerance, asTolerance(m, floors[1])));
        rows.add(
            new Row(e.getKey(), m, m.relative() ? Math.exp(mean) : mean, sd, floors, proposed));
      }
    }
    return new Calibration(k, judged, rows);
  }

  /**
   * The tolerances a verdict against this baseline uses: each operation's metric at its own
   * proposed tolerance (a noisy operation does not widen a quiet one's), then the user's: a
   * metric's tolerance for every operation, an operation's own ({@code search:p99=15%}) over that.
   */
  public Thresholds thresholds(List<String> userSpecs) {
    Thresholds t = new Thresholds();
    for (Row r : rows) {
      if (!Double.isNaN(r.proposed())) {
        t.set(r.operation(), r.metric(), r.proposed());
      }
    }
    Thresholds user = Thresholds.parse(userSpecs);
    for (Metric m : Metric.values()) {
      if (user.isSet(m)) {
        t.set(m, user.of(m)).clearOperations(m);
      }
    }
    user.operations().forEach((op, own) -> own.forEach((m, v) -> t.set(op, m, v)));
    return t;
  }

  /** A Markdown table: each metric's spread between runs and its noise floors. */
  public String markdown() {
    StringBuilder s = new StringBuilder();
    s.append(
        String.format(
            Locale.ROOT,
            "Noise floor from %d identical runs (family-wise 5 %% over %d judged metrics): the"
                + " smallest change a verdict against these runs can tell from noise.%n%n",
            runs,
            judged));
    s.append(
        "| operation | metric | mean | spread between runs | floor, 1 run | 3 runs | 5 runs |"
            + " default tolerance | proposed |\n");
    s.append("|---|---|---|---|---|---|---|---|---|\n");
    for (Row r : rows) {
      s.append("| ")
          .append(r.operation())
          .append(" | ")
          .append(r.metric().label)
          .append(" | ")
          .append(r.metric().format(r.mean()))
          .append(" | ")
          .append(
              r.metric().relative()
                  ? String.format(Locale.ROOT, "%.1f%%", r.spread() * 100)
                  : r.metric() == Metric.ERRORS
                      ? String.format(Locale.ROOT, "%.2f pp", r.spread() * 100)
                      : String.format(Locale.ROOT, "%.4f", r.spread()));
      for (double f : r.floors()) {
        s.append(" | ").append(asChange(r.metric(), f));
      }
      s.append(" | ")
          .append(Thresholds.describe(r.metric(), r.metric().defaultTolerance))
          .append(" | ")
          .append(
              !Double.isNaN(r.proposed())
                  ? Thresholds.describe(r.metric(), r.proposed())
                  : Double.isNaN(r.metric().defaultTolerance)
                      ? "not judged"
                      : "not judged: too few calls per run")
          .append(" |\n");
    }
    return s.toString();
  }

  /** Writes calibration.json into a baseline. */
  public void write(Path dir) {
    AtomicFiles.writeJson(dir.resolve(FILE), this);
  }

  /** The calibration of a baseline, or null when it has none. */
  public static Calibration read(Path dir) {
    Path f = dir.resolve(FILE);
    if (!Files.isRegularFile(f)) {
      return null;
    }
    try {
      return Json.MAPPER.readValue(Files.readAllBytes(f), Calibration.class);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          f + " is not a valid calibration (" + e.getMessage() + "); promote the baseline again");
    }
  }

  /**
   * Judged by a verdict: a tolerance by default, and enough calls in every run for a percentile.
   */
  private static boolean judgeable(double[][] perRun, Metric m) {
    if (Double.isNaN(m.defaultTolerance) || !usable(perRun, m)) {
      return false;
    }
    for (double[] run : perRun) {
      if (Comparison.samples(run, m) < m.minSamples()) {
        return false;
      }
    }
    return true;
  }

  private static boolean usable(double[][] perRun, Metric m) {
    for (double[] run : perRun) {
      double v = run[m.ordinal()];
      if (Double.isNaN(v) || (m.relative() && v <= 0)) {
        return false;
      }
    }
    return true;
  }

  /** A floor as a tolerance of the metric (drops are given as positive fractions). */
  private static double asTolerance(Metric m, double floor) {
    return m.kind == Metric.Kind.RELATIVE_DROP ? floor / (1 + floor) : floor;
  }

  private static String asChange(Metric m, double floor) {
    return switch (m.kind) {
      case RELATIVE_RISE -> String.format(Locale.ROOT, "+%.1f%%", floor * 100);
      case RELATIVE_DROP -> String.format(Locale.ROOT, "-%.1f%%", asTolerance(m, floor) * 100);
      case ABSOLUTE_RISE -> String.format(Locale.ROOT, "+%.2f pp", floor * 100);
      case ABSOLUTE_DROP -> String.format(Locale.ROOT, "-%.4f", floor);
    };
  }

  /** Up to the next whole percent (relative, errors) or 0.001 (recall). */
  private static double roundUp(double v) {
    double step = v < 0.1 ? 0.005 : 0.01;
    return Math.ceil(v / step - 1e-9) * step;
  }
}
