package io.qharness.report;

import io.qharness.results.RunFile;
import io.qharness.results.RunFile.TargetKind;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything a capacity report shows, as stored in {@code results/<run-id>/capacity.json}: the
 * steps, the analysis, the optional projection and USL fit, and the latency timeline.
 */
public record CapacityResult(
    String runId,
    String workload,
    TargetKind target,
    String qdrantVersion,
    int nodes,
    String operation,
    List<CapacityStep> steps,
    CapacityAnalysis analysis,
    Projection.Result projection,
    UslFit usl,
    List<TimelinePoint> timeline,
    boolean prometheus,
    List<String> notes,
    RunFile.ServerResources serverResources) {

  /** p50/p99 of the swept operation in one reporting interval, seconds since the sweep began. */
  public record TimelinePoint(double t, double p50Ms, double p99Ms, double throughput) {}

  /** A USL fit over runs at several node counts. */
  public record UslFit(Usl model, List<String> runs, double[] nodeCounts, double[] throughputs) {
    /** Fits one run's maximum sustainable rate at its node count and other capacity runs'. */
    public static UslFit over(String name, int nodes, double rate, List<CapacityResult> others) {
      List<String> names = new ArrayList<>(List.of(name));
      double[] n = new double[others.size() + 1];
      double[] x = new double[others.size() + 1];
      n[0] = nodes;
      x[0] = rate;
      for (int i = 0; i < others.size(); i++) {
        CapacityResult c = others.get(i);
        names.add(c.runId());
        n[i + 1] = c.nodes();
        x[i + 1] = c.analysis().maxSustainableRate();
      }
      return new UslFit(Usl.fit(n, x), names, n, x);
    }
  }

  /**
   * This result with a USL fit over other capacity runs, and its projection (if any) redone with
   * the fitted model.
   */
  public CapacityResult withUsl(List<CapacityResult> others) {
    UslFit fit = UslFit.over(runId, nodes, analysis.maxSustainableRate(), others);
    Projection.Result p = projection;
    if (p != null) {
      p =
          Projection.project(
              p.targetRate(),
              p.vectors(),
              p.dimension(),
              p.replication(),
              p.quantization(),
              p.measuredBytesPerPoint(),
              p.nodeMemoryBytes(),
              p.perNodeRate(),
              fit.model());
    }
    return new CapacityResult(
        runId,
        workload,
        target,
        qdrantVersion,
        nodes,
        operation,
        steps,
        analysis,
        p,
        fit,
        timeline,
        prometheus,
        notes,
        serverResources);
  }

  public boolean testDouble() {
    return target != null && target.testDouble();
  }
}
