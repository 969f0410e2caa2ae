package io.qharness.simulation;

import io.qharness.metrics.OperationSummary;
import io.qharness.metrics.RunListener;
import io.qharness.metrics.RunSummary;
import java.io.PrintStream;
import java.util.Locale;

/**
 * At the end of a run, one line that sets an operation measured under some condition beside the
 * same operation without it: p50, p99 and recall of each, and the p99 ratio (e.g. searches while
 * the optimiser ran against searches after it).
 */
public final class PhaseComparison implements RunListener {
  private final String during;
  private final String after;
  private final String what;
  private final PrintStream out;

  public PhaseComparison(String during, String after, String what, PrintStream out) {
    this.during = during;
    this.after = after;
    this.what = what;
    this.out = out;
  }

  @Override
  public void ended(RunSummary summary) {
    String line = line(summary.operation(during), summary.operation(after));
    if (line != null) {
      out.println(line);
    }
  }

  /** Pure: the line for the two operations' summaries (null when the second is missing). */
  String line(OperationSummary a, OperationSummary b) {
    if (b == null || b.count() == 0) {
      return null;
    }
    if (a == null || a.count() == 0) {
      return "qharness: no search overlapped " + what + ": it was over before the first one";
    }
    return String.format(
        Locale.ROOT,
        "qharness: %s: %d searches, p50 %.2f ms, p99 %.2f ms%s; after it: p50 %.2f ms, p99 %.2f"
            + " ms%s; p99 x%.2f",
        what,
        a.count(),
        a.p50Micros() / 1000.0,
        a.p99Micros() / 1000.0,
        recall(a),
        b.p50Micros() / 1000.0,
        b.p99Micros() / 1000.0,
        recall(b),
        b.p99Micros() == 0 ? 0 : a.p99Micros() / (double) b.p99Micros());
  }

  private static String recall(OperationSummary s) {
    return s.recallSamples() == 0
        ? ""
        : String.format(Locale.ROOT, ", recall %.4f", s.recallMean());
  }
}
