package io.qharness.report.render;

import io.qharness.results.AtomicFiles;
import io.qharness.results.RunFile.Growth;
import io.qharness.results.RunFile.GrowthStage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The growing-collection case as one self-contained HTML page ({@code growth.html}): latency,
 * recall and throughput of the searches against the collection's fill, and the stage table.
 */
public final class GrowthReport {
  public static final String FILE = "growth.html";

  private GrowthReport() {}

  /** Writes {@link #FILE} into the run's folder. */
  public static Path write(Path runDir, String runId, boolean testDouble, Growth g) {
    Path file = runDir.resolve(FILE);
    AtomicFiles.write(file, html(runId, testDouble, g));
    return file;
  }

  public static String html(String runId, boolean testDouble, Growth g) {
    List<GrowthStage> measured = new ArrayList<>();
    for (GrowthStage s : g.stages()) {
      if (s.p50Ms() != null) {
        measured.add(s);
      }
    }
    int n = measured.size();
    double[] fill = new double[n];
    double[] p50 = new double[n];
    double[] p99 = new double[n];
    double[] recall = new double[n];
    double[] searches = new double[n];
    double[] ingest = new double[n];
    for (int i = 0; i < n; i++) {
      GrowthStage s = measured.get(i);
      fill[i] = s.toPct();
      p50[i] = s.p50Ms();
      p99[i] = s.p99Ms();
      recall[i] = s.recallMean() == null ? 0 : s.recallMean();
      searches[i] = s.searchesPerSec();
      ingest[i] = s.ingestPointsPerSec();
    }
    StringBuilder h =
        ReportPage.open(
            "qharness growing collection " + runId,
            "Searches while the collection grows &mdash; run " + esc(runId));
    if (testDouble) {
      h.append(ReportPage.TEST_DOUBLE_WARNING);
    }
    h.append(
            String.format(
                Locale.ROOT,
                "<p>Operation <code>%s</code> while %,d points were written from an empty"
                    + " collection, by fill stage (the points acknowledged at the middle of each"
                    + " reporting interval).</p>",
                esc(g.operation()),
                g.points()))
        .append(
            new SvgChart("Search latency by fill", "fill, % of points", "ms")
                .series("p50", fill, p50)
                .series("p99", fill, p99)
                .logYWhenSpanning(10)
                .render())
        .append(
            new SvgChart("Recall@k by fill", "fill, % of points", "recall")
                .series("recall mean", fill, recall)
                .render())
        .append(
            new SvgChart("Throughput by fill", "fill, % of points", "per second")
                .series("searches/s", fill, searches)
                .series("points ingested/s", fill, ingest)
                .render());
    stagesTable(h, g);
    h.append(
        "</table><p class=\"prov\">Latency: client side, HdrHistogram, from each request's intended"
            + " start (open model). Recall: against the exact top-k of the points acknowledged when"
            + " each search was sent; a point that may have become visible while it ran is also"
            + " counted right.</p></body></html>\n");
    return h.toString();
  }

  private static void stagesTable(StringBuilder h, Growth g) {
    h.append(
        "<h2>Stages</h2><table><tr><th>fill</th><th>points</th><th>searches</th><th>search/s</th>"
            + "<th>ingest points/s</th><th>p50 ms</th><th>p99 ms</th><th>recall mean</th>"
            + "<th>recall min</th><th>errors</th></tr>");
    for (GrowthStage s : g.stages()) {
      h.append(
          String.format(
              Locale.ROOT,
              "<tr><td>%.0f&ndash;%.0f %%</td><td>%,d</td><td>%d</td><td>%.1f</td><td>%.0f</td>"
                  + "<td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%d</td></tr>",
              s.fromPct(),
              s.toPct(),
              s.pointsAtEnd(),
              s.searches(),
              s.searchesPerSec(),
              s.ingestPointsPerSec(),
              num(s.p50Ms(), "%.3f"),
              num(s.p99Ms(), "%.3f"),
              num(s.recallMean(), "%.4f"),
              num(s.recallMin(), "%.3f"),
              s.errors()));
    }
  }

  private static String num(Double v, String format) {
    return v == null ? "-" : String.format(Locale.ROOT, format, v);
  }

  private static String esc(String s) {
    return ReportPage.esc(s);
  }
}
