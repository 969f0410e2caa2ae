package io.qharness.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a sweep says: the highest step meeting the SLO (maximum sustainable throughput), the knee of
 * the latency curve, and the per-node capacity, each with the steps it comes from.
 */
public record CapacityAnalysis(
    Slo slo,
    int maxSustainableStep,
    double maxSustainableRate,
    int kneeStep,
    double kneeRate,
    int nodes,
    double perNodeRate,
    List<String> stepVerdicts,
    List<String> provenance) {

  public static CapacityAnalysis analyse(List<CapacityStep> steps, Slo slo, int nodes) {
    int best = -1;
    List<String> verdicts = new ArrayList<>();
    for (CapacityStep s : steps) {
      String v = slo.violation(s);
      verdicts.add(v == null ? "meets SLO" : v);
      // the highest step meeting the SLO whose every lower step met it too: a lucky step after a
      // miss does not count
      if (v == null && (best == s.index() - 1 || (best == -1 && s.index() == 0))) {
        best = s.index();
      }
    }
    double[] x = new double[steps.size()];
    double[] y = new double[steps.size()];
    for (int i = 0; i < x.length; i++) {
      x[i] = steps.get(i).achievedRate();
      y[i] = steps.get(i).latencyMs(slo.percentile());
    }
    int knee = Knee.find(x, y);
    double rate = best < 0 ? 0 : steps.get(best).achievedRate();
    List<String> prov = new ArrayList<>();
    if (best >= 0) {
      CapacityStep b = steps.get(best);
      prov.add(
          String.format(
              Locale.ROOT,
              "maximum sustainable throughput %.1f/s: step %d (offered %.0f/s, achieved %.1f/s, p%s"
                  + " %.2f ms, errors %.2f%%)%s",
              rate,
              best + 1,
              b.offeredRate(),
              b.achievedRate(),
              slo.label(),
              b.latencyMs(slo.percentile()),
              b.errorRate() * 100,
              best + 1 < steps.size()
                  ? "; step " + (best + 2) + " missed: " + verdicts.get(best + 1)
                  : "; the sweep ended before the SLO broke"));
    } else {
      prov.add(
          "no step met the SLO ("
              + slo.describe()
              + "); step 1: "
              + (verdicts.isEmpty() ? "no steps" : verdicts.get(0)));
    }
    if (knee >= 0) {
      prov.add(
          String.format(
              Locale.ROOT,
              "knee at step %d (%.1f/s): Kneedle over p%s vs achieved throughput of steps 1..%d",
              knee + 1,
              x[knee],
              slo.label(),
              steps.size()));
    } else {
      prov.add("no knee: fewer than 3 steps or a flat latency curve");
    }
    prov.add(
        String.format(
            Locale.ROOT,
            "per-node capacity %.1f/s = %.1f/s over %d nodes (every node coordinates and serves"
                + " shards)",
            nodes > 0 ? rate / nodes : 0,
            rate,
            nodes));
    return new CapacityAnalysis(
        slo,
        best,
        rate,
        knee,
        knee >= 0 ? x[knee] : 0,
        nodes,
        nodes > 0 ? rate / nodes : 0,
        verdicts,
        prov);
  }
}
