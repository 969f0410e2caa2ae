package io.qharness.report;

import io.qharness.metrics.IntervalLog;
import io.qharness.metrics.RunMetrics;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/**
 * A run's interval histograms regrouped per operation: one {@link Interval} per reporting interval
 * with all coordinator nodes added up. The statistics of {@code compare} and {@code report} work on
 * these, so a run's noise is seen interval by interval rather than hidden in one total.
 */
public final class OperationIntervals {
  /** One reporting interval of one operation. */
  public record Interval(
      long startMillis,
      long endMillis,
      Histogram ok,
      long errors,
      Histogram recall,
      Histogram server) {
    /** An interval without server-reported times. */
    public Interval(long startMillis, long endMillis, Histogram ok, long errors, Histogram recall) {
      this(startMillis, endMillis, ok, errors, recall, new Histogram(3));
    }

    public double seconds() {
      return Math.max(0.001, (endMillis - startMillis) / 1000.0);
    }

    public double throughput() {
      return ok.getTotalCount() / seconds();
    }
  }

  private OperationIntervals() {}

  /** Per operation, its intervals in time order (logs of several injectors are added up). */
  public static Map<String, List<Interval>> read(List<Path> logs) {
    // operation -> interval end (rounded to 100 ms) -> parts. Injectors sample on wall-clock
    // multiples of the interval, so their intervals end together even though their runs started
    // at different moments (and their first intervals begin at different times).
    Map<String, TreeMap<Long, Parts>> byOp = new TreeMap<>();
    for (Path log : logs) {
      for (IntervalLog.Entry e : IntervalLog.read(log)) {
        long key = Math.round(e.endMillis() / 100.0);
        Parts p =
            byOp.computeIfAbsent(e.series().operation(), k -> new TreeMap<>())
                .computeIfAbsent(key, k -> new Parts(e.startMillis(), e.endMillis()));
        p.start = Math.min(p.start, e.startMillis());
        p.end = Math.max(p.end, e.endMillis());
        if (e.series().kind() == RunMetrics.Kind.LATENCY_OK) {
          p.ok.add(e.histogram());
        } else if (e.series().kind() == RunMetrics.Kind.LATENCY_KO) {
          p.errors += e.histogram().getTotalCount();
        } else if (e.series().kind() == RunMetrics.Kind.RECALL) {
          p.recall.add(e.histogram());
        } else {
          p.server.add(e.histogram());
        }
      }
    }
    Map<String, List<Interval>> out = new TreeMap<>();
    byOp.forEach(
        (op, parts) -> {
          List<Interval> list = new ArrayList<>();
          parts
              .values()
              .forEach(
                  p -> list.add(new Interval(p.start, p.end, p.ok, p.errors, p.recall, p.server)));
          out.put(op, list);
        });
    return out;
  }

  private static final class Parts {
    long start;
    long end;
    final Histogram ok = new Histogram(3);
    final Histogram recall = new Histogram(3);
    final Histogram server = new Histogram(3);
    long errors;

    Parts(long start, long end) {
      this.start = start;
      this.end = end;
    }
  }
}
