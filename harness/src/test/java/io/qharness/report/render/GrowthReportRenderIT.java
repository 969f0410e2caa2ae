package io.qharness.report.render;

import static org.assertj.core.api.Assertions.assertThat;

import io.qharness.results.RunFile.Growth;
import io.qharness.results.RunFile.GrowthStage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The growing-collection page opened from disk in headless Chromium: its three charts drawn. */
class GrowthReportRenderIT {
  @TempDir Path dir;

  static Growth growth() {
    List<GrowthStage> stages = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      stages.add(
          new GrowthStage(
              10.0 * i,
              10.0 * (i + 1),
              2000L * (i + 1),
              2.0,
              100,
              0,
              50,
              1000,
              2.0 + 0.3 * i,
              8.0 + i,
              1.0 - 0.004 * i,
              0.9));
    }
    return new Growth("search", 20_000, stages);
  }

  @Test
  void rendersItsChartsInHeadlessChromium() throws Exception {
    Path browser = CapacityReportRenderIT.chromium();
    if (browser == null) {
      assertThat(System.getenv("CI"))
          .as("chromium must be installed in CI (see .ci/run)")
          .isNotEqualTo("true");
      Assumptions.abort("chromium is not installed (apt-get install chromium)");
    }
    Path html = GrowthReport.write(dir, "grow-render", false, growth());
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
    Matcher charts = Pattern.compile("<svg class=\"chart\"").matcher(dom);
    int count = 0;
    while (charts.find()) {
      count++;
    }
    assertThat(count).as("latency, recall and throughput charts").isEqualTo(3);
    Matcher series =
        Pattern.compile(
                "<polyline class=\"series\" data-name=\"([^\"]*)\"[^>]* points=\"([^\"]*)\"")
            .matcher(dom);
    List<String> names = new ArrayList<>();
    while (series.find()) {
      names.add(series.group(1));
      assertThat(series.group(2).split(" ")).as("points of " + series.group(1)).hasSize(10);
    }
    assertThat(names)
        .containsExactly("p50", "p99", "recall mean", "searches/s", "points ingested/s");
    assertThat(dom).contains("90–100 %").contains("20,000");
  }
}
