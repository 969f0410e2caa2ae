package io.qharness.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Debian's Prometheus on a free loopback port with a test-owned config and data directory, scraping
 * the given jobs, plus its HTTP query API.
 */
public final class LocalPrometheus extends LocalProcess {
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * A scrape job: name, targets (host:port), per-target labels, whether to honour pushed labels.
   */
  public record Job(
      String name, List<String> targets, List<Map<String, String>> labels, boolean honorLabels) {}

  private LocalPrometheus(Path dir) throws IOException {
    super(dir);
  }

  public static LocalPrometheus start(Path dir, String scrapeInterval, List<Job> jobs)
      throws IOException {
    return start(dir, scrapeInterval, jobs, List.of());
  }

  /** As {@link #start(Path, String, List)}, evaluating these alerting rule files too. */
  public static LocalPrometheus start(
      Path dir, String scrapeInterval, List<Job> jobs, List<Path> ruleFiles) throws IOException {
    Path bin = LocalBinaries.require("prometheus", "prometheus");
    LocalPrometheus p = new LocalPrometheus(dir);
    StringBuilder cfg = new StringBuilder();
    cfg.append("global:\n  scrape_interval: ")
        .append(scrapeInterval)
        .append("\n  evaluation_interval: ")
        .append(scrapeInterval)
        .append('\n');
    if (!ruleFiles.isEmpty()) {
      cfg.append("rule_files:\n");
      ruleFiles.forEach(f -> cfg.append("  - '").append(f.toAbsolutePath()).append("'\n"));
    }
    cfg.append("scrape_configs:\n");
    for (Job j : jobs) {
      cfg.append("  - job_name: ").append(j.name()).append('\n');
      cfg.append("    honor_labels: ").append(j.honorLabels()).append('\n');
      cfg.append("    static_configs:\n");
      for (int i = 0; i < j.targets().size(); i++) {
        cfg.append("      - targets: ['").append(j.targets().get(i)).append("']\n");
        Map<String, String> l =
            j.labels() == null || j.labels().size() <= i ? Map.of() : j.labels().get(i);
        if (!l.isEmpty()) {
          cfg.append("        labels:\n");
          l.forEach(
              (k, v) -> cfg.append("          ").append(k).append(": '").append(v).append("'\n"));
        }
      }
    }
    Path config = dir.resolve("prometheus.yml");
    Files.writeString(config, cfg.toString());
    p.start(
        List.of(
            bin.toString(),
            "--config.file=" + config,
            "--storage.tsdb.path=" + dir.resolve("data"),
            "--web.listen-address=127.0.0.1:" + p.port,
            "--storage.tsdb.retention.time=1h",
            "--log.level=warn"),
        "/-/ready");
    return p;
  }

  /** Result of an instant or range query: the series returned (empty when none). */
  public record Result(String expr, List<JsonNode> series) {
    public boolean hasData() {
      return !series.isEmpty();
    }
  }

  /**
   * Runs a PromQL range query through the HTTP API; a PromQL error raises naming the expression.
   */
  public Result queryRange(String expr, double startSeconds, double endSeconds, double stepSeconds)
      throws IOException, InterruptedException {
    String q =
        "/api/v1/query_range?query="
            + URLEncoder.encode(expr, StandardCharsets.UTF_8)
            + String.format(
                Locale.ROOT,
                "&start=%.3f&end=%.3f&step=%.3f",
                startSeconds,
                endSeconds,
                stepSeconds);
    return parse(expr, get(q));
  }

  public Result query(String expr) throws IOException, InterruptedException {
    return parse(
        expr, get("/api/v1/query?query=" + URLEncoder.encode(expr, StandardCharsets.UTF_8)));
  }

  /** Waits until {@code expr} returns data (up to {@code timeoutMillis}). */
  public Result awaitData(String expr, long timeoutMillis)
      throws IOException, InterruptedException {
    long deadline = System.currentTimeMillis() + timeoutMillis;
    Result r;
    do {
      r = query(expr);
      if (r.hasData()) {
        return r;
      }
      sleep(250);
    } while (System.currentTimeMillis() < deadline);
    return r;
  }

  private JsonNode get(String pathAndQuery) throws IOException, InterruptedException {
    HttpResponse<String> r =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(url() + pathAndQuery)).build(),
            HttpResponse.BodyHandlers.ofString());
    return JSON.readTree(r.body());
  }

  private static Result parse(String expr, JsonNode body) {
    if (!"success".equals(body.path("status").asText())) {
      throw new IllegalArgumentException(
          "PromQL error for `" + expr + "`: " + body.path("error").asText(body.toString()));
    }
    List<JsonNode> series = new ArrayList<>();
    body.path("data").path("result").forEach(series::add);
    return new Result(expr, series);
  }
}
