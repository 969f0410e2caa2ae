package io.qharness.report;

import java.util.Locale;

/**
 * A service-level objective: a latency percentile under a bound, an error-rate bound, an optional
 * recall floor.
 */
public record Slo(double percentile, double boundMs, double maxErrorRate, Double minRecall) {
  public Slo {
    if (percentile != 50 && percentile != 90 && percentile != 99 && percentile != 99.9) {
      throw new IllegalArgumentException(
          "SLO percentile must be one of 50, 90, 99, 99.9, got " + percentile);
    }
    if (!(boundMs > 0)) {
      throw new IllegalArgumentException(
          "SLO latency bound must be positive, got " + boundMs + " ms");
    }
  }

  /** Why the step misses the SLO, or null when it meets it. */
  public String violation(CapacityStep s) {
    double lat = s.latencyMs(percentile);
    if (lat > boundMs) {
      return String.format(Locale.ROOT, "p%s %.1f ms > %.1f ms", label(), lat, boundMs);
    }
    if (s.errorRate() > maxErrorRate) {
      return String.format(
          Locale.ROOT, "errors %.2f%% > %.2f%%", s.errorRate() * 100, maxErrorRate * 100);
    }
    if (minRecall != null && s.recallMean() != null && s.recallMean() < minRecall) {
      return String.format(Locale.ROOT, "recall %.4f < %.4f", s.recallMean(), minRecall);
    }
    if (s.achievedRate() < 0.95 * s.offeredRate()) {
      return String.format(
          Locale.ROOT,
          "achieved %.1f/s < 95%% of offered %.1f/s (saturated)",
          s.achievedRate(),
          s.offeredRate());
    }
    return null;
  }

  /**
   * Clearly broken: latency over twice the bound, errors over five times the bound (and 5 %), or
   * throughput collapsing.
   */
  public boolean clearlyBroken(CapacityStep s) {
    return s.latencyMs(percentile) > 2 * boundMs
        || s.errorRate() > Math.max(0.05, 5 * maxErrorRate)
        || s.achievedRate() < 0.8 * s.offeredRate();
  }

  public String label() {
    return percentile == 99.9 ? "99.9" : Integer.toString((int) percentile);
  }

  public String describe() {
    return String.format(
        Locale.ROOT,
        "p%s < %.1f ms, errors <= %.2f%%%s",
        label(),
        boundMs,
        maxErrorRate * 100,
        minRecall == null ? "" : String.format(Locale.ROOT, ", recall >= %.3f", minRecall));
  }
}
