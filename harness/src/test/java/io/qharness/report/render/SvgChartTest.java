package io.qharness.report.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class SvgChartTest {
  /** The y pixel of each point of the first series, from its circles. */
  private static List<Double> pointRows(String svg) {
    List<Double> out = new ArrayList<>();
    Matcher m = Pattern.compile("<circle cx=\"[\\d.]+\" cy=\"([\\d.]+)\"").matcher(svg);
    while (m.find()) {
      out.add(Double.parseDouble(m.group(1)));
    }
    return out;
  }

  /** The y-axis tick labels, bottom to top. */
  private static List<String> yTicks(String svg) {
    List<String> out = new ArrayList<>();
    Matcher m = Pattern.compile("text-anchor=\"end\" fill=\"#555\">([^<]+)</text>").matcher(svg);
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }

  private static final double[] STEPS = {1, 2, 3, 4, 5};

  /** Latencies of a capacity sweep whose last step overloaded: 2 ms ... 2,000 ms. */
  private static final double[] OVERLOADED = {2, 2.5, 3, 4, 2000};

  @Test
  void latenciesSpanningMoreThanTenTimesAreDrawnOnALogScaleSoSmallStepsStayApart() {
    String linear = new SvgChart("t", "step", "ms").series("p99", STEPS, OVERLOADED).render();
    String log =
        new SvgChart("t", "step", "ms")
            .logYWhenSpanning(10)
            .series("p99", STEPS, OVERLOADED)
            .render();
    List<Double> lin = pointRows(linear);
    List<Double> lg = pointRows(log);
    // linear: 2 ms and 4 ms are less than a pixel apart under a 2,000 ms top
    assertThat(lin.get(0) - lin.get(3)).isLessThan(1.0);
    // log: a decade is a fixed share of the height, so 2 -> 4 ms is clearly visible
    assertThat(lg.get(0) - lg.get(3)).isGreaterThan(15.0); // log10(2) of 4 decades of 250 px
    assertThat(log).contains("ms (log scale)");
    assertThat(yTicks(log)).containsSubsequence("1", "2", "5", "10", "100", "1000", "10k");
  }

  @Test
  void valuesWithinTenTimesStayLinear() {
    String svg =
        new SvgChart("t", "step", "ms")
            .logYWhenSpanning(10)
            .series("p99", STEPS, new double[] {2, 3, 4, 5, 19})
            .render();
    assertThat(svg).doesNotContain("log scale");
    assertThat(yTicks(svg)).first().isEqualTo("0");
  }

  @Test
  void stepAxesAreLabelledWithWholeSteps() {
    String svg =
        new SvgChart("t", "step", "requests/s")
            .wholeX()
            .series("achieved", new double[] {1, 2, 3}, new double[] {10, 20, 30})
            .render();
    Matcher m = Pattern.compile("text-anchor=\"middle\" fill=\"#555\">([^<]+)</text>").matcher(svg);
    List<String> labels = new ArrayList<>();
    while (m.find()) {
      labels.add(m.group(1));
    }
    assertThat(labels).containsExactly("1", "2", "3");
  }

  /** The x-axis tick labels, left to right. */
  private static List<String> xTicks(String svg) {
    Matcher m = Pattern.compile("text-anchor=\"middle\" fill=\"#555\">([^<]+)</text>").matcher(svg);
    List<String> labels = new ArrayList<>();
    while (m.find()) {
      labels.add(m.group(1));
    }
    return labels;
  }

  /** The x pixel of each point, from its circles. */
  private static List<Double> pointColumns(String svg) {
    List<Double> out = new ArrayList<>();
    Matcher m = Pattern.compile("<circle cx=\"([\\d.]+)\"").matcher(svg);
    while (m.find()) {
      out.add(Double.parseDouble(m.group(1)));
    }
    return out;
  }

  @Test
  void closeTicksGetEnoughDecimalsToReadApart() {
    // recall 0.970 .. 0.990 on a linear axis: steps of 0.004 once read 0.97, 0.98, 0.98, 0.99
    List<String> labels =
        xTicks(
            new SvgChart("t", "recall", "ms")
                .series("p99", new double[] {0.970, 0.978, 0.985, 0.990}, STEPS)
                .render());
    assertThat(labels).doesNotHaveDuplicates().hasSizeGreaterThan(3);
    assertThat(labels).allMatch(l -> l.length() == 5, "three decimals, as 0.972");
    assertThat(SvgChart.tickLabel(0.25, 0.25)).isEqualTo("0.25");
    assertThat(SvgChart.tickLabel(3, 1)).isEqualTo("3");
  }

  @Test
  void aRecallAxisSpreadsTheNinesEvenlyAndPutsExactSearchAtTheEdge() {
    String svg =
        new SvgChart("t", "recall", "ms")
            .recallX()
            .series("p99", new double[] {0.9, 0.99, 0.999}, new double[] {1, 2, 3})
            .series("exact", new double[] {1.0}, new double[] {10})
            .render();
    assertThat(xTicks(svg)).containsExactly("0.9", "0.95", "0.99", "0.995", "0.999", "1");
    List<Double> x = pointColumns(svg);
    assertThat(x.get(1) - x.get(0))
        .as("0.9 -> 0.99 as wide as 0.99 -> 0.999")
        .isCloseTo(x.get(2) - x.get(1), org.assertj.core.api.Assertions.within(0.2));
    assertThat(x.get(3)).as("recall 1 at the right edge").isGreaterThan(x.get(2));
    assertThat(SvgChart.recallLabel(0.995)).isEqualTo("0.995");
  }
}
