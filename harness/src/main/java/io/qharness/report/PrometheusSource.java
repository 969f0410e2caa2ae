package io.qharness.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads per-node figures for a time window from Prometheus' HTTP API (range queries averaged per
 * series).
 */
public final class PrometheusSource {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final String address;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

  public PrometheusSource(String address) {
    this.address = address;
  }

  /**
   * The mean over [start, end] of each series of {@code expr}, keyed by the value of {@code label}.
   * Throws with the expression and Prometheus' error when the query fails.
   */
  public Map<String, Double> meanBy(String expr, String label, long startMillis, long endMillis)
      throws IOException {
    return query(
        expr,
        label,
        "/api/v1/query_range?query="
            + URLEncoder.encode(expr, StandardCharsets.UTF_8)
            + String.format(
                Locale.ROOT,
                "&start=%.3f&end=%.3f&step=1",
                startMillis / 1000.0,
                Math.max(startMillis + 1000, endMillis) / 1000.0));
  }

  /**
   * The value at {@code atMillis} of each series of {@code expr}, keyed by the value of {@code
   * label}.
   */
  public Map<String, Double> valuesAt(String expr, String label, long atMillis) throws IOException {
    return query(
        expr,
        label,
        "/api/v1/query?query="
            + URLEncoder.encode(expr, StandardCharsets.UTF_8)
            + String.format(Locale.ROOT, "&time=%.3f", atMillis / 1000.0));
  }

  private Map<String, Double> query(String expr, String label, String q) throws IOException {
    HttpResponse<String> r;
    try {
      r =
          http.send(
              HttpRequest.newBuilder(URI.create("http://" + address + q))
                  .timeout(Duration.ofSeconds(10))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted");
    } catch (IOException e) {
      throw new IOException(
          "Prometheus at "
              + address
              + " cannot be reached ("
              + e.getMessage()
              + "); check the prometheus setting");
    }
    JsonNode body = JSON.readTree(r.body());
    if (!"success".equals(body.path("status").asText())) {
      throw new IOException(
          "Prometheus query `" + expr + "` failed: " + body.path("error").asText(r.body()));
    }
    Map<String, Double> out = new TreeMap<>();
    for (JsonNode series : body.path("data").path("result")) {
      double sum = 0;
      int n = 0;
      // a range query answers "values" per series, an instant query one "value"
      Iterable<JsonNode> values =
          series.has("values") ? series.path("values") : List.of(series.path("value"));
      for (JsonNode v : values) {
        double d = Double.parseDouble(v.get(1).asText());
        if (Double.isFinite(d)) {
          sum += d;
          n++;
        }
      }
      if (n > 0) {
        out.put(series.path("metric").path(label).asText("(no " + label + ")"), sum / n);
      }
    }
    return out;
  }
}
