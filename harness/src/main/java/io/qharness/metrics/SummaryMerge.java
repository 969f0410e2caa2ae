package io.qharness.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.HdrHistogram.Histogram;

/**
 * One summary from the parts of a run several injectors sent together: every percentile from the
 * histograms of all parts added up (never from averaged percentiles), counts and items summed, the
 * active window the longest part's (they ran at the same time), so throughput is the sum.
 */
public final class SummaryMerge {
  private SummaryMerge() {}

  /**
   * @param parts each injector's summary (names, origins, retries, items, active seconds)
   * @param histograms every series added up over all the parts' interval logs
   */
  public static RunSummary merge(
      List<RunSummary> parts, Map<IntervalLog.Series, Histogram> histograms) {
    if (parts.isEmpty()) {
      throw new IllegalArgumentException("nothing to merge: no part");
    }
    Set<String> nodes = new LinkedHashSet<>();
    Map<String, List<OperationSummary>> byName = new LinkedHashMap<>();
    long start = Long.MAX_VALUE;
    long end = Long.MIN_VALUE;
    for (RunSummary p : parts) {
      nodes.addAll(p.nodes());
      start = Math.min(start, p.startMillis());
      end = Math.max(end, p.endMillis());
      for (OperationSummary o : p.operations()) {
        byName.computeIfAbsent(o.name(), k -> new ArrayList<>()).add(o);
      }
    }
    List<OperationSummary> ops = new ArrayList<>();
    byName.forEach((name, list) -> ops.add(operation(name, list, nodes, histograms)));
    return new RunSummary(start, end, List.copyOf(nodes), ops);
  }

  private static OperationSummary operation(
      String name,
      List<OperationSummary> parts,
      Set<String> nodes,
      Map<IntervalLog.Series, Histogram> histograms) {
    double active = 0;
    long retries = 0;
    long below = 0;
    long items = 0;
    double bytes = 0;
    long responses = 0;
    for (OperationSummary o : parts) {
      if (o.meanResponseBytes() != null) { // weighted by each part's successful responses
        bytes += o.meanResponseBytes() * (o.count() - o.errors());
        responses += o.count() - o.errors();
      }
      active = Math.max(active, o.activeSeconds());
      retries += o.retries();
      below += o.recallBelowThreshold();
      items += o.items();
    }
    List<OperationSummary.NodeSummary> perNode = new ArrayList<>();
    for (String node : nodes) {
      Histogram ok = series(histograms, RunMetrics.Kind.LATENCY_OK, name, node);
      Histogram ko = series(histograms, RunMetrics.Kind.LATENCY_KO, name, node);
      if (ok.getTotalCount() + ko.getTotalCount() > 0) {
        perNode.add(
            OperationSummary.NodeSummary.of(
                node,
                ok,
                ko,
                series(histograms, RunMetrics.Kind.RECALL, name, node),
                series(histograms, RunMetrics.Kind.SERVER, name, node)));
      }
    }
    return OperationSummary.of(
        name,
        LatencyOrigin.valueOf(parts.get(0).latencyOrigin()),
        all(histograms, RunMetrics.Kind.LATENCY_OK, name, nodes),
        all(histograms, RunMetrics.Kind.LATENCY_KO, name, nodes),
        all(histograms, RunMetrics.Kind.RECALL, name, nodes),
        active,
        retries,
        below,
        items,
        perNode,
        all(histograms, RunMetrics.Kind.SERVER, name, nodes),
        responses == 0 ? null : bytes / responses);
  }

  private static Histogram series(
      Map<IntervalLog.Series, Histogram> h, RunMetrics.Kind kind, String op, String node) {
    Histogram found = h.get(new IntervalLog.Series(kind, op, node));
    return found == null ? new Histogram(3) : found;
  }

  private static Histogram all(
      Map<IntervalLog.Series, Histogram> h, RunMetrics.Kind kind, String op, Set<String> nodes) {
    Histogram sum = new Histogram(3);
    for (String node : nodes) {
      sum.add(series(h, kind, op, node));
    }
    return sum;
  }
}
