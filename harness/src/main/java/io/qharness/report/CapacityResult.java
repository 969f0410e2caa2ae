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
    RunFile.ServerResources serverResources,
    List<Size> sizes) {

  /** One cluster size a sweep ran at (a sweep around a scale event measures two). */
  public record Size(
      int nodes, double maxSustainableRate, double perNodeRate, List<CapacityStep> steps) {}

  /** p50/p99 of the swept operation in one reporting interval, seconds since the sweep began. */
  public record TimelinePoint(double t, double p50Ms, double p99Ms, double throughput) {}

  /** A USL fit over runs at several node counts. */
  public record UslFit(Usl model, List<String> runs, double[] nodeCounts, double[] throughputs) {
    /** Fits one run's maximum sustainable rate at its node count and other capacity runs'. */
    public static UslFit over(String name, int nodes, double rate, List<CapacityResult> others) {
      return over(name, new int[] {nodes}, new double[] {rate}, others);
    }

    /** Fits the sizes one run measured (around a scale event) and other capacity runs'. */
    public static UslFit over(List<Size> sizes, List<CapacityResult> others) {
      int[] n = new int[sizes.size()];
      double[] x = new double[sizes.size()];
      for (int i = 0; i < n.length; i++) {
        n[i] = sizes.get(i).nodes();
        x[i] = sizes.get(i).maxSustainableRate();
      }
      return over("this run", n, x, others);
    }

    private static UslFit over(
        String name, int[] nodes, double[] rates, List<CapacityResult> others) {
      List<String> names = new ArrayList<>();
      double[] n = new double[others.size() + nodes.length];
      double[] x = new double[n.length];
      for (int i = 0; i < nodes.length; i++) {
        names.add(nodes.length == 1 ? name : name + " at " + nodes[i] + " nodes");
        n[i] = nodes[i];
        x[i] = rates[i];
      }
      for (int i = 0; i < others.size(); i++) {
        CapacityResult c = others.get(i);
        names.add(c.runId());
        n[nodes.length + i] = c.nodes();
        x[nodes.length + i] = c.analysis().maxSustainableRate();
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
        serverResources,
        sizes);
  }

  public boolean testDouble() {
    return target != null && target.testDouble();
  }
}
