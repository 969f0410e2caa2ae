package io.qharness.report;

import io.qharness.metrics.RunListener;
import io.qharness.metrics.RunMetrics;
import io.qharness.metrics.RunSummary;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.HdrHistogram.Histogram;

/**
 * Keeps the run's reporting intervals per operation in memory (one merged histogram per operation
 * and interval, nodes added up) for analyses at the end of the run, such as fault impact.
 */
public final class Timeline implements RunListener {
  private final Map<String, List<OperationIntervals.Interval>> ops = new TreeMap<>();
  private final Consumer<Timeline> onEnd;
  private volatile long endMillis;
  private volatile RunMetrics metrics;

  public Timeline(Consumer<Timeline> onEnd) {
    this.onEnd = onEnd;
  }

  @Override
  public void started(RunMetrics metrics) {
    this.metrics = metrics;
  }

  /** The run's measurements (node health, node names); null before the run started. */
  public RunMetrics metrics() {
    return metrics;
  }

  @Override
  public synchronized void interval(RunMetrics.Interval interval) {
    Map<String, Histogram[]> parts = new LinkedHashMap<>(); // ok, recall, server
    Map<String, long[]> errors = new LinkedHashMap<>();
    for (RunMetrics.SeriesInterval s : interval.series()) {
      Histogram[] p =
          parts.computeIfAbsent(
              s.operation(),
              k -> new Histogram[] {new Histogram(3), new Histogram(3), new Histogram(3)});
      long[] e = errors.computeIfAbsent(s.operation(), k -> new long[1]);
      switch (s.kind()) {
        case LATENCY_OK -> p[0].add(s.histogram());
        case LATENCY_KO -> e[0] += s.histogram().getTotalCount();
        case RECALL -> p[1].add(s.histogram());
        case SERVER -> p[2].add(s.histogram());
      }
    }
    parts.forEach(
        (op, p) ->
            ops.computeIfAbsent(op, k -> new ArrayList<>())
                .add(
                    new OperationIntervals.Interval(
                        interval.startMillis(),
                        interval.endMillis(),
                        p[0],
                        errors.get(op)[0],
                        p[1],
                        p[2])));
    endMillis = interval.endMillis();
  }

  @Override
  public void ended(RunSummary summary) {
    onEnd.accept(this);
  }

  public synchronized Map<String, List<OperationIntervals.Interval>> operations() {
    Map<String, List<OperationIntervals.Interval>> copy = new TreeMap<>();
    ops.forEach((k, v) -> copy.put(k, List.copyOf(v)));
    return copy;
  }

  public long endMillis() {
    return endMillis;
  }
}
