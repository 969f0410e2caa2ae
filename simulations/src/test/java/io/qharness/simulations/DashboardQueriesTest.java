package io.qharness.simulations;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.qharness.testkit.LocalPrometheus;
import io.qharness.testkit.LocalPushgateway;
import io.qharness.testkit.TestCluster;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Grafana cannot run here, so the dashboards are validated the way Grafana would use them: a real
 * run (the default simulation against the test cluster, pushing to Debian's Pushgateway) with
 * Debian's Prometheus scraping the nodes and the Pushgateway as compose/ wires them, then every
 * panel query, annotation and template variable of every dashboard goes through Prometheus' HTTP
 * API with Grafana's substitutions. A query that returns nothing fails the test.
 */
class DashboardQueriesTest {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern LABEL_VALUES = Pattern.compile("^label_values\\((.*),\\s*(\\w+)\\)$");

  @TempDir Path dir;

  @Test
  void everyDashboardQueryReturnsDataFromARealRun() throws Exception {
    try (TestCluster cluster = TestCluster.builder().nodes(3).basePort(0).build().start();
        LocalPushgateway gateway = LocalPushgateway.start(dir.resolve("pushgateway"))) {
      List<Map<String, String>> nodeLabels = new ArrayList<>();
      for (int i = 1; i <= cluster.nodes().size(); i++) {
        nodeLabels.add(Map.of("node", "qdrant_node" + i));
      }
      try (LocalPrometheus prometheus =
          LocalPrometheus.start(
              dir.resolve("prometheus"),
              "1s",
              List.of(
                  new LocalPrometheus.Job("qdrant", cluster.restAddresses(), nodeLabels, false),
                  new LocalPrometheus.Job("pushgateway", List.of(gateway.address()), List.of(), true)))) {
        double start = System.currentTimeMillis() / 1000.0;
        Path log = Path.of("target", "dashboard-queries-test.log");
        Files.createDirectories(log.getParent());
        Process p =
            DefaultSimulationTest.gatling(
                dir.resolve("results"),
                log,
                List.of(
                    "-Dqharness.hosts=" + String.join(",", cluster.grpcAddresses()),
                    "-Dqharness.pushgateway=" + gateway.address(),
                    "-Dqharness.pushKeep=true",
                    "-Dqharness.reportInterval=1s",
                    "-Dqharness.runId=dashboards-it",
                    "-Dqharness.duration=8s",
                    "-Dqharness.warmup=0s",
                    "-Dqharness.points=2000",
                    "-Dqharness.searchRate=50",
                    "-Dqharness.filteredSearchRate=10",
                    "-Dqharness.upsertRate=5",
                    // a fault, so the fault annotations and retry panels have something to show
                    "-Dqharness.faults=2s kill node3; 4s start node3",
                    "-Dqharness.faultInjector=compose",
                    "-Dqharness.composeCommand=" + fakeCompose(cluster)));
        // meanwhile, what a user's curl or a REST client does, so REST telemetry has data
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        int applied = 0;
        while (!p.waitFor(500, TimeUnit.MILLISECONDS)) {
          applied = applyComposeCalls(cluster, applied);
          for (String rest : cluster.restAddresses()) {
            for (String path : List.of("/cluster", "/collections", "/collections/qharness")) {
              try {
                http.send(HttpRequest.newBuilder(URI.create("http://" + rest + path)).build(), HttpResponse.BodyHandlers.discarding());
              } catch (java.io.IOException e) {
                // the node the fault schedule killed; it comes back
              }
            }
          }
          if (System.currentTimeMillis() / 1000.0 - start > 180) {
            p.destroyForcibly();
            break;
          }
        }
        applyComposeCalls(cluster, applied);
        assertThat(Files.readAllLines(dir.resolve("compose-calls.log"))).hasSize(2);
        assertThat(p.exitValue()).as("simulation exit code; output in " + log + "\n" + DefaultSimulationTest.tail(Files.readString(log))).isZero();
        // two more scrapes so the final push and the last node counters are in
        assertThat(prometheus.awaitData("qharness_run_end_time_seconds{job=\"qharness\", run_id=\"dashboards-it\"} > 0", 10_000).hasData())
            .as("the final push reached Prometheus through the Pushgateway")
            .isTrue();
        Thread.sleep(2_000);
        double end = System.currentTimeMillis() / 1000.0;

        List<String> empty = new ArrayList<>();
        int checked = 0;
        try (Stream<Path> files = Files.list(ROOT.resolve("grafana-dashboards"))) {
          for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
            JsonNode dashboard = JSON.readTree(file.toFile());
            for (Map.Entry<String, String> q : queries(dashboard).entrySet()) {
              checked++;
              String expr = substitute(q.getValue());
              Matcher lv = LABEL_VALUES.matcher(expr);
              if (lv.matches()) {
                // a template variable: Grafana lists the values of the label on the selected series
                LocalPrometheus.Result r = prometheus.queryRange(lv.group(1), start, end, 1);
                boolean hasLabel = r.series().stream().anyMatch(s -> s.path("metric").has(lv.group(2)));
                if (!hasLabel) {
                  empty.add(file.getFileName() + " / " + q.getKey() + ": " + expr);
                }
                continue;
              }
              LocalPrometheus.Result r = prometheus.queryRange(expr, start, end, 1);
              if (!r.hasData()) {
                empty.add(file.getFileName() + " / " + q.getKey() + ": " + expr);
              }
            }
          }
        }
        assertThat(checked).as("queries found in grafana-dashboards/").isGreaterThan(40);
        assertThat(empty).as("dashboard queries that returned no data").isEmpty();
      }
    }
  }

  /**
   * A stand-in for `docker compose` that records its arguments; the test applies them to the test
   * cluster, so the run exercises the compose fault injector's real command lines.
   */
  private String fakeCompose(TestCluster cluster) throws java.io.IOException {
    Path script = dir.resolve("fake-compose.sh");
    Files.writeString(script, "#!/bin/sh\necho \"$@\" >> '" + dir.resolve("compose-calls.log") + "'\n");
    script.toFile().setExecutable(true);
    return script.toString();
  }

  private int applyComposeCalls(TestCluster cluster, int done) throws java.io.IOException {
    Path log = dir.resolve("compose-calls.log");
    if (!Files.exists(log)) {
      return done;
    }
    List<String> calls = Files.readAllLines(log);
    for (int i = done; i < calls.size(); i++) {
      String[] a = calls.get(i).trim().split("\\s+"); // -f <file> <verb> qdrant_node<N>
      assertThat(a[0]).isEqualTo("-f");
      assertThat(Path.of(a[1])).exists();
      int node = Integer.parseInt(a[3].substring("qdrant_node".length())) - 1;
      switch (a[2]) {
        case "kill" -> cluster.node(node).kill();
        case "start" -> cluster.node(node).start();
        default -> throw new AssertionError("unexpected compose call " + calls.get(i));
      }
    }
    return calls.size();
  }

  /** Every PromQL text of a dashboard, keyed by where it sits (panel/target, annotation, variable). */
  static Map<String, String> queries(JsonNode dashboard) {
    Map<String, String> out = new LinkedHashMap<>();
    for (JsonNode panel : dashboard.path("panels")) {
      for (JsonNode target : panel.path("targets")) {
        out.put("panel '" + panel.path("title").asText() + "' " + target.path("refId").asText(), target.path("expr").asText());
      }
      for (JsonNode inner : panel.path("panels")) { // collapsed rows
        for (JsonNode target : inner.path("targets")) {
          out.put("panel '" + inner.path("title").asText() + "' " + target.path("refId").asText(), target.path("expr").asText());
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
        out.put("variable '" + v.path("name").asText() + "'", q.isObject() ? q.path("query").asText() : q.asText());
      }
    }
    return out;
  }

  /** Grafana's substitutions with the dashboards' defaults: the compose job names, no prefix, All. */
  static String substitute(String expr) {
    return expr.replace("$__rate_interval", "5s")
        .replace("${prefix}", "")
        .replace("$qdrant_job", "qdrant")
        .replace("$qharness_job", "qharness")
        .replace("$node", ".*")
        .replace("$run_id", ".*")
        .replace("$operation", ".*");
  }
}
