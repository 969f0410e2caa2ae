package io.qharness.simulations;

import static org.assertj.core.api.Assertions.assertThat;

import io.qharness.testcluster.TestCluster;
import io.qharness.testsupport.LocalPrometheus;
import io.qharness.testsupport.LocalPushgateway;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboards against the test double: a real run (the default simulation, pushing to Debian's
 * Pushgateway) with Debian's Prometheus scraping the nodes and the Pushgateway as compose/ wires
 * them, then every query through {@link DashboardQueries}. A query that returns nothing fails the
 * test, but for the REST panels, which the double cannot feed. RealClusterIT does the same against
 * real Qdrant, where every query must return data.
 */
class DashboardQueriesIT {
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
                  new LocalPrometheus.Job(
                      "pushgateway", List.of(gateway.address()), List.of(), true)))) {
        double start = System.currentTimeMillis() / 1000.0;
        Path log = Path.of("target", "dashboard-queries-test.log");
        Files.createDirectories(log.getParent());
        Process p =
            GatlingRuns.gatling(
                dir.resolve("results"),
                log,
                List.of(
                    "-Dqharness.hosts=" + String.join(",", cluster.grpcAddresses()),
                    "-Dqharness.restHosts=" + String.join(",", cluster.restAddresses()),
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
        // meanwhile, what other clients do: REST searches, failing gRPC calls (failure panels)
        int applied = 0;
        try (DashboardQueries.OtherClients others =
            new DashboardQueries.OtherClients(
                cluster.restAddresses(), cluster.grpcAddresses(), "qharness", 128)) {
          while (!p.waitFor(500, TimeUnit.MILLISECONDS)) {
            applied = applyComposeCalls(cluster, applied);
            if (System.currentTimeMillis() / 1000.0 - start > 180) {
              p.destroyForcibly();
              break;
            }
          }
        }
        applyComposeCalls(cluster, applied);
        assertThat(Files.readAllLines(dir.resolve("compose-calls.log"))).hasSize(2);
        assertThat(p.exitValue())
            .as(
                "simulation exit code; output in "
                    + log
                    + "\n"
                    + GatlingRuns.tail(Files.readString(log)))
            .isZero();
        // the final push is in
        assertThat(
                prometheus
                    .awaitData(
                        "qharness_run_end_time_seconds{job=\"qharness\", run_id=\"dashboards-it\"}"
                            + " > 0",
                        10_000)
                    .hasData())
            .as("the final push reached Prometheus through the Pushgateway")
            .isTrue();
        assertThat(DashboardQueries.awaitScrapeAfterNow(prometheus, "qdrant", 15_000))
            .as("every node scraped after the final push")
            .isTrue();
        double end = System.currentTimeMillis() / 1000.0;

        // Qdrant exports REST metrics only for its data endpoints, which the test double does not
        // serve; this run fires no alert (its node is down 2 s, the rules wait 5) and scales
        // nothing: RealClusterIT and RealScaleOutIT see those on real Qdrant
        DashboardQueries.Result r =
            DashboardQueries.validate(
                prometheus,
                start,
                end,
                Set.of(
                    "REST requests/s per node",
                    "REST mean latency per node and endpoint",
                    "Firing alerts (compose/prometheus/alerts.yml)",
                    "qharness scale events"));
        int checked = r.checked();
        List<String> empty = r.empty();
        assertThat(checked).as("queries found in grafana-dashboards/").isGreaterThan(40);
        assertThat(empty).as("dashboard queries that returned no data").isEmpty();
      }
    }
  }

  /**
   * A stand-in for `docker compose` that records its arguments; the test applies them to the test
   * cluster, so the run exercises the compose fault injector's real command lines.
   */
  private String fakeCompose(TestCluster cluster) throws IOException {
    Path script = dir.resolve("fake-compose.sh");
    Files.writeString(
        script, "#!/bin/sh\necho \"$@\" >> '" + dir.resolve("compose-calls.log") + "'\n");
    script.toFile().setExecutable(true);
    return script.toString();
  }

  private int applyComposeCalls(TestCluster cluster, int done) throws IOException {
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
}
