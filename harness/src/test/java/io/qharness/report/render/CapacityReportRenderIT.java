package io.qharness.report.render;

import static org.assertj.core.api.Assertions.assertThat;

import io.qharness.report.CapacityAnalysis;
import io.qharness.report.CapacityAnalysisTest;
import io.qharness.report.CapacityResult;
import io.qharness.report.CapacityStep;
import io.qharness.report.Projection;
import io.qharness.report.Slo;
import io.qharness.report.Usl;
import io.qharness.results.RunFile;
import io.qharness.workload.Quantization;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTML capacity report opened from disk in headless Chromium (Debian's package): the charts are
 * there, every series has points, and the screenshot shows them drawn.
 */
class CapacityReportRenderIT {
  @TempDir Path dir;

  static Path chromium() {
    for (String name : List.of("chromium", "chromium-browser", "google-chrome")) {
      for (String d : System.getenv("PATH").split(":")) {
        Path p = Path.of(d, name);
        if (Files.isExecutable(p)) {
          return p;
        }
      }
    }
    return null;
  }

  static CapacityResult result() {
    List<CapacityStep> steps = new ArrayList<>();
    for (CapacityStep s : CapacityAnalysisTest.steps(Double.MAX_VALUE)) {
      Map<String, CapacityStep.NodeResources> nodes = new LinkedHashMap<>();
      for (int n = 1; n <= 3; n++) {
        nodes.put(
            "qdrant_node" + n,
            new CapacityStep.NodeResources(
                s.achievedRate() / 3 * (0.9 + 0.05 * n), 2e9 + n * 1e8 + s.index() * 1e7, null));
      }
      steps.add(
          new CapacityStep(
              s.index(),
              s.offeredRate(),
              s.startMillis(),
              s.endMillis(),
              s.achievedRate(),
              s.requests(),
              s.errors(),
              s.errorRate(),
              s.p50Ms(),
              s.p90Ms(),
              s.p99Ms(),
              s.p999Ms(),
              s.maxMs(),
              s.recallMean(),
              nodes));
    }
    Slo slo = new Slo(99, 5, 0.01, null);
    CapacityAnalysis a = CapacityAnalysis.analyse(steps, slo, 3);
    List<CapacityResult.TimelinePoint> timeline = new ArrayList<>();
    for (CapacityStep s : steps) {
      for (int t = 0; t < 10; t++) {
        timeline.add(
            new CapacityResult.TimelinePoint(
                s.index() * 10 + t, s.p50Ms(), s.p99Ms() * (0.9 + 0.02 * t), s.achievedRate()));
      }
    }
    double[] n = {1, 3, 5};
    double[] x = {300, 820, 1150};
    CapacityResult.UslFit usl =
        new CapacityResult.UslFit(Usl.fit(n, x), List.of("a", "b", "c"), n, x);
    Projection.Result p =
        Projection.project(
            1000,
            20_000_000,
            768,
            2,
            Quantization.NONE,
            null,
            64.0 * (1L << 30),
            a.perNodeRate(),
            usl.model());
    return new CapacityResult(
        "cap-render",
        "CapacitySimulation",
        RunFile.TargetKind.QDRANT,
        "1.18.3",
        3,
        "search",
        steps,
        a,
        p,
        usl,
        timeline,
        true,
        List.of("synthetic data for the render test"),
        null,
        List.of());
  }

  @Test
  void rendersInHeadlessChromiumWithChartsPresentAndDrawn() throws Exception {
    Path browser = chromium();
    if (browser == null) {
      assertThat(System.getenv("CI"))
          .as("chromium must be installed in CI (see .ci/run)")
          .isNotEqualTo("true");
      Assumptions.abort("chromium is not installed (apt-get install chromium)");
    }
    Path html = dir.resolve("capacity.html");
    Files.writeString(html, CapacityReport.html(result()));
    String source = Files.readString(html);
    // self-contained: nothing fetched (the only URL is the SVG namespace name)
    assertThat(source)
        .doesNotContain("src=")
        .doesNotContain("href=")
        .doesNotContain("<link")
        .doesNotContain("<script")
        .doesNotContain("url(");

    Path profile = Files.createDirectories(dir.resolve("profile"));
    List<String> base =
        List.of(
            browser.toString(),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--hide-scrollbars",
            "--user-data-dir=" + profile,
            "--window-size=960,3200");
    String dom = run(concat(base, "--dump-dom", html.toUri().toString()));
    Matcher charts = Pattern.compile("<svg class=\"chart\"").matcher(dom);
    int count = 0;
    while (charts.find()) {
      count++;
    }
    assertThat(count)
        .as("charts in the rendered page")
        .isEqualTo(6); // latency, throughput, timeline, node load, node memory, USL
    Matcher series =
        Pattern.compile(
                "<polyline class=\"series\" data-name=\"([^\"]*)\"[^>]* points=\"([^\"]*)\"")
            .matcher(dom);
    int polylines = 0;
    while (series.find()) {
      polylines++;
      assertThat(series.group(2).split(" ").length)
          .as("points of series " + series.group(1))
          .isGreaterThanOrEqualTo(3);
    }
    assertThat(polylines).isGreaterThanOrEqualTo(14);
    assertThat(dom).contains("knee").contains("SLO p99").contains("Nodes for 1,000/s");

    Path png = dir.resolve("shot.png");
    run(concat(base, "--screenshot=" + png, html.toUri().toString()));
    BufferedImage img = ImageIO.read(png.toFile());
    assertThat(img.getWidth()).isEqualTo(960);
    int blue = 0;
    int red = 0;
    int nonWhite = 0;
    for (int y = 0; y < img.getHeight(); y++) {
      for (int x = 0; x < img.getWidth(); x++) {
        int rgb = img.getRGB(x, y) & 0xFFFFFF;
        if (rgb != 0xFFFFFF) {
          nonWhite++;
        }
        if (close(rgb, 0x1f77b4)) {
          blue++;
        }
        if (close(rgb, 0xd62728)) {
          red++;
        }
      }
    }
    assertThat(blue).as("pixels of the first series colour").isGreaterThan(500);
    assertThat(red).as("pixels of the second series colour").isGreaterThan(500);
    assertThat(nonWhite).isGreaterThan(img.getWidth() * img.getHeight() / 50);
  }

  static boolean close(int rgb, int target) {
    int dr = ((rgb >> 16) & 0xFF) - ((target >> 16) & 0xFF);
    int dg = ((rgb >> 8) & 0xFF) - ((target >> 8) & 0xFF);
    int db = (rgb & 0xFF) - (target & 0xFF);
    return Math.abs(dr) < 24 && Math.abs(dg) < 24 && Math.abs(db) < 24;
  }

  static List<String> concat(List<String> a, String... b) {
    return Stream.concat(a.stream(), Stream.of(b)).toList();
  }

  static String run(List<String> cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    byte[] out = p.getInputStream().readAllBytes();
    assertThat(p.waitFor(90, TimeUnit.SECONDS)).as("chromium finished").isTrue();
    assertThat(p.exitValue()).as("chromium exit code").isZero();
    return new String(out, StandardCharsets.UTF_8);
  }
}
