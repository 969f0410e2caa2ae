package io.qharness.report.render;

import io.qharness.report.ChangePoints;
import io.qharness.report.History;
import io.qharness.report.Metric;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A run history ({@link History}) as Markdown (its change points) and as an HTML page of charts.
 */
public final class HistoryReport {
  private HistoryReport() {}

  /** The change points as a Markdown table, or a sentence when there is none. */
  public static String markdown(History history) {
    List<String> points = history.points();
    List<History.Series> series = history.series();
    StringBuilder s = new StringBuilder();
    s.append(
        String.format(
            Locale.ROOT,
            "## qharness history: %d point(s), %s .. %s%n%n",
            points.size(),
            points.isEmpty() ? "-" : points.get(0),
            points.isEmpty() ? "-" : points.get(points.size() - 1)));
    s.append(
        "Change points by E-divisive means (permutation test, 5 % per level); a point is a run or"
            + " the mean of a set of repeated runs.\n\n");
    Table table =
        new Table(
            "operation",
            "metric",
            "first run after",
            "before -> after",
            "change",
            "direction",
            "p",
            "runs before / after");
    for (History.Series x : series) {
      for (ChangePoints.ChangePoint c : x.changes()) {
        table.row(
            x.operation(),
            x.metric().label,
            points.get(c.index()),
            x.metric().format(c.before()) + " -> " + x.metric().format(c.after()),
            x.metric().relative()
                ? String.format(Locale.ROOT, "%+.1f%%", 100 * c.relativeChange())
                : String.format(Locale.ROOT, "%+.4f", c.after() - c.before()),
            x.worse(c) ? "**worse**" : "better",
            String.format(Locale.ROOT, "%.3f", c.pValue()),
            c.index() + " / " + (points.size() - c.index()));
      }
    }
    if (table.isEmpty()) {
      return s.append("No change point in any figure.\n").toString();
    }
    return s.append(table.markdown()).toString();
  }

  /** A self-contained HTML page: each figure over the points, its change points marked. */
  public static String html(History history) {
    List<String> points = history.points();
    List<History.Series> series = history.series();
    StringBuilder h = ReportPage.open("qharness history", "History of " + points.size() + " runs");
    h.append("<p class=\"prov\">")
        .append(SvgChart.esc(points.isEmpty() ? "" : points.get(0)))
        .append(" .. ")
        .append(SvgChart.esc(points.isEmpty() ? "" : points.get(points.size() - 1)))
        .append(": change points by E-divisive means (permutation test, 5 %) are marked.</p>");
    Map<String, List<History.Series>> byOp = new LinkedHashMap<>();
    series.forEach(x -> byOp.computeIfAbsent(x.operation(), k -> new ArrayList<>()).add(x));
    byOp.forEach(
        (op, list) -> {
          h.append("<h2>").append(SvgChart.esc(op)).append("</h2>");
          for (History.Series x : list) {
            double[] idx = new double[x.values().length];
            double[] y = new double[idx.length];
            for (int i = 0; i < idx.length; i++) {
              idx[i] = i + 1;
              y[i] = display(x.metric(), x.values()[i]);
            }
            SvgChart chart =
                new SvgChart(op + " " + x.metric().label, "run (oldest first)", unit(x.metric()))
                    .wholeX()
                    .series(x.metric().label, idx, y, points.toArray(new String[0]));
            for (ChangePoints.ChangePoint c : x.changes()) {
              chart.vertical(
                  c.index() + 0.5,
                  (x.worse(c) ? "worse " : "better ")
                      + (x.metric().relative()
                          ? String.format(Locale.ROOT, "%+.0f%%", 100 * c.relativeChange())
                          : String.format(Locale.ROOT, "%+.3f", c.after() - c.before())),
                  x.worse(c) ? "#b00020" : "#1b7f3b");
            }
            h.append(chart.render());
          }
        });
    return h.append("</body></html>").toString();
  }

  private static double display(Metric m, double v) {
    return switch (m) {
      case THROUGHPUT, RECALL -> v;
      case ERRORS -> v * 100;
      default -> v / 1000.0;
    };
  }

  private static String unit(Metric m) {
    return switch (m) {
      case THROUGHPUT -> "ok/s";
      case RECALL -> "recall@k";
      case ERRORS -> "errors %";
      default -> "ms";
    };
  }
}
