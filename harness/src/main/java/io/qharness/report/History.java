package io.qharness.report;

import io.qharness.config.Catalog;
import io.qharness.metrics.OperationSummary;
import io.qharness.metrics.RunSummary;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * A workload's figures over its recorded runs, oldest first, with the change points of each series:
 * where the figures shifted, by how much, and which runs lie on each side. A point is one run, or
 * the mean of a set of repeated runs (one nightly job).
 *
 * @param points the runs (or sets), oldest first
 * @param series one per operation and metric
 */
public record History(List<String> points, List<Series> series) {
  /** The figures a history follows (p99.9 and max are too noisy to locate shifts in). */
  static final Metric[] METRICS = {
    Metric.THROUGHPUT,
    Metric.P50,
    Metric.P90,
    Metric.P99,
    Metric.ERRORS,
    Metric.RECALL,
    Metric.SERVER_P50
  };

  /** One run, or one set of repeated runs, with its name. */
  public record Point(String name, List<RunSummary> runs) {}

  /** One figure over the points, with its change points. */
  public record Series(
      String operation, Metric metric, double[] values, List<ChangePoints.ChangePoint> changes) {
    /** True when the shift at {@code c} made the figure worse. */
    public boolean worse(ChangePoints.ChangePoint c) {
      return metric.higherIsWorse() ? c.after() > c.before() : c.after() < c.before();
    }
  }

  /**
   * The history of {@code points}: change points that move a figure by at least {@code minChange}
   * (relative for throughput and latency; absolute for error rate and recall, a tenth of it).
   */
  public static History of(List<Point> points, ChangePoints.Options options, double minChange) {
    TreeSet<String> ops = new TreeSet<>();
    for (Point p : points) {
      for (RunSummary s : p.runs()) {
        s.operations().forEach(o -> ops.add(o.name()));
      }
    }
    List<Series> series = new ArrayList<>();
    for (String op : ops) {
      if (op.startsWith(Catalog.WARMUP_PREFIX)) {
        continue;
      }
      for (Metric m : METRICS) {
        double[] values = new double[points.size()];
        boolean complete = true;
        for (int i = 0; i < points.size() && complete; i++) {
          values[i] = value(points.get(i), op, m);
          complete = !Double.isNaN(values[i]);
        }
        if (!complete) {
          continue;
        }
        List<ChangePoints.ChangePoint> changes = new ArrayList<>();
        for (ChangePoints.ChangePoint c : ChangePoints.find(values, options)) {
          double shift =
              m.relative() ? Math.abs(c.relativeChange()) : 10 * Math.abs(c.after() - c.before());
          if (shift >= minChange) {
            changes.add(c);
          }
        }
        series.add(new Series(op, m, values, changes));
      }
    }
    return new History(points.stream().map(Point::name).toList(), series);
  }

  /** True when a figure shifted for the worse and has stayed there up to the newest point. */
  public boolean latestRegressed() {
    for (Series s : series) {
      if (!s.changes().isEmpty() && s.worse(s.changes().get(s.changes().size() - 1))) {
        return true;
      }
    }
    return false;
  }

  /** The change points as a Markdown table, or a sentence when there is none. */
  public String markdown() {
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
    List<String[]> rows = new ArrayList<>();
    for (Series x : series) {
      for (ChangePoints.ChangePoint c : x.changes()) {
        rows.add(
            new String[] {
              x.operation(),
              x.metric().label,
              points.get(c.index()),
              x.metric().format(c.before()) + " -> " + x.metric().format(c.after()),
              x.metric().relative()
                  ? String.format(Locale.ROOT, "%+.1f%%", 100 * c.relativeChange())
                  : String.format(Locale.ROOT, "%+.4f", c.after() - c.before()),
              x.worse(c) ? "**worse**" : "better",
              String.format(Locale.ROOT, "%.3f", c.pValue()),
              c.index() + " / " + (points.size() - c.index())
            });
      }
    }
    if (rows.isEmpty()) {
      return s.append("No change point in any figure.\n").toString();
    }
    s.append("| operation | metric | first run after | before -> after | change | direction |")
        .append(" p | runs before / after |\n|---|---|---|---|---|---|---|---|\n");
    for (String[] r : rows) {
      s.append("| ").append(String.join(" | ", r)).append(" |\n");
    }
    return s.toString();
  }

  /** A self-contained HTML page: each figure over the points, its change points marked. */
  public String html() {
    StringBuilder h = ReportPage.open("qharness history", "History of " + points.size() + " runs");
    h.append("<p class=\"prov\">")
        .append(SvgChart.esc(points.isEmpty() ? "" : points.get(0)))
        .append(" .. ")
        .append(SvgChart.esc(points.isEmpty() ? "" : points.get(points.size() - 1)))
        .append(": change points by E-divisive means (permutation test, 5 %) are marked.</p>");
    Map<String, List<Series>> byOp = new LinkedHashMap<>();
    series.forEach(x -> byOp.computeIfAbsent(x.operation(), k -> new ArrayList<>()).add(x));
    byOp.forEach(
        (op, list) -> {
          h.append("<h2>").append(SvgChart.esc(op)).append("</h2>");
          for (Series x : list) {
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

  /** A point's figure: one run's, or the mean of a set's runs (geometric for relative figures). */
  static double value(Point p, String op, Metric m) {
    double sum = 0;
    int n = 0;
    for (RunSummary s : p.runs()) {
      OperationSummary o = s.operation(op);
      if (o == null) {
        return Double.NaN;
      }
      double v =
          switch (m) {
            case THROUGHPUT -> o.throughputPerSec();
            case P50 -> o.p50Micros();
            case P90 -> o.p90Micros();
            case P99 -> o.p99Micros();
            case P999 -> o.p999Micros();
            case MAX -> o.maxMicros();
            case ERRORS -> o.errorRate();
            case RECALL -> o.recallMean() == null ? Double.NaN : o.recallMean();
            case SERVER_P50 -> o.serverTime() == null ? Double.NaN : o.serverTime().p50Micros();
            case SERVER_P99 -> o.serverTime() == null ? Double.NaN : o.serverTime().p99Micros();
          };
      if (Double.isNaN(v) || (m.relative() && v <= 0)) {
        return Double.NaN;
      }
      sum += m.relative() ? Math.log(v) : v;
      n++;
    }
    if (n == 0) {
      return Double.NaN;
    }
    return m.relative() ? Math.exp(sum / n) : sum / n;
  }
}
