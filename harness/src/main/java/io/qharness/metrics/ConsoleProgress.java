package io.qharness.metrics;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;

/** One console line per reporting interval: rate, p50, p99 and failures per operation. */
public final class ConsoleProgress implements RunListener {
  private final PrintStream out;
  private long startMillis;

  public ConsoleProgress(PrintStream out) {
    this.out = out;
  }

  @Override
  public void started(RunMetrics metrics) {
    startMillis = metrics.startMillis();
  }

  @Override
  public void interval(RunMetrics.Interval interval) {
    Map<String, Histogram> ok = new LinkedHashMap<>();
    Map<String, Long> ko = new LinkedHashMap<>();
    for (RunMetrics.SeriesInterval s : interval.series()) {
      if (s.kind() == RunMetrics.Kind.LATENCY_OK) {
        ok.computeIfAbsent(s.operation(), k -> new Histogram(3)).add(s.histogram());
      } else if (s.kind() == RunMetrics.Kind.LATENCY_KO) {
        ko.merge(s.operation(), s.histogram().getTotalCount(), Long::sum);
        ok.computeIfAbsent(s.operation(), k -> new Histogram(3));
      }
    }
    if (ok.isEmpty()) {
      return;
    }
    double seconds = Math.max(0.001, (interval.endMillis() - interval.startMillis()) / 1000.0);
    StringBuilder b =
        new StringBuilder(
            String.format(
                Locale.ROOT, "[qharness +%ds]", (interval.endMillis() - startMillis) / 1000));
    ok.forEach(
        (op, h) -> {
          b.append(String.format(Locale.ROOT, " %s %.1f/s", op, h.getTotalCount() / seconds));
          if (h.getTotalCount() > 0) {
            b.append(
                String.format(
                    Locale.ROOT,
                    " p50 %.2f p99 %.2f ms",
                    h.getValueAtPercentile(50) / 1000.0,
                    h.getValueAtPercentile(99) / 1000.0));
          }
          long failed = ko.getOrDefault(op, 0L);
          if (failed > 0) {
            b.append(" KO ").append(failed);
          }
          b.append(" |");
        });
    b.setLength(b.length() - 2);
    out.println(b);
  }
}
