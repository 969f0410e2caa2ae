package io.qharness.report.render;

import static org.assertj.core.api.Assertions.assertThat;

import io.qharness.metrics.OperationSummary;
import io.qharness.metrics.RunSummary;
import io.qharness.report.EfSweep;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hnsw_ef sweep's HTML report opens offline in headless Chromium with both recall curves drawn.
 */
class EfSweepReportRenderIT {
  @TempDir Path dir;

  private static OperationSummary op(String name, double okPerSec, long p99Micros, double recall) {
    return new OperationSummary(
        name,
        "SEND_TIME",
        1000,
        0,
        0,
        okPerSec,
        10,
        p99Micros / 3,
        p99Micros / 2,
        p99Micros,
        p99Micros,
        p99Micros,
        p99Micros / 3.0,
        recall,
        recall - 0.05,
        recall - 0.1,
        1000,
        0,
        0,
        0,
        0,
        List.of(),
        null,
        null);
  }

  static EfSweep sweep() {
    // the usual shape: recall rises with ef, throughput falls
    return EfSweep.of(
        new RunSummary(
            0,
            1,
            List.of(),
            List.of(
                op("search ef=16", 4200, 3_000, 0.81),
                op("search ef=32", 3500, 4_000, 0.90),
                op("search ef=64", 2600, 6_000, 0.957),
                op("search ef=128", 1700, 9_000, 0.985),
                op("search ef=256", 1000, 15_000, 0.996),
                op("search exact", 150, 80_000, 1.0))),
        0.95,
        true);
  }

  @Test
  void rendersOfflineWithBothCurvesAndTheRecommendation() throws Exception {
    String source = EfSweepReport.html(sweep(), "ef-render", false);
    assertThat(source)
        .doesNotContain("src=")
        .doesNotContain("href=")
        .doesNotContain("<link")
        .doesNotContain("<script")
        .doesNotContain("url(");
    assertThat(source)
        .contains("Recommended hnsw_ef<b>64</b>")
        .contains("64 <b>(recommended)</b>")
        .doesNotContain("test double");
    assertThat(EfSweepReport.html(sweep(), "ef-render", true)).contains("test double");

    Path browser = CapacityReportRenderIT.chromium();
    if (browser == null) {
      assertThat(System.getenv("CI"))
          .as("chromium must be installed in CI (see .ci/run)")
          .isNotEqualTo("true");
      Assumptions.abort("chromium is not installed (apt-get install chromium)");
    }
    Path html = Files.writeString(dir.resolve("ef-sweep.html"), source);
    Path profile = Files.createDirectories(dir.resolve("profile"));
    List<String> base =
        List.of(
            browser.toString(),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--hide-scrollbars",
            "--user-data-dir=" + profile,
            "--window-size=960,1800");
    String dom =
        CapacityReportRenderIT.run(
            CapacityReportRenderIT.concat(base, "--dump-dom", html.toUri().toString()));
    Matcher charts = Pattern.compile("<svg class=\"chart\"").matcher(dom);
    int count = 0;
    while (charts.find()) {
      count++;
    }
    assertThat(count).as("charts: throughput vs recall, latency vs recall").isEqualTo(2);
    Matcher series =
        Pattern.compile(
                "<polyline class=\"series\" data-name=\"([^\"]*)\"[^>]* points=\"([^\"]*)\"")
            .matcher(dom);
    int curves = 0;
    while (series.find()) {
      if (series.group(1).contains("hnsw_ef")) {
        curves++;
        assertThat(series.group(2).split(" ")).as("points of " + series.group(1)).hasSize(5);
      }
    }
    assertThat(curves).as("ok/s, p50 and p99 curves over the ef steps").isEqualTo(3);
    assertThat(dom).contains("target 0.950");

    Path png = dir.resolve("shot.png");
    CapacityReportRenderIT.run(
        CapacityReportRenderIT.concat(base, "--screenshot=" + png, html.toUri().toString()));
    BufferedImage img = ImageIO.read(png.toFile());
    int blue = 0;
    for (int y = 0; y < img.getHeight(); y++) {
      for (int x = 0; x < img.getWidth(); x++) {
        if (CapacityReportRenderIT.close(img.getRGB(x, y) & 0xFFFFFF, 0x1f77b4)) {
          blue++;
        }
      }
    }
    assertThat(blue).as("pixels of the first curve's colour").isGreaterThan(300);
  }
}
