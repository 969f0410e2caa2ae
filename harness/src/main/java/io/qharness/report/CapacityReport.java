package io.qharness.report;

import io.qharness.results.AtomicFiles;
import io.qharness.results.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * Renders a capacity result as one self-contained HTML file (inline SVG and CSS, no scripts, no
 * network) and as Markdown.
 */
public final class CapacityReport {
  /** The capacity result in a run folder; the HTML and Markdown reports are rendered from it. */
  public static final String JSON = "capacity.json";

  private CapacityReport() {}

  /** Writes capacity.json, capacity.html and capacity.md into a run folder. */
  public static void write(Path dir, CapacityResult result) {
    AtomicFiles.writeJson(dir.resolve(JSON), result);
    AtomicFiles.write(dir.resolve("capacity.html"), html(result));
    AtomicFiles.write(dir.resolve("capacity.md"), markdown(result));
  }

  /** True when a run folder holds a capacity result. */
  public static boolean exists(Path dir) {
    return Files.isRegularFile(dir.resolve(JSON));
  }

  /** Reads a run's capacity.json. */
  public static CapacityResult read(Path dir) {
    Path f = dir.resolve(JSON);
    try {
      return Json.MAPPER.readValue(Files.readAllBytes(f), CapacityResult.class);
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException(
          dir + " has no capacity.json: it is not a capacity run (run CapacitySimulation)");
    } catch (IOException e) {
      throw new IllegalArgumentException(
          f + " is not a valid capacity result (" + e.getMessage() + ")");
    }
  }

  /** The reports' inline CSS (no external sheets: a report opens offline). */
  static final String STYLE =
      "body{font-family:-apple-system,Segoe UI,Helvetica,Arial,sans-serif;margin:24px"
          + " auto;max-width:920px;color:#222}h1{font-size:22px}h2{font-size:17px;margin-top:28px;border-bottom:1px"
          + " solid"
          + " #ddd;padding-bottom:4px}.cards{display:flex;gap:12px;flex-wrap:wrap}.card{flex:1;min-width:180px;border:1px"
          + " solid #ddd;border-radius:6px;padding:10px}.card"
          + " b{display:block;font-size:22px;margin-top:4px}.warn{background:#fff4e5;border:1px"
          + " solid #f0b36b;padding:8px"
          + " 12px;border-radius:6px}table{border-collapse:collapse;font-size:12.5px;width:100%}th,td{border-bottom:1px"
          + " solid #eee;padding:4px 6px;text-align:right}"
          + "th:first-child,td:first-child{text-align:left}.miss{color:#b00020}.ok{color:#1b7f3b}"
          + ".prov{font-size:12.5px;color:#444}"
          + "svg.chart{margin-top:8px;max-width:100%;height:auto}";

  public static String html(CapacityResult r) {
    CapacityAnalysis a = r.analysis();
    StringBuilder h =
        ReportPage.open(
            "qharness capacity " + r.runId(),
            "Capacity of "
                + esc(
                    r.testDouble() ? "the qharness test double" : "Qdrant " + nz(r.qdrantVersion()))
                + " &mdash; run "
                + esc(r.runId()));
    if (r.testDouble()) {
      h.append(ReportPage.TEST_DOUBLE_WARNING);
    }
    h.append("<p>")
        .append(r.nodes())
        .append(" nodes, operation <code>")
        .append(esc(r.operation()))
        .append("</code>, SLO <b>")
        .append(esc(a.slo().describe()))
        .append("</b>, ")
        .append(r.steps().size())
        .append(" steps.</p>");
    h.append("<div class=\"cards\">");
    card(
        h,
        r.sizes() == null
            ? "Max sustainable throughput"
            : "Max sustainable throughput at " + r.nodes() + " nodes",
        a.maxSustainableStep() < 0 ? "none" : fmt(a.maxSustainableRate()) + "/s");
    card(h, "Knee of the latency curve", a.kneeStep() < 0 ? "none" : fmt(a.kneeRate()) + "/s");
    card(h, "Per-node capacity", fmt(a.perNodeRate()) + "/s");
    if (r.projection() != null) {
      card(
          h,
          "Nodes for " + fmt(r.projection().targetRate()) + "/s",
          r.projection().nodes() < 0 ? "unreachable" : Integer.toString(r.projection().nodes()));
    }
    h.append("</div><ul class=\"prov\">");
    a.provenance().forEach(p -> h.append("<li>").append(esc(p)).append("</li>"));
    h.append("</ul>");

    h.append("<h2>Latency vs throughput</h2>");
    h.append(latencyChart(r).render());
    h.append("<h2>Offered vs achieved throughput</h2>");
    h.append(throughputChart(r).render());
    h.append("<h2>Latency over time</h2>");
    h.append(timelineChart(r).render());
    SvgChart nodes = nodeChart(r, false);
    h.append("<h2>Per-node resources</h2>");
    if (nodes == null) {
      h.append(
          "<p class=\"prov\">No Prometheus address was given (<code>prometheus</code>), so per-node"
              + " request rates and memory were not collected.</p>");
    } else {
      h.append(nodes.render());
      SvgChart mem = nodeChart(r, true);
      if (mem != null) {
        h.append(mem.render());
      }
      h.append(
          "<p class=\"prov\">From each node's own /metrics through Prometheus, averaged over each"
              + " step's steady window. Qdrant exports no CPU metric; per-node CPU needs cAdvisor"
              + " or node-exporter next to the nodes.</p>");
    }
    if (r.sizes() != null && r.sizes().size() > 1) {
      h.append("<h2>Capacity at each cluster size</h2>")
          .append("<table><tr><th>nodes</th><th>maximum sustainable throughput</th>")
          .append("<th>per node</th><th>steps run</th><th>vs the first size</th></tr>");
      double first = r.sizes().get(0).maxSustainableRate();
      for (CapacityResult.Size z : r.sizes()) {
        h.append(
            String.format(
                Locale.ROOT,
                "<tr><td>%d</td><td>%s/s</td><td>%s/s</td><td>%d</td><td>%s</td></tr>",
                z.nodes(),
                fmt(z.maxSustainableRate()),
                fmt(z.perNodeRate()),
                z.steps().size(),
                first > 0
                    ? String.format(Locale.ROOT, "%.2fx", z.maxSustainableRate() / first)
                    : "-"));
      }
      h.append(
          "</table><p class=\"prov\">The same sweep before and after the scale event, on the"
              + " same collection and data; each size judged against the same SLO.</p>");
    }
    if (r.usl() != null) {
      h.append("<h2>Scalability (Universal Scalability Law)</h2>")
          .append(uslChart(r.usl()).render());
      Usl u = r.usl().model();
      h.append(
          String.format(
              Locale.ROOT,
              "<p class=\"prov\">X(N) = &lambda;N / (1 + &sigma;(N&minus;1) + &kappa;N(N&minus;1))"
                  + " with &lambda; = %.2f/s, &sigma; = %.4f, &kappa; = %.5f; R&sup2; = %.3f over"
                  + " %d measurements (%s). Peak at N = %s.%s</p>",
              u.lambda(),
              u.sigma(),
              u.kappa(),
              u.r2(),
              u.points(),
              esc(String.join(", ", r.usl().runs())),
              Double.isInfinite(u.peakN())
                  ? "&infin;"
                  : String.format(Locale.ROOT, "%.1f", u.peakN()),
              Arrays.stream(r.usl().nodeCounts()).distinct().count() == 2
                  ? " Two node counts fit contention only (Amdahl's law, &kappa; = 0): coherency"
                      + " shows from a third size on."
                  : ""));
    }
    if (r.projection() != null) {
      Projection.Result p = r.projection();
      h.append("<h2>Projection</h2><table><tr><th>quantity</th><th>value</th><th>basis</th></tr>");
      row(h, "target throughput", fmt(p.targetRate()) + "/s", "given");
      row(
          h,
          "vectors x dimension",
          String.format(Locale.ROOT, "%,d x %d", p.vectors(), p.dimension()),
          "given");
      row(
          h,
          "memory",
          String.format(Locale.ROOT, "%.1f GiB", p.memoryBytes() / (1L << 30)),
          p.formula());
      row(
          h,
          "nodes for memory",
          Integer.toString(p.nodesForMemory()),
          String.format(Locale.ROOT, "%.1f GiB per node", p.nodeMemoryBytes() / (1L << 30)));
      row(
          h,
          "nodes for throughput",
          p.nodesForThroughput() < 0 ? "unreachable" : Integer.toString(p.nodesForThroughput()),
          p.throughputBasis());
      row(
          h,
          "nodes needed",
          p.nodes() < 0 ? "unreachable" : Integer.toString(p.nodes()),
          "the larger of the two");
      h.append("</table>");
    }
    h.append(
        "<h2>Steps</h2><table><tr><th>step</th><th>offered/s</th><th>achieved/s</th><th>p50"
            + " ms</th><th>p90 ms</th><th>p99 ms</th><th>p99.9 ms</th><th>max"
            + " ms</th><th>errors</th><th>recall</th><th>SLO</th></tr>");
    for (CapacityStep s : r.steps()) {
      String v = a.stepVerdicts().get(s.index());
      h.append(
          String.format(
              Locale.ROOT,
              "<tr><td>%d</td><td>%.0f</td><td>%.1f</td><td>%.2f</td><td>%.2f</td><td>%.2f</td><td>%.2f</td><td>%.2f</td><td>%.2f%%</td><td>%s</td><td"
                  + " class=\"%s\">%s</td></tr>",
              s.index() + 1,
              s.offeredRate(),
              s.achievedRate(),
              s.p50Ms(),
              s.p90Ms(),
              s.p99Ms(),
              s.p999Ms(),
              s.maxMs(),
              s.errorRate() * 100,
              s.recallMean() == null ? "-" : String.format(Locale.ROOT, "%.4f", s.recallMean()),
              v.equals("meets SLO") ? "ok" : "miss",
              esc(v)));
    }
    h.append("</table>");
    if (r.serverResources() != null && r.serverResources().phases() != null) {
      h.append("<h2>Server resources per phase</h2>")
          .append(ResourcesTable.html(r.serverResources()));
    }
    if (!r.notes().isEmpty()) {
      h.append("<h2>Notes</h2><ul class=\"prov\">");
      r.notes().forEach(n -> h.append("<li>").append(esc(n)).append("</li>"));
      h.append("</ul>");
    }
    h.append("<p class=\"prov\">Generated by qharness from results/")
        .append(esc(r.runId()))
        .append(
            "/capacity.json. Latency: client side, HdrHistogram, from each request's intended start"
                + " (open model).</p></body></html>\n");
    return h.toString();
  }

  static SvgChart latencyChart(CapacityResult r) {
    int n = r.steps().size();
    double[] x = new double[n];
    double[] p50 = new double[n];
    double[] p99 = new double[n];
    double[] p999 = new double[n];
    for (int i = 0; i < n; i++) {
      CapacityStep s = r.steps().get(i);
      x[i] = s.achievedRate();
      p50[i] = s.p50Ms();
      p99[i] = s.p99Ms();
      p999[i] = s.p999Ms();
    }
    SvgChart c =
        new SvgChart(
                "Latency percentiles per step vs achieved throughput",
                "achieved throughput (requests/s)",
                "latency (ms)")
            .logYWhenSpanning(10)
            .series("p50", x, p50)
            .series("p99", x, p99)
            .series("p99.9", x, p999)
            .horizontal(
                r.analysis().slo().boundMs(),
                "SLO p"
                    + r.analysis().slo().label()
                    + " "
                    + fmt(r.analysis().slo().boundMs())
                    + " ms",
                "#b00020");
    if (r.analysis().kneeStep() >= 0) {
      c.vertical(r.analysis().kneeRate(), "knee " + fmt(r.analysis().kneeRate()) + "/s", "#6a3d9a");
    }
    if (r.analysis().maxSustainableStep() >= 0) {
      c.vertical(r.analysis().maxSustainableRate(), "max under SLO", "#1b7f3b");
    }
    return c;
  }

  static SvgChart throughputChart(CapacityResult r) {
    int n = r.steps().size();
    double[] x = new double[n];
    double[] offered = new double[n];
    double[] achieved = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = i + 1;
      offered[i] = r.steps().get(i).offeredRate();
      achieved[i] = r.steps().get(i).achievedRate();
    }
    return new SvgChart("Offered vs achieved throughput", "step", "requests/s")
        .wholeX()
        .series("offered", x, offered)
        .series("achieved", x, achieved);
  }

  static SvgChart timelineChart(CapacityResult r) {
    int n = r.timeline().size();
    double[] t = new double[n];
    double[] p50 = new double[n];
    double[] p99 = new double[n];
    for (int i = 0; i < n; i++) {
      t[i] = r.timeline().get(i).t();
      p50[i] = r.timeline().get(i).p50Ms();
      p99[i] = r.timeline().get(i).p99Ms();
    }
    SvgChart c =
        new SvgChart(
                "p50 and p99 per reporting interval",
                "seconds since the sweep began",
                "latency (ms)")
            .logYWhenSpanning(10)
            .line("p50", t, p50)
            .line("p99", t, p99)
            .horizontal(r.analysis().slo().boundMs(), "SLO", "#b00020");
    if (!r.steps().isEmpty()) {
      long origin = r.steps().get(0).startMillis();
      for (CapacityStep s : r.steps()) {
        c.vertical((s.startMillis() - origin) / 1000.0, "s" + (s.index() + 1), "#999999");
      }
    }
    return c;
  }

  static SvgChart nodeChart(CapacityResult r, boolean memory) {
    TreeSet<String> names = new TreeSet<>();
    r.steps()
        .forEach(
            s -> {
              if (s.nodes() != null) {
                names.addAll(s.nodes().keySet());
              }
            });
    if (names.isEmpty()) {
      return null;
    }
    SvgChart c =
        memory
            ? new SvgChart("Resident memory per node", "step", "bytes").wholeX()
            : new SvgChart("gRPC requests/s per node (server side)", "step", "requests/s").wholeX();
    boolean any = false;
    for (String node : names) {
      List<Double> xs = new ArrayList<>();
      List<Double> ys = new ArrayList<>();
      for (CapacityStep s : r.steps()) {
        CapacityStep.NodeResources nr = s.nodes() == null ? null : s.nodes().get(node);
        Double v = nr == null ? null : memory ? nr.memoryBytes() : nr.requestRate();
        if (v != null) {
          xs.add((double) s.index() + 1);
          ys.add(v);
        }
      }
      if (!xs.isEmpty()) {
        any = true;
        c.series(
            node,
            xs.stream().mapToDouble(Double::doubleValue).toArray(),
            ys.stream().mapToDouble(Double::doubleValue).toArray());
      }
    }
    return any ? c : null;
  }

  static SvgChart uslChart(CapacityResult.UslFit fit) {
    double maxN = 0;
    for (double v : fit.nodeCounts()) {
      maxN = Math.max(maxN, v);
    }
    int m = 40;
    double[] nx = new double[m + 1];
    double[] ny = new double[m + 1];
    double top = Math.max(maxN * 2, 8);
    for (int i = 0; i <= m; i++) {
      nx[i] = 1 + (top - 1) * i / m;
      ny[i] = fit.model().predict(nx[i]);
    }
    return new SvgChart("Throughput vs nodes: measured and USL fit", "nodes", "requests/s")
        .wholeX()
        .series("measured", fit.nodeCounts(), fit.throughputs())
        .line("USL fit", nx, ny);
  }

  /** The same content for CI and pull requests. */
  public static String markdown(CapacityResult r) {
    CapacityAnalysis a = r.analysis();
    StringBuilder m = new StringBuilder();
    m.append("# qharness capacity: run ").append(r.runId()).append("\n\n");
    if (r.testDouble()) {
      m.append(
          "> Target: the embedded Qdrant-compatible **test double**; these figures are not Qdrant's"
              + " performance.\n\n");
    }
    m.append("SLO: **")
        .append(a.slo().describe())
        .append("**; ")
        .append(r.nodes())
        .append(" nodes; operation `")
        .append(r.operation())
        .append("`.\n\n");
    m.append("| | |\n|---|---|\n");
    // with several sizes the analysis is the last one's; say so, or 200/s after 600/s misleads
    String last = r.sizes() == null ? "" : " (at " + r.nodes() + " nodes, the last size)";
    m.append("| max sustainable throughput")
        .append(last)
        .append(" | ")
        .append(a.maxSustainableStep() < 0 ? "none" : fmt(a.maxSustainableRate()) + "/s")
        .append(" |\n");
    m.append("| knee | ")
        .append(a.kneeStep() < 0 ? "none" : fmt(a.kneeRate()) + "/s")
        .append(" |\n");
    m.append("| per-node capacity | ").append(fmt(a.perNodeRate())).append("/s |\n");
    if (r.projection() != null) {
      Projection.Result p = r.projection();
      m.append("| nodes for ")
          .append(fmt(p.targetRate()))
          .append("/s and ")
          .append(String.format(Locale.ROOT, "%,d", p.vectors()))
          .append(" vectors | ")
          .append(p.nodes() < 0 ? "unreachable" : p.nodes())
          .append(" (memory ")
          .append(p.nodesForMemory())
          .append(", throughput ")
          .append(p.nodesForThroughput())
          .append(") |\n");
    }
    if (r.sizes() != null) {
      for (CapacityResult.Size z : r.sizes()) {
        m.append(
            String.format(
                Locale.ROOT,
                "| at %d nodes | %.1f/s maximum sustainable, %.1f/s per node |%n",
                z.nodes(),
                z.maxSustainableRate(),
                z.perNodeRate()));
      }
    }
    if (r.usl() != null) {
      Usl u = r.usl().model();
      m.append(
          String.format(
              Locale.ROOT,
              "| USL fit | lambda %.2f/s, sigma %.4f, kappa %.5f, R^2 %.3f over %d measurements"
                  + " |\n",
              u.lambda(),
              u.sigma(),
              u.kappa(),
              u.r2(),
              u.points()));
    }
    m.append("\nWhere the numbers come from:\n\n");
    a.provenance().forEach(p -> m.append("- ").append(p).append('\n'));
    if (r.projection() != null) {
      m.append("- ").append(r.projection().formula()).append('\n');
      m.append("- throughput: ").append(r.projection().throughputBasis()).append('\n');
    }
    m.append(
        "\n"
            + "| step | offered/s | achieved/s | p50 ms | p99 ms | p99.9 ms | errors | recall | SLO"
            + " |\n"
            + "|---|---|---|---|---|---|---|---|---|\n");
    for (CapacityStep s : r.steps()) {
      m.append(
          String.format(
              Locale.ROOT,
              "| %d | %.0f | %.1f | %.2f | %.2f | %.2f | %.2f%% | %s | %s |%n",
              s.index() + 1,
              s.offeredRate(),
              s.achievedRate(),
              s.p50Ms(),
              s.p99Ms(),
              s.p999Ms(),
              s.errorRate() * 100,
              s.recallMean() == null ? "-" : String.format(Locale.ROOT, "%.4f", s.recallMean()),
              a.stepVerdicts().get(s.index())));
    }
    if (r.serverResources() != null && r.serverResources().phases() != null) {
      m.append("\nServer resources per phase:\n\n")
          .append(ResourcesTable.markdown(r.serverResources()));
    }
    if (!r.notes().isEmpty()) {
      m.append('\n');
      r.notes().forEach(n -> m.append("- ").append(n).append('\n'));
    }
    return m.toString();
  }

  private static void card(StringBuilder h, String label, String value) {
    h.append("<div class=\"card\">")
        .append(esc(label))
        .append("<b>")
        .append(esc(value))
        .append("</b></div>");
  }

  private static void row(StringBuilder h, String a, String b, String c) {
    h.append("<tr><td>")
        .append(esc(a))
        .append("</td><td>")
        .append(esc(b))
        .append("</td><td style=\"text-align:left\">")
        .append(esc(c))
        .append("</td></tr>");
  }

  static String fmt(double v) {
    return v >= 100
        ? String.format(Locale.ROOT, "%,.0f", v)
        : String.format(Locale.ROOT, "%.1f", v);
  }

  private static String nz(String s) {
    return s == null ? "(version unknown)" : s;
  }

  private static String esc(String s) {
    return ReportPage.esc(s);
  }
}
