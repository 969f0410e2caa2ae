package io.qharness.metrics;

import java.util.List;
import java.util.Locale;

/** Every operation's figures for a run, and a console rendering of them. */
public record RunSummary(
    long startMillis, long endMillis, List<String> nodes, List<OperationSummary> operations) {

  public OperationSummary operation(String name) {
    return operations.stream().filter(o -> o.name().equals(name)).findFirst().orElse(null);
  }

  /** A fixed-width table: one row per operation, latencies in milliseconds with µs precision. */
  public String toTable() {
    StringBuilder b = new StringBuilder();
    b.append(
        String.format(
            Locale.ROOT,
            "%-26s %9s %7s %9s %9s %9s %9s %9s %9s %8s%n",
            "operation",
            "count",
            "errors",
            "ok/s",
            "p50 ms",
            "p90 ms",
            "p99 ms",
            "p99.9 ms",
            "max ms",
            "recall"));
    for (OperationSummary o : operations) {
      b.append(
          String.format(
              Locale.ROOT,
              "%-26s %9d %7d %9s %9.3f %9.3f %9.3f %9.3f %9.3f %8s%n",
              abbreviate(o.name(), 26),
              o.count(),
              o.errors(),
              // a rate over one call (create, wait for green) is noise, not throughput
              o.count() < 2 ? "-" : String.format(Locale.ROOT, "%.1f", o.throughputPerSec()),
              o.p50Micros() / 1000.0,
              o.p90Micros() / 1000.0,
              o.p99Micros() / 1000.0,
              o.p999Micros() / 1000.0,
              o.maxMicros() / 1000.0,
              o.recallMean() == null ? "-" : String.format(Locale.ROOT, "%.4f", o.recallMean())));
    }
    for (OperationSummary o : operations) {
      b.append("  ")
          .append(o.name())
          .append(": ")
          .append(LatencyOrigin.valueOf(o.latencyOrigin()).description());
      if (o.items() > 0) {
        b.append(
            String.format(Locale.ROOT, "; %d points, %.0f points/s", o.items(), o.itemsPerSec()));
      }
      if (o.recallMean() != null) {
        b.append(
            String.format(
                Locale.ROOT,
                "; recall@k mean %.4f, p5 %.4f, min %.4f over %d responses",
                o.recallMean(),
                o.recallP5(),
                o.recallMin(),
                o.recallSamples()));
      }
      if (o.retries() > 0) {
        b.append("; ").append(o.retries()).append(" retries");
      }
      b.append(System.lineSeparator());
    }
    return b.toString();
  }

  private static String abbreviate(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max - 1) + "…";
  }
}
