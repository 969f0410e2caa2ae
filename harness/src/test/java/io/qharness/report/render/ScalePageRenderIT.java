package io.qharness.report.render;

import static org.assertj.core.api.Assertions.assertThat;

import io.qharness.report.FaultImpact;
import io.qharness.report.OperationIntervals;
import io.qharness.report.ScaleReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scale-event page opened from disk in headless Chromium: its three charts drawn, each transfer
 * a band, each step a line, the tables there.
 */
class ScalePageRenderIT {
  @TempDir Path dir;

  static final long T0 = 1_800_000_000_000L;

  static ScaleReport report() {
    FaultImpact.Window w = new FaultImpact.Window(100, 0, 0, 2.0, 9.0, 1.0);
    List<ScaleReport.Impact> impact = List.of(new ScaleReport.Impact("search", w, w, w));
    ScaleReport.Transfer a =
        new ScaleReport.Transfer(
            0,
            "node1",
            "node4",
            false,
            "stream_records",
            T0 + 12_000,
            T0 + 13_000,
            5000L,
            5000.0,
            3_200_000L,
            3_200_000.0,
            null,
            impact);
    ScaleReport.Transfer b =
        new ScaleReport.Transfer(
            2,
            "node2",
            "node4",
            false,
            "stream_records",
            T0 + 13_100,
            T0 + 14_000,
            4000L,
            4444.0,
            2_560_000L,
            2_844_444.0,
            null,
            impact);
    return new ScaleReport(
        "join node4; rebalance; drain node4",
        T0,
        List.of(
            new ScaleReport.Step("join node4", T0 + 5_000, T0 + 7_000, "node4 joined", List.of()),
            new ScaleReport.Step(
                "rebalance", T0 + 12_000, T0 + 14_000, "2 shard transfers", List.of(a, b)),
            new ScaleReport.Step("drain node4", T0 + 20_000, T0 + 22_000, "drained", List.of())),
        Map.of("node1 (peer 1)", List.of("shard 0 Active (5,000 points)")),
        Map.of("node1 (peer 1)", List.of("shard 0 Active (5,000 points)")),
        null);
  }

  static Map<String, List<OperationIntervals.Interval>> intervals() {
    List<OperationIntervals.Interval> search = new ArrayList<>();
    for (int s = 0; s < 30; s++) {
      Histogram h = new Histogram(3);
      h.recordValueWithCount(s >= 12 && s < 14 ? 20_000 : 2_000, 100);
      search.add(
          new OperationIntervals.Interval(
              T0 + s * 1000L, T0 + (s + 1) * 1000L, h, 0, new Histogram(3)));
    }
    return Map.of("search", search);
  }

  @Test
  void rendersItsChartsBandsAndTablesInHeadlessChromium() throws Exception {
    Path browser = CapacityReportRenderIT.chromium();
    if (browser == null) {
      assertThat(System.getenv("CI"))
          .as("chromium must be installed in CI (see .ci/run)")
          .isNotEqualTo("true");
      Assumptions.abort("chromium is not installed (apt-get install chromium)");
    }
    Path html = ScalePage.write(dir, "scale-render", false, 3, report(), intervals());
    String source = Files.readString(html);
    assertThat(source)
        .doesNotContain("src=")
        .doesNotContain("<script")
        .doesNotContain("test double");
    Path profile = Files.createDirectories(dir.resolve("profile"));
    String dom =
        CapacityReportRenderIT.run(
            List.of(
                browser.toString(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--user-data-dir=" + profile,
                "--dump-dom",
                html.toUri().toString()));
    assertThat(count(dom, "<svg class=\"chart\""))
        .as("latency, throughput, node count")
        .isEqualTo(3);
    assertThat(count(dom, "<rect class=\"band\""))
        .as("2 transfers on each of 3 charts")
        .isEqualTo(6);
    assertThat(count(dom, "<line class=\"marker\"")).as("3 steps on each of 3 charts").isEqualTo(9);
    assertThat(dom)
        .contains("shard 0 node1 -&gt; node4")
        .contains("<h2>Shard transfers</h2>")
        .contains("<th>MB/s</th>")
        .contains(">3.2</td>")
        .contains("Placement after")
        .contains("data-name=\"nodes\"");
  }

  private static int count(String s, String what) {
    Matcher m = Pattern.compile(Pattern.quote(what)).matcher(s);
    int n = 0;
    while (m.find()) {
      n++;
    }
    return n;
  }
}
