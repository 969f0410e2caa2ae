package io.qharness.metrics;

import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * The figures of one operation over a run: counts, throughput, latency percentiles of successful
 * calls in microseconds, and recall@k when measured. Percentiles are NaN-free: 0 when no call
 * succeeded; recall fields are null when not measured.
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
    List<NodeSummary> nodes) {

  /** The same figures for the calls coordinated by one node. */
  public record NodeSummary(
      String node,
      long count,
      long errors,
      long p50Micros,
      long p99Micros,
      long maxMicros,
      Double recallMean) {
    static NodeSummary of(String node, Histogram ok, Histogram ko, Histogram recall) {
      return new NodeSummary(
          node,
          ok.getTotalCount() + ko.getTotalCount(),
          ko.getTotalCount(),
          ok.getValueAtPercentile(50),
          ok.getValueAtPercentile(99),
          ok.getMaxValue(),
          recall.getTotalCount() == 0 ? null : recall.getMean() / OperationMetrics.RECALL_SCALE);
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
      List<NodeSummary> nodes) {
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
        List.copyOf(nodes));
  }
}
