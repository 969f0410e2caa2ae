package io.qharness.report.render;

import io.qharness.report.Comparison;
import io.qharness.report.Metric;
import io.qharness.report.RegressionCheck;
import io.qharness.report.Thresholds;
import java.util.List;
import java.util.Locale;

/**
 * Renders {@link Comparison} findings for people (Markdown, fit for a PR comment) and for CI (JUnit
 * XML).
 */
public final class ComparisonReport {
  private ComparisonReport() {}

  static String change(Comparison.Finding f) {
    if (Double.isNaN(f.change())) {
      return "-";
    }
    if (f.metric().relative()) {
      return String.format(
          Locale.ROOT,
          "%+.1f%% [%+.1f, %+.1f]",
          f.change() * 100,
          f.ciLow() * 100,
          f.ciHigh() * 100);
    }
    if (f.metric() == Metric.ERRORS) {
      return String.format(
          Locale.ROOT,
          "%+.2f pp [%+.2f, %+.2f]",
          f.change() * 100,
          f.ciLow() * 100,
          f.ciHigh() * 100);
    }
    return String.format(Locale.ROOT, "%+.4f [%+.4f, %+.4f]", f.change(), f.ciLow(), f.ciHigh());
  }

  static String verdict(Comparison.Finding f) {
    return switch (f.verdict()) {
      case PASS -> "pass" + (f.note().isEmpty() ? "" : " (" + f.note() + ")");
      case REGRESSION -> "**REGRESSION**";
      case REPORTED -> "info";
      case INCONCLUSIVE -> "**inconclusive**: " + f.note();
      case SKIPPED -> "skipped: " + f.note();
    };
  }

  /** How a verdict weighed the noise, in one paragraph. */
  static String basis(Comparison.Result r) {
    if (r.basis() == Comparison.Basis.RUNS) {
      return String.format(
          Locale.ROOT,
          "Judged over %d baseline and %d candidate run(s), each run one sample: per-run figures"
              + " (log scale for latency and throughput) compared with a pooled t statistic. The"
              + " noise column is the change the noise between runs can make at a family-wise 5 %%"
              + " over the %d judged metrics (Bonferroni); a regression is worse than both its"
              + " tolerance and that noise.",
          r.baselineRuns(),
          r.candidateRuns(),
          r.judged());
    }
    return "One run per side: change with its 95 % bootstrap interval over reporting intervals; a"
        + " regression is worse than the tolerance with an interval that excludes no change,"
        + " and beyond what identical runs commonly differ by (`--run-noise`, measured on"
        + " real Qdrant: docs/regression-jobs.md); worse than the tolerance but within that"
        + " is inconclusive. The intervals of one run cannot show the noise between runs:"
        + " repeat the runs (`qharness run --repeat N`) and judge against a repeated"
        + " baseline for a verdict on it.";
  }

  private static String noise(Comparison.Finding f) {
    if (Double.isNaN(f.noise())) {
      return "-";
    }
    return switch (f.metric().kind) {
      case RELATIVE_RISE, RELATIVE_DROP -> String.format(Locale.ROOT, "±%.1f%%", f.noise() * 100);
      case ABSOLUTE_RISE -> String.format(Locale.ROOT, "±%.2f pp", f.noise() * 100);
      case ABSOLUTE_DROP -> String.format(Locale.ROOT, "±%.4f", f.noise());
    };
  }

  /** A Markdown summary of a one-run-per-side verdict: verdict line, one row per metric. */
  public static String markdown(
      String candidate, String baseline, List<Comparison.Finding> findings, Thresholds thresholds) {
    return markdown(
        candidate,
        baseline,
        new Comparison.Result(findings, Comparison.Basis.INTERVALS, 1, 1, 0),
        thresholds,
        List.of());
  }

  /**
   * A Markdown summary: verdict line, how the noise was weighed, one row per operation x metric,
   * and caveats on the measurements themselves under the table.
   */
  public static String markdown(
      String candidate,
      String baseline,
      Comparison.Result result,
      Thresholds thresholds,
      List<String> caveats) {
    List<Comparison.Finding> findings = result.findings();
    boolean runs = result.basis() == Comparison.Basis.RUNS;
    long regressions = findings.stream().filter(Comparison.Finding::regression).count();
    long inconclusive = findings.stream().filter(Comparison.Finding::inconclusive).count();
    StringBuilder s = new StringBuilder();
    s.append("## qharness compare: ")
        .append(regressions == 0 ? "no regression" : regressions + " regression(s)")
        .append(
            inconclusive == 0
                ? ""
                : ", "
                    + inconclusive
                    + " inconclusive: within the noise between identical runs, repeat the runs to"
                    + " judge")
        .append("\n\n");
    s.append("Candidate `")
        .append(candidate)
        .append("` against baseline `")
        .append(baseline)
        .append("`. ");
    s.append(basis(result)).append("\n\n");
    s.append("| operation | metric | baseline | candidate | change [95 % CI] | tolerance |")
        .append(runs ? " noise |" : "")
        .append(" verdict |\n");
    s.append("|---|---|---|---|---|---|").append(runs ? "---|" : "").append("---|\n");
    for (Comparison.Finding f : findings) {
      boolean skippedOp =
          f.verdict() == Comparison.Verdict.SKIPPED
              && Double.isNaN(f.baseline())
              && Double.isNaN(f.candidate());
      s.append("| ")
          .append(escape(f.operation()))
          .append(" | ")
          .append(skippedOp ? "all" : f.metric().label)
          .append(" | ")
          .append(f.metric().format(f.baseline()))
          .append(" | ")
          .append(f.metric().format(f.candidate()))
          .append(" | ")
          .append(change(f))
          .append(" | ")
          .append(skippedOp ? "-" : Thresholds.describe(f.metric(), f.tolerance()))
          .append(" | ")
          .append(runs ? noise(f) + " | " : "")
          .append(verdict(f))
          .append(" |\n");
    }
    if (!caveats.isEmpty()) {
      s.append("\n**Caveats**\n\n");
      caveats.forEach(c -> s.append("- ").append(c).append('\n'));
    }
    return s.toString();
  }

  /** A regression check's verdict in Markdown, for a pull-request comment or a job summary. */
  public static String markdown(RegressionCheck.Verdict v) {
    return markdown(v.candidate(), v.baseline(), v.result(), v.thresholds(), v.caveats());
  }

  /** A regression check's verdict as JUnit XML: one test case per operation x metric. */
  public static String junit(RegressionCheck.Verdict v) {
    return junit(v.candidate(), v.baseline(), v.result().findings(), v.thresholds());
  }

  /**
   * JUnit XML: one test case per operation x metric; regressions are failures, skipped ones
   * skipped.
   */
  public static String junit(
      String candidate, String baseline, List<Comparison.Finding> findings, Thresholds thresholds) {
    long failures = findings.stream().filter(Comparison.Finding::regression).count();
    long skipped =
        findings.stream()
            .filter(
                f ->
                    f.verdict() == Comparison.Verdict.SKIPPED
                        || f.verdict() == Comparison.Verdict.INCONCLUSIVE)
            .count();
    StringBuilder x = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    x.append("<testsuite name=\"qharness compare ")
        .append(xml(candidate))
        .append(" vs ")
        .append(xml(baseline))
        .append("\" tests=\"")
        .append(findings.size())
        .append("\" failures=\"")
        .append(failures)
        .append("\" errors=\"0\" skipped=\"")
        .append(skipped)
        .append("\">\n");
    for (Comparison.Finding f : findings) {
      boolean skippedOp =
          f.verdict() == Comparison.Verdict.SKIPPED
              && Double.isNaN(f.baseline())
              && Double.isNaN(f.candidate());
      x.append("  <testcase classname=\"qharness.")
          .append(xml(f.operation()))
          .append("\" name=\"")
          .append(skippedOp ? "all" : xml(f.metric().label))
          .append("\">");
      String detail =
          "baseline "
              + f.metric().format(f.baseline())
              + ", candidate "
              + f.metric().format(f.candidate())
              + ", change "
              + change(f)
              + ", tolerance "
              + Thresholds.describe(f.metric(), f.tolerance())
              + (Double.isNaN(f.noise()) ? "" : ", noise between runs " + noise(f))
              + (f.note().isEmpty() ? "" : " (" + f.note() + ")");
      switch (f.verdict()) {
        case REGRESSION ->
            x.append("\n    <failure message=\"")
                .append(xml(f.operation() + " " + f.metric().label + " regressed: " + detail))
                .append("\" type=\"regression\">")
                .append(xml(detail))
                .append("</failure>\n  ");
        case SKIPPED, INCONCLUSIVE ->
            x.append("\n    <skipped message=\"")
                .append(xml(f.inconclusive() ? detail : f.note()))
                .append("\"/>\n  ");
        default -> x.append("<system-out>").append(xml(detail)).append("</system-out>");
      }
      x.append("</testcase>\n");
    }
    return x.append("</testsuite>\n").toString();
  }

  private static String escape(String s) {
    return s.replace("|", "\\|");
  }

  static String xml(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      switch (c) {
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '&' -> b.append("&amp;");
        case '"' -> b.append("&quot;");
        default -> {
          if (c >= 0x20 || c == '\n' || c == '\t') {
            b.append(c);
          }
        }
      }
    }
    return b.toString();
  }
}
