package io.qharness.report;

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
}
