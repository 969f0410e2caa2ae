package io.qharness.report;

import io.qharness.cluster.Target;
import java.util.List;

/**
 * Everything a capacity report shows, as stored in {@code results/<run-id>/capacity.json}: the
 * steps, the analysis, the optional projection and USL fit, and the latency timeline.
 */
public record CapacityResult(
    String runId,
    String workload,
    String target,
    String qdrantVersion,
    int nodes,
    String operation,
    List<CapacityStep> steps,
    CapacityAnalysis analysis,
    Projection.Result projection,
    UslFit usl,
    List<TimelinePoint> timeline,
    boolean prometheus,
    List<String> notes) {

  /** p50/p99 of the swept operation in one reporting interval, seconds since the sweep began. */
  public record TimelinePoint(double t, double p50Ms, double p99Ms, double throughput) {}

  /** A USL fit over runs at several node counts. */
  public record UslFit(Usl model, List<String> runs, double[] nodeCounts, double[] throughputs) {}

  public boolean testDouble() {
    return Target.isTestDouble(target);
  }
}
