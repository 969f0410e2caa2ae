package io.qharness.report;

import io.qharness.config.Catalog;
import io.qharness.report.Comparison.Finding;
import io.qharness.report.Comparison.Verdict;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Verdicts with runs as the samples ({@link Comparison.Basis#RUNS}): per-run figures, a pooled t
 * statistic and a noise bound at a family-wise 5 % over every judged metric.
 */
final class RunsVerdict {
  private RunsVerdict() {}

  /** When the noise bound of a relative metric passes this, the runs are too few to judge it. */
  private static final double TOO_NOISY = 1.0;

  static Comparison.Result compare(
      List<Map<String, List<OperationIntervals.Interval>>> baselineRuns,
      List<Map<String, List<OperationIntervals.Interval>>> candidateRuns,
      Thresholds thresholds,
      Comparison.Options options) {
    Set<String> ops = new TreeSet<>();
    baselineRuns.forEach(r -> ops.addAll(r.keySet()));
    candidateRuns.forEach(r -> ops.addAll(r.keySet()));
    List<Finding> skipped = new ArrayList<>();
    Map<String, double[][][]> figures = new LinkedHashMap<>(); // op -> side -> run -> metric
    for (String op : ops) {
      if (op.startsWith(Catalog.WARMUP_PREFIX)) {
        skipped.add(Finding.skipped(op, "warm-up: not judged"));
        continue;
      }
      double[][] a = perRun(baselineRuns, op, options.minIntervals());
      double[][] b = perRun(candidateRuns, op, options.minIntervals());
      if (a == null || b == null) {
        String missing =
            a == null && b == null ? "both sides" : a == null ? "the baseline" : "the candidate";
        skipped.add(
            Finding.skipped(
                op,
                "absent, or fewer than "
                    + options.minIntervals()
                    + " reporting intervals, in a run of "
                    + missing));
        continue;
      }
      figures.put(op, new double[][][] {a, b});
    }
    int judged = 0;
    for (Map.Entry<String, double[][][]> e : figures.entrySet()) {
      double[][][] f = e.getValue();
      for (Metric m : Metric.values()) {
        if (!Double.isNaN(thresholds.of(e.getKey(), m))
            && complete(f, m)
            && fewest(f, m) >= m.minSamples()) {
          judged++;
        }
      }
    }
    double alpha = Comparison.FAMILY_ALPHA / Math.max(1, judged);
    List<Finding> out = new ArrayList<>();
    figures.forEach(
        (op, f) -> {
          for (Metric m : Metric.values()) {
            Finding finding = judge(op, m, f[0], f[1], thresholds.of(op, m), alpha);
            if (finding != null) {
              out.add(finding);
            }
          }
        });
    out.addAll(skipped);
    return new Comparison.Result(
        out, Comparison.Basis.RUNS, baselineRuns.size(), candidateRuns.size(), judged);
  }

  /** Each run's figures for one operation (run x metric), or null when a run lacks it. */
  private static double[][] perRun(
      List<Map<String, List<OperationIntervals.Interval>>> runs, String op, int minIntervals) {
    double[][] out = new double[runs.size()][];
    for (int r = 0; r < runs.size(); r++) {
      out[r] = Comparison.runFigures(runs.get(r).get(op), minIntervals);
      if (out[r] == null) {
        return null;
      }
    }
    return out;
  }

  /** The fewest calls any run's figure of {@code m} comes from. */
  private static double fewest(double[][][] f, Metric m) {
    double min = Double.POSITIVE_INFINITY;
    for (double[][] side : f) {
      for (double[] run : side) {
        min = Math.min(min, Comparison.samples(run, m));
      }
    }
    return min;
  }

  private static boolean complete(double[][][] f, Metric m) {
    for (double[][] side : f) {
      for (double[] run : side) {
        double v = run[m.ordinal()];
        if (Double.isNaN(v) || (m.relative() && v <= 0)) {
          return false;
        }
      }
    }
    return true;
  }

  private static Finding judge(
      String op, Metric m, double[][] a, double[][] b, double tolerance, double alpha) {
    if (!complete(new double[][][] {a, b}, m)) {
      if (m.optional()) {
        return null; // recall or server time absent for this operation: say nothing
      }
      return Finding.skipped(op, m, tolerance, "missing or zero in a run");
    }
    double[] ta = scale(a, m);
    double[] tb = scale(b, m);
    double meanA = mean(ta);
    double meanB = mean(tb);
    int df = ta.length + tb.length - 2;
    double s = Math.sqrt((squares(ta, meanA) + squares(tb, meanB)) / df);
    double se = s * Math.sqrt(1.0 / ta.length + 1.0 / tb.length);
    double d = meanB - meanA;
    double half = Distributions.studentQuantile(0.975, df) * se;
    double noise = Distributions.studentQuantile(1 - alpha, df) * se;
    double worse = m.higherIsWorse() ? d : -d;
    double change = back(m, d);
    double lo = back(m, d - half);
    double hi = back(m, d + half);
    double noiseAsChange = m.relative() ? Math.expm1(noise) : noise;
    double base = m.relative() ? Math.exp(meanA) : meanA;
    double cand = m.relative() ? Math.exp(meanB) : meanB;
    if (Double.isNaN(tolerance)) {
      return new Finding(
          op, m, base, cand, change, lo, hi, tolerance, noiseAsChange, Verdict.REPORTED, "");
    }
    double fewest = fewest(new double[][][] {a, b}, m);
    if (fewest < m.minSamples()) {
      return new Finding(
          op,
          m,
          base,
          cand,
          change,
          lo,
          hi,
          tolerance,
          noiseAsChange,
          Verdict.REPORTED,
          String.format(
              Locale.ROOT,
              "not judged: %.0f calls in a run, %s needs %d (run longer or faster)",
              fewest,
              m.label,
              m.minSamples()));
    }
    double tol = onScale(m, tolerance);
    double bound = Math.max(tol, noise);
    Verdict verdict = worse > bound ? Verdict.REGRESSION : Verdict.PASS;
    String note = "";
    if (m.relative() && noiseAsChange > TOO_NOISY) {
      note =
          String.format(
              Locale.ROOT,
              "too few runs to judge: the noise between runs allows ±%.0f%%",
              noiseAsChange * 100);
    } else if (noise > tol) {
      note =
          "tolerance inside the noise between runs: judged at "
              + describe(m, noiseAsChange)
              + (verdict == Verdict.REGRESSION ? "" : " (repeat more runs to judge tighter)");
    } else if (verdict == Verdict.PASS && -worse > bound) {
      note = "improved";
    }
    return new Finding(op, m, base, cand, change, lo, hi, tolerance, noiseAsChange, verdict, note);
  }

  /** Per-run values on the scale the test runs on: log for relative metrics, as is otherwise. */
  private static double[] scale(double[][] runs, Metric m) {
    double[] out = new double[runs.length];
    for (int i = 0; i < runs.length; i++) {
      double v = runs[i][m.ordinal()];
      out[i] = m.relative() ? Math.log(v) : v;
    }
    return out;
  }

  /** A tolerance on the test's scale: how far "worse" may go. */
  static double onScale(Metric m, double tolerance) {
    return switch (m.kind) {
      case RELATIVE_RISE -> Math.log1p(tolerance);
      case RELATIVE_DROP -> tolerance >= 1 ? Double.POSITIVE_INFINITY : -Math.log1p(-tolerance);
      case ABSOLUTE_RISE, ABSOLUTE_DROP -> tolerance;
    };
  }

  private static double back(Metric m, double d) {
    return m.relative() ? Math.expm1(d) : d;
  }

  private static String describe(Metric m, double change) {
    return switch (m.kind) {
      case RELATIVE_RISE -> String.format(Locale.ROOT, "+%.1f%%", change * 100);
      case RELATIVE_DROP ->
          String.format(Locale.ROOT, "-%.1f%%", -Math.expm1(-Math.log1p(change)) * 100);
      case ABSOLUTE_RISE -> String.format(Locale.ROOT, "+%.2f pp", change * 100);
      case ABSOLUTE_DROP -> String.format(Locale.ROOT, "-%.4f", change);
    };
  }

  private static double mean(double[] x) {
    double s = 0;
    for (double v : x) {
      s += v;
    }
    return s / x.length;
  }

  private static double squares(double[] x, double mean) {
    double s = 0;
    for (double v : x) {
      s += (v - mean) * (v - mean);
    }
    return s;
  }
}
