package io.qharness.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Every operation's figures for a run, and a console rendering of them. */
public record RunSummary(
    long startMillis, long endMillis, List<String> nodes, List<OperationSummary> operations) {

  /**
   * One coordinator node's part of the run: the calls it coordinated and the processing time it
   * reported for them (server time, summed), each as a share of all nodes'.
   */
  public record NodeLoad(
      String node, long calls, double callShare, double serverSeconds, double serverShare) {}

  /** Every node's part of the calls and of the server time, over every operation. */
  public List<NodeLoad> nodeLoad() {
    Map<String, long[]> calls = new LinkedHashMap<>();
    Map<String, double[]> server = new LinkedHashMap<>();
    nodes.forEach(
        n -> {
          calls.put(n, new long[1]);
          server.put(n, new double[1]);
        });
    long allCalls = 0;
    double allServer = 0;
    for (OperationSummary o : operations) {
      for (OperationSummary.NodeSummary n : o.nodes()) {
        calls.computeIfAbsent(n.node(), k -> new long[1])[0] += n.count();
        allCalls += n.count();
        if (n.serverTime() != null) {
          double seconds = n.serverTime().meanMicros() * n.serverTime().samples() / 1e6;
          server.computeIfAbsent(n.node(), k -> new double[1])[0] += seconds;
          allServer += seconds;
        }
      }
    }
    List<NodeLoad> out = new ArrayList<>();
    for (String n : calls.keySet()) {
      long c = calls.get(n)[0];
      double t = server.get(n)[0];
      out.add(
          new NodeLoad(
              n,
              c,
              allCalls == 0 ? 0 : (double) c / allCalls,
              t,
              allServer == 0 ? 0 : t / allServer));
    }
    return out;
  }

  /**
   * The busiest node's calls over the mean of the nodes that took calls: 1 is an even spread; NaN
   * with fewer than two such nodes.
   */
  public double imbalance() {
    List<NodeLoad> load = nodeLoad().stream().filter(l -> l.calls() > 0).toList();
    if (load.size() < 2) {
      return Double.NaN;
    }
    double mean = load.stream().mapToLong(NodeLoad::calls).average().orElse(0);
    long max = load.stream().mapToLong(NodeLoad::calls).max().orElse(0);
    return max / mean;
  }

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
      if (o.meanResponseBytes() != null && o.recallMean() != null) { // what a search carries
        b.append(String.format(Locale.ROOT, "; %.0f bytes per response", o.meanResponseBytes()));
      }
      b.append(System.lineSeparator());
    }
    serverTime(b);
    nodeShares(b);
    return b.toString();
  }

  /** Each coordinator node's share of the calls and of the server time, and the imbalance. */
  private void nodeShares(StringBuilder b) {
    if (nodes.size() < 2) {
      return;
    }
    b.append("load per coordinator node (every operation):\n");
    for (NodeLoad l : nodeLoad()) {
      b.append(
          String.format(
              Locale.ROOT,
              "  %-22s %9d calls %5.1f %%   server time %9.2f s %5.1f %%%n",
              abbreviate(l.node(), 22),
              l.calls(),
              100 * l.callShare(),
              l.serverSeconds(),
              100 * l.serverShare()));
    }
    double imbalance = imbalance();
    if (!Double.isNaN(imbalance)) {
      b.append(
          String.format(
              Locale.ROOT,
              "  imbalance (busiest node's calls / mean of the nodes that took calls): %.2f%n",
              imbalance));
    }
  }

  /**
   * The server's processing time (the {@code time} in Qdrant's responses) beside the client's
   * latency, overall and per coordinator node: the gap is network, client and queueing.
   */
  private void serverTime(StringBuilder b) {
    if (operations.stream().allMatch(o -> o.serverTime() == null)) {
      return;
    }
    b.append(
        String.format(
            Locale.ROOT,
            "server time (as the nodes report it) beside client latency, ms:%n"
                + "%-26s %-22s %10s %10s %10s %10s %9s%n",
            "operation",
            "coordinator",
            "server p50",
            "server p99",
            "client p50",
            "client p99",
            "p50 gap"));
    for (OperationSummary o : operations) {
      if (o.serverTime() == null) {
        continue;
      }
      row(b, o.name(), "all", o.serverTime(), o.p50Micros(), o.p99Micros());
      for (OperationSummary.NodeSummary n : o.nodes()) {
        if (n.serverTime() != null && o.nodes().size() > 1) {
          row(b, "", n.node(), n.serverTime(), n.p50Micros(), n.p99Micros());
        }
      }
    }
  }

  private static void row(
      StringBuilder b,
      String op,
      String node,
      OperationSummary.ServerTime t,
      long clientP50,
      long clientP99) {
    b.append(
        String.format(
            Locale.ROOT,
            "%-26s %-22s %10.3f %10.3f %10.3f %10.3f %9.3f%n",
            abbreviate(op, 26),
            abbreviate(node, 22),
            t.p50Micros() / 1000.0,
            t.p99Micros() / 1000.0,
            clientP50 / 1000.0,
            clientP99 / 1000.0,
            (clientP50 - t.p50Micros()) / 1000.0));
  }

  private static String abbreviate(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max - 1) + "…";
  }
}
