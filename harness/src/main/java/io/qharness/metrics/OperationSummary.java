package io.qharness.metrics;

import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * The figures of one operation over a run: counts, throughput, latency percentiles of successful
 * calls in microseconds, the server's own processing time beside them, and recall@k when measured.
 * Percentiles are NaN-free: 0 when no call succeeded; recall and server fields are null when not
 * measured (records written before server time was, or responses without it).
 */
public record OperationSummary(
    String name,
    String latencyOrigin,
    long count,
    long errors,
    double errorRate,
    double throughputPerSec,
    double activeSeconds,
    long p50Micros,
    long p90Micros,
    long p99Micros,
    long p999Micros,
    long maxMicros,
    double meanMicros,
    Double recallMean,
    Double recallP5,
    Double recallMin,
    long recallSamples,
    long recallBelowThreshold,
    long retries,
    long items,
    double itemsPerSec,
    List<NodeSummary> nodes,
    ServerTime serverTime,
    Double meanResponseBytes) {

  /**
   * The processing time the server reported in its responses ({@code time}), in microseconds: the
   * part of the client's latency spent inside Qdrant; the rest is network, client and queueing.
   */
  public record ServerTime(
      long samples,
      long p50Micros,
      long p90Micros,
      long p99Micros,
      long maxMicros,
      double meanMicros) {
    static ServerTime of(Histogram h) {
      return h.getTotalCount() == 0
          ? null
          : new ServerTime(
              h.getTotalCount(),
              h.getValueAtPercentile(50),
              h.getValueAtPercentile(90),
              h.getValueAtPercentile(99),
              h.getMaxValue(),
              h.getMean());
    }
  }

  /** The same figures for the calls coordinated by one node. */
  public record NodeSummary(
      String node,
      long count,
      long errors,
      long p50Micros,
      long p99Micros,
      long maxMicros,
      Double recallMean,
      ServerTime serverTime) {
    static NodeSummary of(
        String node, Histogram ok, Histogram ko, Histogram recall, Histogram server) {
      return new NodeSummary(
          node,
          ok.getTotalCount() + ko.getTotalCount(),
          ko.getTotalCount(),
          ok.getValueAtPercentile(50),
          ok.getValueAtPercentile(99),
          ok.getMaxValue(),
          recall.getTotalCount() == 0 ? null : recall.getMean() / OperationMetrics.RECALL_SCALE,
          ServerTime.of(server));
    }
  }

  static OperationSummary of(
      String name,
      LatencyOrigin origin,
      Histogram ok,
      Histogram ko,
      Histogram recall,
      double activeSeconds,
      long retries,
      long recallBelowThreshold,
      long items,
      List<NodeSummary> nodes,
      Histogram server,
      Double meanResponseBytes) {
    long okCount = ok.getTotalCount();
    long errors = ko.getTotalCount();
    long count = okCount + errors;
    boolean hasRecall = recall.getTotalCount() > 0;
    double scale = OperationMetrics.RECALL_SCALE;
    return new OperationSummary(
        name,
        origin.name(),
        count,
        errors,
        count == 0 ? 0 : (double) errors / count,
        activeSeconds > 0 ? okCount / activeSeconds : 0,
        activeSeconds,
        ok.getValueAtPercentile(50),
        ok.getValueAtPercentile(90),
        ok.getValueAtPercentile(99),
        ok.getValueAtPercentile(99.9),
        ok.getMaxValue(),
        okCount == 0 ? 0 : ok.getMean(),
        hasRecall ? recall.getMean() / scale : null,
        hasRecall ? recall.getValueAtPercentile(5) / scale : null,
        hasRecall ? recall.getMinValue() / scale : null,
        recall.getTotalCount(),
        recallBelowThreshold,
        retries,
        items,
        activeSeconds > 0 ? items / activeSeconds : 0,
        List.copyOf(nodes),
        ServerTime.of(server),
        meanResponseBytes);
  }
}
