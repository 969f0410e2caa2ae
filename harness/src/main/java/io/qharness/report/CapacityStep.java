package io.qharness.report;

import java.util.Map;

/**
 * One step of a capacity sweep, measured over its steady window (warm-up excluded): offered and
 * achieved throughput, latency percentiles (ms), error rate, recall, and per node what Prometheus
 * saw when a Prometheus address was given.
 */
public record CapacityStep(
    int index,
    double offeredRate,
    long startMillis,
    long endMillis,
    double achievedRate,
    long requests,
    long errors,
    double errorRate,
    double p50Ms,
    double p90Ms,
    double p99Ms,
    double p999Ms,
    double maxMs,
    Double recallMean,
    Map<String, NodeResources> nodes) {

  /** The same step numbered {@code i} (within its own sweep). */
  public CapacityStep withIndex(int i) {
    return copy(i, nodes);
  }

  /** The same step with each node's figures. */
  public CapacityStep withNodes(Map<String, NodeResources> perNode) {
    return copy(index, perNode);
  }

  private CapacityStep copy(int i, Map<String, NodeResources> perNode) {
    return new CapacityStep(
        i,
        offeredRate,
        startMillis,
        endMillis,
        achievedRate,
        requests,
        errors,
        errorRate,
        p50Ms,
        p90Ms,
        p99Ms,
        p999Ms,
        maxMs,
        recallMean,
        perNode);
  }

  /** A node's load and memory during the step, from its own /metrics via Prometheus. */
  public record NodeResources(Double requestRate, Double memoryBytes, Double cpuCores) {}

  /** Latency at one of the recorded percentiles (50, 90, 99, 99.9, 100 = max), in ms. */
  public double latencyMs(double percentile) {
    if (percentile >= 100) {
      return maxMs;
    }
    if (percentile >= 99.9) {
      return p999Ms;
    }
    if (percentile >= 99) {
      return p99Ms;
    }
    if (percentile >= 90) {
      return p90Ms;
    }
    return p50Ms;
  }
}
