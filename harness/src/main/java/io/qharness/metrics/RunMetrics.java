package io.qharness.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * All client-side measurements of one run: the per-operation recorders the actions write to, and
 * the cumulative histograms that periodic sampling folds the recorders' intervals into. Sampling is
 * the only reader and runs on one thread at a time.
 */
public final class RunMetrics {
  /** What a histogram series measures. */
  public enum Kind {
    LATENCY_OK("ok"),
    LATENCY_KO("ko"),
    RECALL("recall"),
    /** The server's own processing time of successful calls, as its responses report it (µs). */
    SERVER("server");

    public final String tag;

    Kind(String tag) {
      this.tag = tag;
    }
  }

  /** One interval of one series: operation x node x kind. */
  public record SeriesInterval(String operation, String node, Kind kind, Histogram histogram) {}

  /**
   * One sampling interval of every series, in wall-clock millis, with the mean number of calls in
   * flight over it (NaN where not sampled).
   */
  public record Interval(
      long startMillis, long endMillis, List<SeriesInterval> series, double meanInFlight) {
    public Interval(long startMillis, long endMillis, List<SeriesInterval> series) {
      this(startMillis, endMillis, series, Double.NaN);
    }
  }

  private final List<String> nodeNames;
  private final Map<String, OperationMetrics> operations = new LinkedHashMap<>();
  private final Map<SeriesKey, Histogram> cumulative = new LinkedHashMap<>();
  private final long startMillis = System.currentTimeMillis();
  private long lastSampleMillis = startMillis;
  private long inFlightSum;
  private long inFlightReadings;

  private final NodeHealthLog nodeHealth;

  public RunMetrics(List<String> nodeNames) {
    this.nodeNames = List.copyOf(nodeNames);
    this.nodeHealth = new NodeHealthLog(this.nodeNames);
  }

  /** Ejections, re-admissions and failures by node and cause. */
  public NodeHealthLog nodeHealth() {
    return nodeHealth;
  }

  public List<String> nodeNames() {
    return nodeNames;
  }

  public long startMillis() {
    return startMillis;
  }

  /**
   * The recorders of an operation, created on first use (at action build time, not per request).
   */
  public synchronized OperationMetrics operation(String name) {
    return operations.computeIfAbsent(name, n -> new OperationMetrics(n, nodeNames.size()));
  }

  public synchronized List<OperationMetrics> operations() {
    return new ArrayList<>(operations.values());
  }

  /** A reading of the calls in flight, taken often (about every 10 ms) for each interval's mean. */
  public synchronized void inFlight(long calls) {
    inFlightSum += calls;
    inFlightReadings++;
  }

  /**
   * Takes the interval since the previous sample from every recorder and folds it into the
   * cumulative histograms. Series with no value in the interval are left out.
   */
  public synchronized Interval sample() {
    long now = System.currentTimeMillis();
    List<SeriesInterval> out = new ArrayList<>();
    for (OperationMetrics op : operations.values()) {
      for (int n = 0; n < op.nodes(); n++) {
        take(out, op, n, Kind.LATENCY_OK, op.ok(n).getIntervalHistogram());
        take(out, op, n, Kind.LATENCY_KO, op.ko(n).getIntervalHistogram());
        take(out, op, n, Kind.RECALL, op.recall(n).getIntervalHistogram());
        take(out, op, n, Kind.SERVER, op.server(n).getIntervalHistogram());
      }
    }
    double meanInFlight =
        inFlightReadings == 0 ? Double.NaN : (double) inFlightSum / inFlightReadings;
    inFlightSum = 0;
    inFlightReadings = 0;
    Interval interval = new Interval(lastSampleMillis, now, out, meanInFlight);
    lastSampleMillis = now;
    return interval;
  }

  private void take(
      List<SeriesInterval> out, OperationMetrics op, int node, Kind kind, Histogram h) {
    if (h.getTotalCount() == 0) {
      return;
    }
    String nodeName = nodeNames.get(node);
    out.add(new SeriesInterval(op.name(), nodeName, kind, h));
    cumulative
        .computeIfAbsent(new SeriesKey(op.name(), nodeName, kind), k -> new Histogram(3))
        .add(h);
  }

  /**
   * One series: an operation's latencies (OK or KO), server times or recall through one coordinator
   * node.
   */
  private record SeriesKey(String operation, String node, Kind kind) {}

  /** The cumulative histogram of a series, or an empty one. */
  public synchronized Histogram cumulative(String operation, String node, Kind kind) {
    Histogram h = cumulative.get(new SeriesKey(operation, node, kind));
    return h == null ? new Histogram(3) : h.copy();
  }

  /** The cumulative histogram of an operation over all nodes. */
  public synchronized Histogram cumulative(String operation, Kind kind) {
    Histogram all = new Histogram(3);
    for (String node : nodeNames) {
      Histogram h = cumulative.get(new SeriesKey(operation, node, kind));
      if (h != null) {
        all.add(h);
      }
    }
    return all;
  }

  /** Summarises everything sampled so far (call {@link #sample()} first for the latest values). */
  public synchronized RunSummary summary() {
    List<OperationSummary> ops = new ArrayList<>();
    for (OperationMetrics op : operations.values()) {
      List<OperationSummary.NodeSummary> perNode = new ArrayList<>();
      for (String node : nodeNames) {
        Histogram ok = cumulative(op.name(), node, Kind.LATENCY_OK);
        Histogram ko = cumulative(op.name(), node, Kind.LATENCY_KO);
        Histogram recall = cumulative(op.name(), node, Kind.RECALL);
        Histogram server = cumulative(op.name(), node, Kind.SERVER);
        if (ok.getTotalCount() + ko.getTotalCount() > 0) {
          perNode.add(OperationSummary.NodeSummary.of(node, ok, ko, recall, server));
        }
      }
      ops.add(
          OperationSummary.of(
              op.name(),
              op.origin(),
              cumulative(op.name(), Kind.LATENCY_OK),
              cumulative(op.name(), Kind.LATENCY_KO),
              cumulative(op.name(), Kind.RECALL),
              op.activeSeconds(),
              op.retries(),
              op.recallBelowThreshold(),
              op.items(),
              perNode,
              cumulative(op.name(), Kind.SERVER),
              op.meanResponseBytes()));
    }
    return new RunSummary(startMillis, System.currentTimeMillis(), nodeNames, ops);
  }
}
