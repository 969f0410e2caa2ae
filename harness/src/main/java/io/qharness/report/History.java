package io.qharness.report;

import io.qharness.config.Catalog;
import io.qharness.metrics.OperationSummary;
import io.qharness.metrics.RunSummary;
import java.util.ArrayList;
import java.util.List;
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
