package io.qharness.simulations;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.qdrant.client.grpc.Points.SearchPoints;
import io.qdrant.client.grpc.PointsGrpc;
import io.qharness.testsupport.LocalPrometheus;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Grafana cannot run here, so the dashboards are validated the way Grafana would use them: every
 * panel query, annotation and template variable of every dashboard in grafana-dashboards/ goes
 * through a real Prometheus' HTTP API with Grafana's substitutions, after a real run.
 */
final class DashboardQueries {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern LABEL_VALUES =
      Pattern.compile("^label_values\\((.*),\\s*(\\w+)\\)$");

  private DashboardQueries() {}

  /**
   * What the validation found: how many queries ran and which returned nothing (besides the allowed
   * ones).
   */
  record Result(int checked, List<String> empty) {}

  /**
   * Waits until Prometheus has scraped every target of {@code job} after this moment, so the nodes'
   * last counters are in: waiting for the scrape itself, not a fixed sleep, since a busy machine
   * scrapes late. Returns false when that took longer than {@code timeoutMillis}.
   */
  static boolean awaitScrapeAfterNow(LocalPrometheus prometheus, String job, long timeoutMillis)
      throws IOException, InterruptedException {
    double now = System.currentTimeMillis() / 1000.0;
    return prometheus
        .awaitData(
            String.format(Locale.ROOT, "min(timestamp(up{job=\"%s\"})) > %.3f", job, now),
            timeoutMillis)
        .hasData();
  }

  /**
   * Runs every dashboard query over [start, end] (Unix seconds); queries whose panel title or
   * annotation name is in {@code mayBeEmpty} are run but allowed to return nothing.
   */
  static Result validate(
      LocalPrometheus prometheus, double start, double end, Set<String> mayBeEmpty)
      throws IOException, InterruptedException {
    List<String> empty = new ArrayList<>();
    int checked = 0;
    try (Stream<Path> files = Files.list(ROOT.resolve("grafana-dashboards"))) {
      for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
        JsonNode dashboard = JSON.readTree(file.toFile());
        for (Map.Entry<String, String> q : queries(dashboard).entrySet()) {
          checked++;
          String expr = substitute(q.getValue());
          Matcher lv = LABEL_VALUES.matcher(expr);
          boolean hasData;
          if (lv.matches()) {
            // a template variable: Grafana lists the values of the label on the selected series
            LocalPrometheus.Result r = prometheus.queryRange(lv.group(1), start, end, 1);
            hasData = r.series().stream().anyMatch(s -> s.path("metric").has(lv.group(2)));
          } else {
            hasData = prometheus.queryRange(expr, start, end, 1).hasData();
          }
          if (!hasData
              && mayBeEmpty.stream()
                  .noneMatch(
                      t ->
                          q.getKey().startsWith("panel '" + t + "'")
                              || q.getKey().equals("annotation '" + t + "'"))) {
            empty.add(file.getFileName() + " / " + q.getKey() + ": " + expr);
          }
        }
      }
    }
    return new Result(checked, empty);
  }

  /**
   * Every PromQL text of a dashboard, keyed by where it sits (panel/target, annotation, variable).
   */
  static Map<String, String> queries(JsonNode dashboard) {
    Map<String, String> out = new LinkedHashMap<>();
    for (JsonNode panel : dashboard.path("panels")) {
      for (JsonNode target : panel.path("targets")) {
        out.put(
            "panel '" + panel.path("title").asText() + "' " + target.path("refId").asText(),
            target.path("expr").asText());
      }
      for (JsonNode inner : panel.path("panels")) { // collapsed rows
        for (JsonNode target : inner.path("targets")) {
          out.put(
              "panel '" + inner.path("title").asText() + "' " + target.path("refId").asText(),
              target.path("expr").asText());
        }
      }
    }
    for (JsonNode a : dashboard.path("annotations").path("list")) {
      if (a.hasNonNull("expr")) {
        out.put("annotation '" + a.path("name").asText() + "'", a.path("expr").asText());
      }
    }
    for (JsonNode v : dashboard.path("templating").path("list")) {
      if ("query".equals(v.path("type").asText())) {
        JsonNode q = v.path("query");
        out.put(
            "variable '" + v.path("name").asText() + "'",
            q.isObject() ? q.path("query").asText() : q.asText());
      }
    }
    return out;
  }

  /**
   * Grafana's substitutions with the dashboards' defaults: the compose job names, no prefix, All.
   */
  static String substitute(String expr) {
    return expr.replace("$__rate_interval", "5s")
        .replace("${prefix}", "")
        .replace("$qdrant_job", "qdrant")
        .replace("$qharness_job", "qharness")
        .replace("$node", ".*")
        .replace("$run_id", ".*")
        .replace("$operation", ".*");
  }

  /**
   * What other clients of a cluster do while qharness loads it, so the panels about them have data:
   * searches over REST (Qdrant exports REST metrics only for data endpoints) and gRPC calls that
   * fail (a collection that does not exist: status 5). Runs until closed.
   */
  static final class OtherClients implements AutoCloseable {
    private final Thread thread;
    private volatile boolean stop;
    final List<String> log = Collections.synchronizedList(new ArrayList<>());

    OtherClients(List<String> rest, List<String> grpc, String collection, int dim) {
      thread =
          new Thread(
              () -> {
                HttpClient http =
                    HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
                List<ManagedChannel> channels =
                    grpc.stream()
                        .map(
                            a ->
                                (ManagedChannel)
                                    NettyChannelBuilder.forTarget(a).usePlaintext().build())
                        .toList();
                String vector = "[" + String.join(",", Collections.nCopies(dim, "0.1")) + "]";
                try {
                  while (!stop) {
                    for (int i = 0; i < rest.size(); i++) {
                      try {
                        HttpResponse<Void> r =
                            http.send(
                                HttpRequest.newBuilder(
                                        URI.create(
                                            "http://"
                                                + rest.get(i)
                                                + "/collections/"
                                                + collection
                                                + "/points/search"))
                                    .timeout(Duration.ofSeconds(2))
                                    .header("Content-Type", "application/json")
                                    .POST(
                                        HttpRequest.BodyPublishers.ofString(
                                            "{\"vector\":" + vector + ",\"limit\":3}"))
                                    .build(),
                                HttpResponse.BodyHandlers.discarding());
                        log.add("REST " + r.statusCode());
                      } catch (IOException e) {
                        log.add(
                            "REST "
                                + e.getClass()
                                    .getSimpleName()); // a node the fault schedule killed; it comes
                        // back
                      }
                      try {
                        PointsGrpc.newBlockingStub(channels.get(i))
                            .withDeadlineAfter(2, TimeUnit.SECONDS)
                            .search(
                                SearchPoints.newBuilder()
                                    .setCollectionName("no-such-collection")
                                    .addVector(0.1f)
                                    .setLimit(1)
                                    .build());
                      } catch (RuntimeException expected) {
                        log.add("gRPC " + Status.fromThrowable(expected).getCode());
                      }
                    }
                    Thread.sleep(500);
                  }
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                } finally {
                  channels.forEach(ManagedChannel::shutdownNow);
                }
              },
              "other-clients");
      thread.setDaemon(true);
      thread.start();
    }

    @Override
    public void close() throws InterruptedException {
      stop = true;
      thread.join(10_000);
    }
  }
}
