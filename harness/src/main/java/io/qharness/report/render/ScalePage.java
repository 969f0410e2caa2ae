package io.qharness.report.render;

import io.qharness.config.Catalog;
import io.qharness.report.FaultImpact;
import io.qharness.report.OperationIntervals;
import io.qharness.report.ScaleReport;
import io.qharness.results.AtomicFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A scale event as one self-contained HTML page ({@code scale.html}): over the load's time, the
 * latency percentiles, the throughput of each operation and the cluster's node count, with every
 * shard transfer drawn as a band and every step as a line; then the steps, the transfers with what
 * users saw during them, and the placement before and after.
 */
public final class ScalePage {
  public static final String FILE = "scale.html";

  private static final String[] BAND_COLORS = {"#9467bd", "#ff7f0e", "#17becf", "#8c564b"};

  private ScalePage() {}

  /** Writes {@link #FILE} into the run's folder. */
  public static Path write(
      Path runDir,
      String runId,
      boolean testDouble,
      int membersAtStart,
      ScaleReport r,
      Map<String, List<OperationIntervals.Interval>> ops) {
    Path file = runDir.resolve(FILE);
    AtomicFiles.write(file, html(runId, testDouble, membersAtStart, r, ops));
    return file;
  }

  public static String html(
      String runId,
      boolean testDouble,
      int membersAtStart,
      ScaleReport r,
      Map<String, List<OperationIntervals.Interval>> ops) {
    long origin = r.startMillis();
    String main =
        ops.containsKey("search") ? "search" : ops.keySet().stream().findFirst().orElse("");
    List<OperationIntervals.Interval> timeline = active(ops.getOrDefault(main, List.of()), origin);
    SvgChart latency = latencyChart(main, timeline, origin);
    double end =
        timeline.isEmpty()
            ? 0
            : (timeline.get(timeline.size() - 1).startMillis()
                        + timeline.get(timeline.size() - 1).endMillis())
                    / 2000.0
                - origin / 1000.0;
    SvgChart throughput = throughputChart(ops, origin);
    SvgChart nodes = nodeCount(r, membersAtStart, end);
    for (SvgChart c : new SvgChart[] {latency, throughput, nodes}) {
      markSteps(c, r, origin);
    }
    StringBuilder h =
        ReportPage.open("qharness scale event " + runId, "Scale event &mdash; run " + esc(runId));
    if (testDouble) {
      h.append(ReportPage.TEST_DOUBLE_WARNING);
    }
    h.append("<p>Schedule <code>")
        .append(esc(r.schedule()))
        .append("</code>. Bands: shard transfers; lines: the steps.</p>");
    if (r.failure() != null) {
      h.append("<p class=\"warn\">The event stopped: ").append(esc(r.failure())).append("</p>");
    }
    h.append(latency.render()).append(throughput.render()).append(nodes.render());
    stepsTable(h, r, origin);
    transfersTable(h, r);
    placement(h, "Placement before", r.placementBefore());
    placement(h, "Placement after", r.placementAfter());
    h.append(
        "<p class=\"prov\">Latency: client side, HdrHistogram, from each request's intended start"
            + " (open model), per reporting interval. \"During\" a transfer: every interval that"
            + " overlaps it; \"before\": the load before the first step; \"after\": from the end of"
            + " the transfer's step to the next step. Placement: each node's own replicas, as it"
            + " reported them.</p></body></html>\n");
    return h.toString();
  }

  /** Percentiles of the main operation over the event. */
  private static SvgChart latencyChart(
      String main, List<OperationIntervals.Interval> timeline, long origin) {
    int n = timeline.size();
    double[] t = new double[n];
    double[] p50 = new double[n];
    double[] p99 = new double[n];
    for (int i = 0; i < n; i++) {
      OperationIntervals.Interval iv = timeline.get(i);
      t[i] = (iv.startMillis() + iv.endMillis()) / 2000.0 - origin / 1000.0;
      p50[i] = iv.ok().getValueAtPercentile(50) / 1000.0;
      p99[i] = iv.ok().getValueAtPercentile(99) / 1000.0;
    }
    return new SvgChart(
            main + " latency over the scale event", "seconds from the load's start", "ms")
        .series("p50", t, p50)
        .series("p99", t, p99)
        .logYWhenSpanning(10);
  }

  /** Every measured operation's throughput over the event. */
  private static SvgChart throughputChart(
      Map<String, List<OperationIntervals.Interval>> ops, long origin) {
    SvgChart throughput =
        new SvgChart("Throughput per operation", "seconds from the load's start", "ok/s");
    ops.forEach(
        (op, intervals) -> {
          if (op.startsWith(Catalog.WARMUP_PREFIX)) {
            return;
          }
          List<OperationIntervals.Interval> a = active(intervals, origin);
          double[] x = new double[a.size()];
          double[] y = new double[a.size()];
          for (int i = 0; i < a.size(); i++) {
            x[i] = (a.get(i).startMillis() + a.get(i).endMillis()) / 2000.0 - origin / 1000.0;
            y[i] = a.get(i).throughput();
          }
          if (x.length > 0) {
            throughput.line(op, x, y);
          }
        });
    return throughput;
  }

  /** The steps as lines and the shard transfers as bands. */
  private static void markSteps(SvgChart c, ScaleReport r, long origin) {
    int k = 0;
    for (ScaleReport.Step s : r.steps()) {
      c.vertical((s.startMillis() - origin) / 1000.0, s.step(), "#555");
      for (ScaleReport.Transfer tr : s.transfers()) {
        c.band(
            (tr.startMillis() - origin) / 1000.0,
            (tr.endMillis() - origin) / 1000.0,
            "shard " + tr.shard() + " " + tr.from() + (tr.copy() ? " +> " : " -> ") + tr.to(),
            BAND_COLORS[k++ % BAND_COLORS.length]);
      }
    }
  }

  private static void stepsTable(StringBuilder h, ScaleReport r, long origin) {
    h.append("<h2>Steps</h2><table><tr><th>at</th><th>step</th><th>seconds</th><th>what</th></tr>");
    for (ScaleReport.Step s : r.steps()) {
      h.append(
          String.format(
              Locale.ROOT,
              "<tr><td>+%.1f s</td><td>%s</td><td>%.1f</td><td>%s</td></tr>",
              (s.startMillis() - origin) / 1000.0,
              esc(s.step()),
              s.seconds(),
              esc(s.detail())));
    }
  }

  /** Each transfer's figures beside the latency and errors before, during and after it. */
  private static void transfersTable(StringBuilder h, ScaleReport r) {
    h.append("</table><h2>Shard transfers</h2><table><tr><th>shard</th><th>from</th><th>to</th>")
        .append("<th>method</th><th>seconds</th><th>points</th><th>points/s</th><th>MB/s</th>")
        .append("<th>operation</th><th>before err / p99 ms</th><th>during</th><th>after</th></tr>");
    for (ScaleReport.Step s : r.steps()) {
      for (ScaleReport.Transfer tr : s.transfers()) {
        int rows = Math.max(1, tr.impact().size());
        for (int i = 0; i < rows; i++) {
          h.append("<tr>");
          if (i == 0) {
            h.append(
                String.format(
                    Locale.ROOT,
                    "<td rowspan=\"%d\">%d</td><td rowspan=\"%d\">%s</td><td rowspan=\"%d\">%s</td>"
                        + "<td rowspan=\"%d\">%s%s</td><td rowspan=\"%d\">%.2f</td>"
                        + "<td rowspan=\"%d\">%s</td><td rowspan=\"%d\">%s</td>"
                        + "<td rowspan=\"%d\">%s</td>",
                    rows,
                    tr.shard(),
                    rows,
                    esc(tr.from()),
                    rows,
                    esc(tr.to()),
                    rows,
                    esc(tr.method()),
                    tr.copy() ? " (copy)" : "",
                    rows,
                    tr.seconds(),
                    rows,
                    tr.points() == null ? "-" : String.format(Locale.ROOT, "%,d", tr.points()),
                    rows,
                    tr.pointsPerSec() == null
                        ? "-"
                        : String.format(Locale.ROOT, "%,.0f", tr.pointsPerSec()),
                    rows,
                    tr.megabytesPerSec()));
          }
          if (tr.impact().isEmpty()) {
            h.append("<td colspan=\"4\">-</td>");
          } else {
            ScaleReport.Impact im = tr.impact().get(i);
            h.append("<td>")
                .append(esc(im.operation()))
                .append("</td><td>")
                .append(window(im.before()))
                .append("</td><td>")
                .append(window(im.during()))
                .append("</td><td>")
                .append(window(im.after()))
                .append("</td>");
          }
          h.append("</tr>");
        }
      }
    }
    h.append("</table>");
  }

  /** The node count over time: up by one when a join ends, down by one when a drain ends. */
  private static SvgChart nodeCount(ScaleReport r, int members, double end) {
    List<double[]> points = new ArrayList<>();
    int count = members;
    points.add(new double[] {0, count});
    for (ScaleReport.Step s : r.steps()) {
      double at = (s.endMillis() - r.startMillis()) / 1000.0;
      int next =
          s.step().contains("join") ? count + 1 : s.step().contains("drain") ? count - 1 : count;
      if (next != count) {
        points.add(new double[] {at, count});
        points.add(new double[] {at, next});
        count = next;
      }
    }
    points.add(new double[] {Math.max(end, points.get(points.size() - 1)[0]), count});
    double[] x = new double[points.size()];
    double[] y = new double[points.size()];
    for (int i = 0; i < x.length; i++) {
      x[i] = points.get(i)[0];
      y[i] = points.get(i)[1];
    }
    return new SvgChart("Nodes in the cluster", "seconds from the load's start", "nodes")
        .line("nodes", x, y);
  }

  private static List<OperationIntervals.Interval> active(
      List<OperationIntervals.Interval> intervals, long origin) {
    List<OperationIntervals.Interval> out = new ArrayList<>();
    for (OperationIntervals.Interval i : intervals) {
      if (i.startMillis() >= origin - 1000 && i.ok().getTotalCount() > 0) {
        out.add(i);
      }
    }
    return out;
  }

  private static void placement(StringBuilder h, String title, Map<String, List<String>> p) {
    if (p == null) {
      return;
    }
    h.append("<h2>")
        .append(title)
        .append("</h2><table><tr><th>node</th><th>its replicas</th></tr>");
    p.forEach(
        (node, replicas) ->
            h.append("<tr><td>")
                .append(esc(node))
                .append("</td><td>")
                .append(esc(replicas.isEmpty() ? "none" : String.join(", ", replicas)))
                .append("</td></tr>"));
    h.append("</table>");
  }

  private static String window(FaultImpact.Window w) {
    return w.requests() == 0
        ? "-"
        : String.format(Locale.ROOT, "%.2f %% / %.1f", w.errorRate() * 100, w.p99Ms());
  }

  private static String esc(String s) {
    return ReportPage.esc(s);
  }
}
