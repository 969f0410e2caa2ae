package io.qharness.report.render;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A small line-chart renderer producing inline SVG, so reports open anywhere without network or
 * scripts: series with markers, axis ticks, grid, legend, horizontal reference lines (an SLO) and
 * vertical markers (a knee, step boundaries).
 */
public final class SvgChart {
  private static final String[] COLORS = {
    "#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf", "#8c564b", "#e377c2"
  };
  private static final int W = 860;
  private static final int H = 340;
  private static final int L = 70;
  private static final int R = 20;
  private static final int T = 40;
  private static final int B = 50;

  private record Series(String name, double[] x, double[] y, boolean markers, String[] labels) {}

  private record Line(double value, String label, String color, boolean vertical) {}

  private record Band(double x0, double x1, String label, String color) {}

  private final String title;
  private final String xLabel;
  private final String yLabel;
  private final List<Series> series = new ArrayList<>();
  private final List<Line> lines = new ArrayList<>();
  private final List<Band> bands = new ArrayList<>();
  private double logYSpan = Double.NaN;
  private boolean wholeX;
  private boolean recallX;
  private boolean exactRecall; // set by frame(): a point at recall 1 sits at the right edge

  public SvgChart(String title, String xLabel, String yLabel) {
    this.title = title;
    this.xLabel = xLabel;
    this.yLabel = yLabel;
  }

  public SvgChart series(String name, double[] x, double[] y) {
    series.add(new Series(name, x, y, true, null));
    return this;
  }

  /** A series with markers, each point labelled (e.g. the parameter value it was measured at). */
  public SvgChart series(String name, double[] x, double[] y, String[] labels) {
    if (labels.length != x.length) {
      throw new IllegalArgumentException(
          "one label per point: " + labels.length + " labels for " + x.length + " points");
    }
    series.add(new Series(name, x, y, true, labels));
    return this;
  }

  public SvgChart line(String name, double[] x, double[] y) {
    series.add(new Series(name, x, y, false, null));
    return this;
  }

  public SvgChart horizontal(double y, String label, String color) {
    lines.add(new Line(y, label, color, false));
    return this;
  }

  public SvgChart vertical(double x, String label, String color) {
    lines.add(new Line(x, label, color, true));
    return this;
  }

  /** A shaded span of x from {@code x0} to {@code x1} (an event that lasted), labelled. */
  public SvgChart band(double x0, double x1, String label, String color) {
    bands.add(new Band(x0, Math.max(x0, x1), label, color));
    return this;
  }

  /**
   * Draws y on a log scale when the positive values span more than {@code factor} (e.g. 10 for
   * latencies): one overloaded point then no longer flattens all the others.
   */
  public SvgChart logYWhenSpanning(double factor) {
    this.logYSpan = factor;
    return this;
  }

  /** Labels x with whole numbers only (steps, runs), at least one apart. */
  public SvgChart wholeX() {
    this.wholeX = true;
    return this;
  }

  /**
   * Draws x as recall on a "nines" scale, -log10(1 - recall), as ann-benchmarks spreads its recall
   * axes: 0.9, 0.99 and 0.999 lie one step apart, so the high-recall points users look at hardest
   * are not crowded into the right edge. Ticks are labelled with recall values.
   */
  public SvgChart recallX() {
    this.recallX = true;
    return this;
  }

  /** The nines of a recall below 1: 0.9 is 1, 0.99 is 2; 1 itself is infinite. */
  static double nines(double recall) {
    return recall >= 1 ? Double.POSITIVE_INFINITY : -Math.log10(1 - recall);
  }

  public boolean isEmpty() {
    return series.stream().allMatch(s -> s.x().length == 0);
  }

  /**
   * The plot's data ranges: x from x0 to x1 (on the recall scale when {@code recallX}, x0 and x1
   * given in it), y from yBottom (0, or a decade on log) to yTop.
   */
  private record Frame(
      double x0, double x1, double yBottom, double yTop, boolean logY, boolean recallX) {
    /**
     * The pixel column of a value; on the recall scale, recall 1 (exact) sits at the right edge.
     */
    double px(double v) {
      double x = recallX ? Math.min(x1, nines(v)) : v;
      return L + PW * (x - x0) / (x1 - x0);
    }

    /** The pixel row of a value; values off the scale are drawn at its edge. */
    double py(double v) {
      double share;
      if (logY) {
        double c = Math.max(yBottom, Math.min(v, yTop));
        share = Math.log10(c / yBottom) / Math.log10(yTop / yBottom);
      } else {
        share = Math.min(v, yTop) / yTop;
      }
      return T + PH - PH * share;
    }
  }

  private static final int PW = W - L - R;
  private static final int PH = H - T - B;

  public String render() {
    Frame f = frame();
    StringBuilder s = new StringBuilder();
    s.append(
        String.format(
            Locale.ROOT,
            "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\""
                + " width=\"%d\" height=\"%d\" role=\"img\" aria-label=\"%s\">",
            W,
            H,
            W,
            H,
            esc(title)));
    s.append("<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>");
    s.append(
        String.format(
            Locale.ROOT,
            "<text x=\"%d\" y=\"22\" font-size=\"15\" font-weight=\"600\" fill=\"#222\">%s</text>",
            L,
            esc(title)));
    axes(s, f);
    bands(s, f);
    markers(s, f);
    for (int k = 0; k < series.size(); k++) {
      series(s, f, k);
    }
    return s.append("</svg>").toString();
  }

  /** Ranges that hold every finite point and horizontal marker, y from 0 to a round top. */
  private Frame frame() {
    double minX = Double.MAX_VALUE;
    double maxX = -Double.MAX_VALUE;
    double maxY = 0;
    double minPositiveY = Double.MAX_VALUE;
    boolean exact = false;
    for (Series s : series) {
      for (int i = 0; i < s.x().length; i++) {
        if (Double.isFinite(s.y()[i])) {
          double x = recallX ? nines(s.x()[i]) : s.x()[i];
          if (Double.isInfinite(x)) {
            exact = true; // recall 1: drawn at the edge, half a nine past the others
            continue;
          }
          minX = Math.min(minX, x);
          maxX = Math.max(maxX, x);
          maxY = Math.max(maxY, s.y()[i]);
          if (s.y()[i] > 0) {
            minPositiveY = Math.min(minPositiveY, s.y()[i]);
          }
        }
      }
    }
    for (Line l : lines) {
      if (!l.vertical()) {
        maxY = Math.max(maxY, l.value());
      }
    }
    if (minX == Double.MAX_VALUE) {
      minX = 0;
      maxX = 1;
    }
    exactRecall = recallX && exact;
    if (recallX) { // half nines around the points: 0.9 .. 0.999, say
      minX = Math.max(0, Math.floor(minX * 2) / 2);
      maxX = Math.max(minX + 0.5, Math.ceil(maxX * 2) / 2 + (exact ? 0.5 : 0));
    }
    if (maxX == minX) {
      maxX = minX + 1;
    }
    if (maxY <= 0) {
      maxY = 1;
    }
    if (!Double.isNaN(logYSpan)
        && minPositiveY < Double.MAX_VALUE
        && maxY / minPositiveY > logYSpan) {
      double bottom = Math.pow(10, Math.floor(Math.log10(minPositiveY)));
      double top = Math.pow(10, Math.ceil(Math.log10(maxY * 1.05)));
      return new Frame(minX, maxX, bottom, top, true, recallX);
    }
    return new Frame(minX, maxX, 0, niceCeil(maxY * 1.05), false, recallX);
  }

  /** Grid, tick labels, plot border and axis labels. */
  private void axes(StringBuilder s, Frame f) {
    int pw = PW;
    int ph = PH;
    for (double v : yTicks(f)) {
      double py = f.py(v);
      s.append(
          String.format(
              Locale.ROOT,
              "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#e6e6e6\"/>",
              L,
              L + pw,
              py,
              py));
      s.append(
          String.format(
              Locale.ROOT,
              "<text x=\"%d\" y=\"%.1f\" font-size=\"11\" text-anchor=\"end\""
                  + " fill=\"#555\">%s</text>",
              L - 6,
              py + 4,
              num(v)));
    }
    for (double[] tick : xTicks(f)) {
      double px = L + pw * (tick[0] - f.x0()) / (f.x1() - f.x0());
      s.append(
          String.format(
              Locale.ROOT,
              "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%d\" y2=\"%d\" stroke=\"#f0f0f0\"/>",
              px,
              px,
              T,
              T + ph));
      s.append(
          String.format(
              Locale.ROOT,
              "<text x=\"%.1f\" y=\"%d\" font-size=\"11\" text-anchor=\"middle\""
                  + " fill=\"#555\">%s</text>",
              px,
              T + ph + 16,
              f.recallX() ? recallLabel(tick[1]) : tickLabel(tick[1], tick[2])));
    }
    s.append(
        String.format(
            Locale.ROOT,
            "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#999\"/>",
            L,
            T,
            pw,
            ph));
    s.append(
        String.format(
            Locale.ROOT,
            "<text x=\"%d\" y=\"%d\" font-size=\"12\" text-anchor=\"middle\""
                + " fill=\"#333\">%s</text>",
            L + pw / 2,
            H - 10,
            esc(xLabel)));
    s.append(
        String.format(
            Locale.ROOT,
            "<text x=\"16\" y=\"%d\" font-size=\"12\" text-anchor=\"middle\" fill=\"#333\""
                + " transform=\"rotate(-90 16 %d)\">%s</text>",
            T + ph / 2,
            T + ph / 2,
            esc(yLabel + (f.logY() ? " (log scale)" : ""))));
  }

  /**
   * The x ticks as {position on the frame's scale, value, step}: about six even steps, or on the
   * recall scale 0.9, 0.95, 0.99, 0.995, 0.999 ... (whole and half nines) within the frame.
   */
  private List<double[]> xTicks(Frame f) {
    List<double[]> out = new ArrayList<>();
    if (f.recallX()) {
      double last = exactRecall ? f.x1() - 0.5 : f.x1();
      for (double n = Math.ceil(f.x0() * 2) / 2; n <= last + 1e-9; n += 0.5) {
        double recall =
            n == Math.rint(n) ? 1 - Math.pow(10, -n) : 1 - 5 * Math.pow(10, -Math.ceil(n));
        out.add(new double[] {nines(recall), recall, 0});
      }
      if (exactRecall) {
        out.add(new double[] {f.x1(), 1, 0});
      }
      return out;
    }
    double xStep = niceCeil((f.x1() - f.x0()) / 6);
    if (wholeX) {
      xStep = Math.max(1, Math.ceil(xStep));
    }
    for (double v = Math.ceil(f.x0() / xStep) * xStep; v <= f.x1() + 1e-9; v += xStep) {
      double tick = v + 0.0; // no "-0"
      out.add(new double[] {tick, tick, xStep});
    }
    return out;
  }

  /** A tick's value with as many decimals as its step needs, so that no two ticks read alike. */
  static String tickLabel(double v, double step) {
    if (step <= 0 || step >= 1 || Math.abs(v) >= 1e4) {
      return num(v);
    }
    int decimals = (int) Math.ceil(-Math.log10(step) - 1e-9);
    double scaled = step * Math.pow(10, decimals);
    if (Math.abs(scaled - Math.rint(scaled)) > 1e-6) {
      decimals++; // steps such as 0.25 or 0.0025
    }
    return String.format(Locale.ROOT, "%." + decimals + "f", v);
  }

  /** 0.9, 0.95, 0.99, 0.995, 0.999 ... with no trailing noise. */
  static String recallLabel(double recall) {
    String s = String.format(Locale.ROOT, "%.6f", recall).replaceAll("0+$", "");
    return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
  }

  /** Six even ticks from 0, or on a log scale 1, 2 and 5 of each decade. */
  private static List<Double> yTicks(Frame f) {
    List<Double> out = new ArrayList<>();
    if (!f.logY()) {
      for (int i = 0; i <= 5; i++) {
        out.add(f.yTop() * i / 5);
      }
      return out;
    }
    for (double decade = f.yBottom(); decade < f.yTop() * 1.0001; decade *= 10) {
      for (double m : new double[] {1, 2, 5}) {
        if (decade * m <= f.yTop() * 1.0001) {
          out.add(decade * m);
        }
      }
    }
    return out;
  }

  /** Shaded spans across the plot's height, at least a pixel wide, labelled at the bottom. */
  private void bands(StringBuilder s, Frame f) {
    int k = 0;
    for (Band b : bands) {
      double x0 = Math.max(L, Math.min(L + PW, f.px(b.x0())));
      double x1 = Math.max(L, Math.min(L + PW, f.px(b.x1())));
      s.append(
          String.format(
              Locale.ROOT,
              "<rect class=\"band\" x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\""
                  + " fill-opacity=\"0.18\"><title>%s</title></rect>",
              x0,
              T,
              Math.max(1, x1 - x0),
              PH,
              b.color(),
              esc(b.label())));
      s.append(
          String.format(
              Locale.ROOT,
              "<text x=\"%.1f\" y=\"%d\" font-size=\"10\" fill=\"%s\">%s</text>",
              x0 + 2,
              T + PH - 4 - 12 * (k++ % 3),
              b.color(),
              esc(b.label())));
    }
  }

  /** Dashed marker lines (targets, limits, the knee), labelled. */
  private void markers(StringBuilder s, Frame f) {
    int pw = PW;
    int ph = PH;
    int verticals = 0;
    for (Line l : lines) {
      if (l.vertical()) {
        double px = f.px(l.value());
        s.append(
            String.format(
                Locale.ROOT,
                "<line class=\"marker\" x1=\"%.1f\" x2=\"%.1f\" y1=\"%d\" y2=\"%d\" stroke=\"%s\""
                    + " stroke-dasharray=\"5,4\" stroke-width=\"1.5\"/>",
                px,
                px,
                T,
                T + ph,
                l.color()));
        boolean right =
            px > L + pw * 0.8; // near the right edge the label goes to the left of the line
        s.append(
            String.format(
                Locale.ROOT,
                "<text x=\"%.1f\" y=\"%d\" font-size=\"11\" text-anchor=\"%s\""
                    + " fill=\"%s\">%s</text>",
                right ? px - 4 : px + 4,
                T + 12 + 14 * (verticals++ % 3),
                right ? "end" : "start",
                l.color(),
                esc(l.label())));
      } else {
        double py = f.py(l.value());
        s.append(
            String.format(
                Locale.ROOT,
                "<line class=\"marker\" x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"%s\""
                    + " stroke-dasharray=\"8,4\" stroke-width=\"1.5\"/>",
                L,
                L + pw,
                py,
                py,
                l.color()));
        s.append(
            String.format(
                Locale.ROOT,
                "<text x=\"%d\" y=\"%.1f\" font-size=\"11\" text-anchor=\"end\""
                    + " fill=\"%s\">%s</text>",
                L + pw - 4,
                py - 4,
                l.color(),
                esc(l.label())));
      }
    }
  }

  /** One series: its polyline, point markers with labels, and its legend entry. */
  private void series(StringBuilder s, Frame f, int k) {
    int pw = PW;
    int ph = PH;
    int legendX = L + 10;
    Series ser = series.get(k);
    String color = COLORS[k % COLORS.length];
    StringBuilder pts = new StringBuilder();
    for (int i = 0; i < ser.x().length; i++) {
      if (!Double.isFinite(ser.y()[i])) {
        continue;
      }
      double px = f.px(ser.x()[i]);
      double py = f.py(ser.y()[i]);
      pts.append(String.format(Locale.ROOT, "%.1f,%.1f ", px, py));
      if (ser.markers()) {
        s.append(
            String.format(
                Locale.ROOT,
                "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3.5\" fill=\"%s\"><title>%s: %s at"
                    + " %s</title></circle>",
                px,
                py,
                color,
                esc(ser.name()),
                num(ser.y()[i]),
                num(ser.x()[i])));
        if (ser.labels() != null) {
          boolean nearRight = px > L + pw * 0.9; // keep the label inside the chart
          s.append(
              String.format(
                  Locale.ROOT,
                  "<text class=\"point-label\" x=\"%.1f\" y=\"%.1f\" font-size=\"10\""
                      + " fill=\"%s\"%s>%s</text>",
                  nearRight ? px - 5 : px + 5,
                  py - 6,
                  color,
                  nearRight ? " text-anchor=\"end\"" : "",
                  esc(ser.labels()[i])));
        }
      }
    }
    s.append(
        String.format(
            Locale.ROOT,
            "<polyline class=\"series\" data-name=\"%s\" fill=\"none\" stroke=\"%s\""
                + " stroke-width=\"2\" points=\"%s\"/>",
            esc(ser.name()),
            color,
            pts.toString().trim()));
    int lx = legendX + k * 150;
    s.append(
        String.format(
            Locale.ROOT,
            "<rect x=\"%d\" y=\"%d\" width=\"14\" height=\"4\" fill=\"%s\"/>",
            lx,
            T + 8,
            color));
    s.append(
        String.format(
            Locale.ROOT,
            "<text x=\"%d\" y=\"%d\" font-size=\"11\" fill=\"#333\">%s</text>",
            lx + 18,
            T + 13,
            esc(ser.name())));
  }

  static double niceCeil(double v) {
    double p = Math.pow(10, Math.floor(Math.log10(v)));
    for (double m : new double[] {1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10}) {
      if (m * p >= v) {
        return m * p;
      }
    }
    return 10 * p;
  }

  static String num(double v) {
    double a = Math.abs(v);
    if (a >= 1e9) {
      return String.format(Locale.ROOT, "%.1fG", v / 1e9);
    }
    if (a >= 1e6) {
      return String.format(Locale.ROOT, "%.1fM", v / 1e6);
    }
    if (a >= 1e4) {
      return String.format(Locale.ROOT, "%.0fk", v / 1e3);
    }
    if (v == Math.rint(v)) {
      return String.format(Locale.ROOT, "%.0f", v); // whole steps, runs, decades: no decimals
    }
    if (a >= 100) {
      return String.format(Locale.ROOT, "%.0f", v);
    }
    if (a >= 10) {
      return String.format(Locale.ROOT, "%.1f", v);
    }
    return String.format(Locale.ROOT, "%.2f", v);
  }

  static String esc(String s) {
    return s.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }
}
