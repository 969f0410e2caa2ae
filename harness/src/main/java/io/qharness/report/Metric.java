package io.qharness.report;

import java.util.Locale;

/** A figure {@code compare} judges, with the direction that counts as worse. */
public enum Metric {
  THROUGHPUT("throughput", Kind.RELATIVE_DROP, 0.05, RunNoise.THROUGHPUT),
  P50("p50", Kind.RELATIVE_RISE, 0.10, RunNoise.P50),
  P90("p90", Kind.RELATIVE_RISE, 0.10, RunNoise.P90),
  P99("p99", Kind.RELATIVE_RISE, 0.10, RunNoise.P99),
  P999("p99.9", Kind.RELATIVE_RISE, 0.20, RunNoise.P999),
  MAX("max", Kind.RELATIVE_RISE, Double.NaN, Double.NaN),
  ERRORS("errors", Kind.ABSOLUTE_RISE, 0.01, RunNoise.ERRORS),
  RECALL("recall", Kind.ABSOLUTE_DROP, 0.01, RunNoise.RECALL),
  /** The processing time Qdrant reported in its responses: a regression inside the server. */
  SERVER_P50("server-p50", Kind.RELATIVE_RISE, 0.10, RunNoise.SERVER_P50),
  SERVER_P99("server-p99", Kind.RELATIVE_RISE, 0.10, RunNoise.SERVER_P99);

  /** How a change is measured and which way is a regression. */
  public enum Kind {
    RELATIVE_RISE,
    RELATIVE_DROP,
    ABSOLUTE_RISE,
    ABSOLUTE_DROP
  }

  public final String label;
  public final Kind kind;

  /**
   * Default tolerance; NaN means reported but not judged (max is one sample, too noisy to gate on).
   */
  public final double defaultTolerance;

  /**
   * How far one run commonly lands from an identical one (see {@link RunNoise}): on one run per
   * side, a change within it is inconclusive, not a regression.
   */
  public final double runNoise;

  Metric(String label, Kind kind, double defaultTolerance, double runNoise) {
    this.label = label;
    this.kind = kind;
    this.defaultTolerance = defaultTolerance;
    this.runNoise = runNoise;
  }

  public boolean relative() {
    return kind == Kind.RELATIVE_RISE || kind == Kind.RELATIVE_DROP;
  }

  public boolean higherIsWorse() {
    return kind == Kind.RELATIVE_RISE || kind == Kind.ABSOLUTE_RISE;
  }

  /**
   * True for figures only some runs have (recall: operations with ground truth; server time:
   * responses that carry it, runs recorded since it is): absent, they are left out silently.
   */
  public boolean optional() {
    return this == RECALL || this == SERVER_P50 || this == SERVER_P99;
  }

  /** Percentile of the server-reported time this metric is, or NaN. */
  double serverPercentile() {
    return switch (this) {
      case SERVER_P50 -> 50;
      case SERVER_P99 -> 99;
      default -> Double.NaN;
    };
  }

  /**
   * Samples each run needs before this percentile is judged: ten beyond it (p99: 1,000; p99.9:
   * 10,000). From fewer, the percentile is one or two extreme values, which differ from run to run
   * by more than any tolerance. 0 for other metrics.
   */
  public long minSamples() {
    double p = Double.isNaN(percentile()) ? serverPercentile() : percentile();
    return Double.isNaN(p) || p >= 100 ? 0 : (long) Math.ceil(10 / (1 - p / 100) - 1e-6);
  }

  /** Latency percentile of this metric (100 for max), or NaN for non-latency metrics. */
  double percentile() {
    return switch (this) {
      case P50 -> 50;
      case P90 -> 90;
      case P99 -> 99;
      case P999 -> 99.9;
      case MAX -> 100;
      default -> Double.NaN;
    };
  }

  public static Metric parse(String s) {
    String k = s.trim().toLowerCase(Locale.ROOT);
    for (Metric m : values()) {
      if (m.label.equals(k) || m.name().toLowerCase(Locale.ROOT).equals(k)) {
        return m;
      }
    }
    throw new IllegalArgumentException(
        "unknown metric '"
            + s
            + "'; allowed: throughput, p50, p90, p99, p99.9, max, errors, recall, server-p50,"
            + " server-p99");
  }

  /** Formats a value of this metric for people: ms for latency, /s, %, or a 4-digit fraction. */
  public String format(double v) {
    if (Double.isNaN(v)) {
      return "-";
    }
    return switch (this) {
      case THROUGHPUT -> String.format(Locale.ROOT, "%.1f/s", v);
      case ERRORS -> String.format(Locale.ROOT, "%.2f%%", v * 100);
      case RECALL -> String.format(Locale.ROOT, "%.4f", v);
      default -> String.format(Locale.ROOT, "%.3f ms", v / 1000.0);
    };
  }
}
