package io.qharness.simulations;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.qharness.metrics.LittlesLaw;
import io.qharness.metrics.OperationSummary;
import io.qharness.results.RunFile;
import io.qharness.results.RunRecord;
import io.qharness.testsupport.LocalPrometheus;
import io.qharness.testsupport.LocalPushgateway;
import io.qharness.testsupport.LocalQdrantCluster;
import io.qharness.testsupport.RequiresQdrant;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * qharness against a real 3-node Qdrant 1.19 cluster on loopback (bootstrap topology, 4 shards,
 * replication 2), scraped by Debian's Prometheus with the Pushgateway beside it, as compose/ wires
 * them: the default workload, a node killed and restarted through the command fault injector, every
 * dashboard query, cluster status, and a capacity sweep with per-node figures. Runs go through the
 * CLI as a user's would. Figures are printed for the issue notes, asserted only where they are what
 * a user relies on (no error, no lost write), never on speed.
 */
@RequiresQdrant
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RealClusterIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir static Path dir;
  private LocalQdrantCluster cluster;
  private LocalPushgateway gateway;
  private LocalPrometheus prometheus;
  private double startSeconds;

  @BeforeAll
  void start() throws Exception {
    cluster = LocalQdrantCluster.builder().name("acceptance").nodes(3).start();
    gateway = LocalPushgateway.start(dir.resolve("pushgateway"));
    List<Map<String, String>> labels = new ArrayList<>();
    for (int i = 1; i <= 3; i++) {
      labels.add(Map.of("node", "qdrant_node" + i));
    }
    prometheus =
        LocalPrometheus.start(
            dir.resolve("prometheus"),
            "1s",
            List.of(
                new LocalPrometheus.Job("qdrant", cluster.restAddresses(), labels, false),
                new LocalPrometheus.Job(
                    "pushgateway", List.of(gateway.address()), List.of(), true)),
            // compose's alerting rules, as compose's Prometheus loads them
            List.of(Path.of("..", "compose", "prometheus", "alerts.yml")));
    startSeconds = System.currentTimeMillis() / 1000.0;
  }

  @AfterAll
  void stop() {
    for (AutoCloseable c : new AutoCloseable[] {prometheus, gateway, cluster}) {
      try {
        if (c != null) {
          c.close();
        }
      } catch (Exception e) {
        // best effort: each closes its own processes
      }
    }
  }

  private List<String> run(String simulation, String runId, String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "run",
                simulation,
                "--hosts",
                cluster.hosts(),
                "--results-dir",
                dir.resolve("results").toString(),
                "--run-id",
                runId,
                "--pushgateway",
                gateway.address(),
                "--push-keep",
                "true",
                "--report-interval",
                "1s",
                "--progress",
                "false"));
    args.addAll(List.of(more));
    return args;
  }

  /**
   * The default workload with a fault schedule through commands: the nodes start through their
   * start scripts, and the run tolerates the errors and latency the faults cause.
   */
  private QharnessCli faultRun(String runId, String... more) {
    List<String> args = run("MixedWorkloadSimulation", runId, more);
    args.addAll(
        List.of(
            "--fault-start-command",
            "sh " + cluster.dir() + "/node{n}/start.sh",
            "--max-error-pct",
            "5",
            "--p99-ms",
            "60000"));
    return QharnessCli.run(args.toArray(new String[0]));
  }

  private RunRecord.Loaded record(String runId) {
    return RunRecord.load(dir.resolve("results").resolve(runId));
  }

  @Test
  @Order(1)
  void theDefaultWorkloadRunsCleanAndSaysWhichSearchPathServedIt() throws Exception {
    QharnessCli r;
    try (DashboardQueries.OtherClients others =
        new DashboardQueries.OtherClients(
            cluster.restAddresses(), cluster.grpcAddresses(), "qharness", 128)) {
      r =
          QharnessCli.run(
              run(
                      "MixedWorkloadSimulation",
                      "mixed",
                      "--duration",
                      "15s",
                      "--warmup",
                      "3s",
                      // what this checks is a clean run, not an SLO: three nodes and the injector
                      // share two busy cores here, where p99 has reached 800 ms
                      "--p99-ms",
                      "10000")
                  .toArray(new String[0]));
    }
    assertThat(r.code()).as(r.toString()).isZero();
    RunRecord.Loaded rec = record("mixed");
    assertThat(rec.complete()).isTrue();
    LittlesLaw.Check law = rec.run().littlesLaw(); // real Qdrant: the same invariant
    assertThat(law).as("littlesLaw in run.json").isNotNull();
    assertThat(law.measuredInFlight()).isPositive();
    assertThat(law.ratio()).isGreaterThan(1 - LittlesLaw.TOLERANCE);
    JsonNode target = rec.json().path("target");
    assertThat(target.path("kind").asText()).isEqualTo("qdrant");
    assertThat(target.path("qdrantVersion").asText()).isEqualTo("1.19.0");
    assertThat(target.path("healthyAtEnd").asBoolean())
        .as(target.path("problemsAtEnd").toString())
        .isTrue();
    assertThat(target.path("collection").path("replicas"))
        .as("4 shards x replication 2")
        .hasSize(8);
    for (OperationSummary op : rec.summary().operations()) {
      assertThat(op.errors()).as("KO of " + op.name()).isZero();
    }
    assertThat(rec.summary().operation("search").recallMean()).isGreaterThanOrEqualTo(0.99);
    // Qdrant's own processing time, from its responses, beside the client's latency
    for (String name : new String[] {"search", "upsert", "filtered search"}) {
      OperationSummary op = rec.summary().operation(name);
      assertThat(op.serverTime()).as("server time of " + name).isNotNull();
      assertThat(op.serverTime().samples()).isEqualTo(op.count());
      assertThat(op.serverTime().p50Micros()).isPositive().isLessThanOrEqualTo(op.p50Micros());
      assertThat(op.nodes()).allMatch(n -> n.serverTime() != null);
    }
    JsonNode audit = rec.json().path("audit");
    assertThat(audit.path("distinctIds").asLong()).isEqualTo(20_000);
    assertThat(audit.path("missing").asLong()).isZero();
    assertThat(audit.path("vectorMismatches").asLong()).isZero();
    // the default 20,000 x 128-d data set: ~2,500-vector segments, all below Qdrant's
    // full_scan_threshold
    JsonNode paths = rec.json().path("searchPaths");
    assertThat(paths.path("segmentSearches").path("plain").asLong()).isPositive();
    assertThat(paths.path("shares").path("plain").asDouble()).isEqualTo(1.0);
    assertThat(rec.json().path("notes").toString())
        .contains("went through the HNSW graph")
        .contains("fullScanThreshold=10");
    JsonNode ready = rec.json().path("indexReady");
    assertThat(ready.path("ready").asBoolean()).as(ready.toString()).isTrue();
    assertThat(ready.path("indexedVectors").asLong())
        .isEqualTo(ready.path("expectedIndexedVectors").asLong());
    // every node's use per phase: the real nodes are processes of this machine, so /proc gives
    // CPU time, resident set and the collection's disk beside Qdrant's own gauges
    RunFile.ServerResources used = rec.run().serverResources();
    assertThat(used.phases())
        .extracting(RunFile.Phase::name)
        .containsExactly("upload", "index build", "warm-up", "measured");
    for (RunFile.Phase phase : used.phases()) {
      assertThat(phase.nodes()).hasSize(3);
      for (RunFile.NodeUse n : phase.nodes()) {
        assertThat(n.failure()).isNull();
        assertThat(n.cpuSeconds()).as(phase.name() + " " + n.node()).isNotNull();
        assertThat(n.rssBytes()).isPositive();
        assertThat(n.residentBytes()).isPositive();
        assertThat(n.diskBytes()).isPositive();
        assertThat(n.minorFaults()).isNotNull();
      }
    }
    // the optimiser, read from Qdrant 1.19's optimizations endpoint every second, per phase
    JsonNode optimizer = rec.json().path("optimizer");
    assertThat(optimizer.path("source").asText()).startsWith("GET /collections/");
    assertThat(optimizer.path("polls").asInt()).isGreaterThan(5);
    assertThat(optimizer.path("phases").findValuesAsText("phase"))
        .containsExactly("upload", "index build", "warm-up", "measured");
    assertThat(optimizer.path("queuedAtEnd").asInt()).isZero();
    RunFile.Phase measured = used.phases().get(3);
    assertThat(measured.nodes()).allMatch(n -> n.cpuSeconds() > 0 && n.qdrantCpu() > 0);
    // 20,000 points x replication 2; 128 floats and a short keyword payload each
    assertThat(measured.nodes().stream().mapToLong(RunFile.NodeUse::points).sum())
        .isEqualTo(40_000);
    assertThat(used.perPoint().points()).isEqualTo(40_000);
    assertThat(used.perPoint().dataBytes()).isBetween(512.0, 1024.0);
    assertThat(used.perPoint().memoryBytes()).isPositive();
    assertThat(used.perPoint().diskBytes()).isGreaterThan(512.0);
    // searchable after insert, sampled during the measured phase, on every node
    RunFile.Freshness probes = rec.run().freshness();
    assertThat(probes.nodes()).hasSize(3).allMatch(n -> n.probes() >= 2 && n.missed() == 0);
    RunFile.IndexReady afterLoad = rec.run().indexReadyAfterLoad();
    assertThat(afterLoad.ready()).as(afterLoad.toString()).isTrue();
    System.out.println("real Qdrant, resources per phase: " + used);
    System.out.println("real Qdrant, searchable after insert: " + probes);
    System.out.println("real Qdrant, index after the load: " + afterLoad);
    // searchable after insert, per node, on the collection just measured; the probes are deleted
    QharnessCli fresh =
        QharnessCli.run(
            "cluster",
            "freshness",
            "--hosts",
            cluster.hosts(),
            "--samples",
            "10",
            "--interval",
            "50ms");
    assertThat(fresh.code()).as(fresh.toString()).isZero();
    for (String host : cluster.grpcAddresses()) {
      assertThat(fresh.out()).containsPattern(java.util.regex.Pattern.quote(host) + " +p50 ");
    }
    System.out.print(fresh.out());
    System.out.printf(
        "real Qdrant, default workload: search p50 %.2f ms (server %.2f ms) p99 %.2f ms, recall"
            + " %.4f, ready after %s s; %s%n",
        rec.summary().operation("search").p50Micros() / 1000.0,
        rec.summary().operation("search").serverTime().p50Micros() / 1000.0,
        rec.summary().operation("search").p99Micros() / 1000.0,
        rec.summary().operation("search").recallMean(),
        ready.path("secondsToReady").asText(),
        paths);
  }

  @Test
  @Order(6)
  void aGrowingCollectionIsSearchedStageByStageWithRecallAgainstWhatWasWritten() throws Exception {
    QharnessCli r =
        QharnessCli.run(
            run(
                    "GrowingCollection",
                    "growing",
                    "--collection",
                    "growing",
                    "--points",
                    "6000",
                    "--ingest-rate",
                    "1000",
                    "--search-rate",
                    "40",
                    "--growth-stages",
                    "5")
                .toArray(new String[0]));
    assertThat(r.code()).as(r.toString()).isZero();
    RunFile.Growth g = record("growing").run().growth();
    assertThat(g.stages()).hasSize(5);
    for (RunFile.GrowthStage s : g.stages()) {
      assertThat(s.searches()).as("searches in stage " + s.fromPct()).isPositive();
      assertThat(s.errors()).isZero();
      // plain scan here (small segments) is exact; a replica yet to apply a write may miss it
      assertThat(s.recallMean()).as("recall at " + s.toPct() + " %").isGreaterThan(0.97);
    }
    assertThat(g.stages().get(4).pointsAtEnd()).isEqualTo(6000);
    assertThat(dir.resolve("results").resolve("growing").resolve("growth.html")).exists();
    System.out.println("real Qdrant, growing collection: " + g);
  }

  @Test
  @Order(2)
  void aNodeKilledAndRestartedThroughCommandsLosesNoAcknowledgedWrite() throws Exception {
    long before = cluster.node(1).pid();
    QharnessCli r =
        faultRun(
            "faults",
            "--duration",
            "24s",
            "--warmup",
            "2s",
            "--faults",
            "6s kill node2; 14s start node2",
            "--fault-kill-command",
            "kill -9 {pid}");
    assertThat(r.code()).as(r.toString()).isZero();
    cluster.awaitReady(1);
    assertThat(cluster.node(1).pid())
        .as("node2 was killed and started again")
        .isNotEqualTo(before)
        .isPositive();
    assertThat(cluster.node(1).alive()).isTrue();

    RunRecord.Loaded rec = record("faults");
    JsonNode faults = rec.json().path("faults");
    assertThat(faults).hasSize(2);
    faults.forEach(f -> assertThat(f.path("ok").asBoolean()).as(f.toString()).isTrue());
    JsonNode audit = rec.json().path("audit");
    assertThat(audit.path("missing").asLong()).as(audit.toString()).isZero();
    assertThat(audit.path("vectorMismatches").asLong()).isZero();
    assertThat(audit.path("unverifiable").asLong()).isZero();
    JsonNode impact = rec.json().path("faultImpact");
    JsonNode search = null;
    for (JsonNode e : impact) {
      if (e.path("operation").asText().equals("search")) {
        search = e;
      }
    }
    assertThat(search).as(impact.toString()).isNotNull();
    assertThat(search.path("fault").asText()).isEqualTo("+6s kill node2");
    assertThat(search.path("recoveredBy").asText()).isEqualTo("+14s start node2");
    assertThat(search.path("before").path("requests").asLong()).isPositive();
    assertThat(search.path("during").path("requests").asLong()).isPositive();
    assertThat(search.path("after").path("requests").asLong()).isPositive();
    // compose's QdrantNodeDown alert fired for the killed node while it was down
    double end = System.currentTimeMillis() / 1000.0;
    LocalPrometheus.Result fired =
        prometheus.queryRange(
            "ALERTS{alertname=\"QdrantNodeDown\", alertstate=\"firing\"}", startSeconds, end, 1);
    assertThat(fired.series())
        .as("QdrantNodeDown firing while node2 was killed")
        .anySatisfy(
            series ->
                assertThat(series.path("metric").path("node").asText()).isEqualTo("qdrant_node2"));
    OperationSummary s = rec.summary().operation("search");
    long retries = rec.summary().operations().stream().mapToLong(OperationSummary::retries).sum();
    System.out.printf(
        "real Qdrant, kill -9 node2 at +6s, start at +14s: search errors %d of %d, retries %d,"
            + " first clean interval after %s s, p99 recovered after %s s; audit %s%n",
        s.errors(),
        s.count(),
        retries,
        search.path("secondsToFirstCleanInterval").asText(),
        search.path("secondsToP99Recovered").asText(),
        audit);
  }

  /**
   * node1 stopped with SIGTERM and started 5 s later. A stopping Qdrant serves busy REST
   * connections for up to 30 s (here Prometheus scrapes it every second, and qharness's optimizer
   * poll asked node1 first every second), and a node started before the old process exits panics on
   * the WAL lock it holds: node1 never came back. The poll now leaves a stopped node alone, and the
   * start waits until the process the stop signalled has exited.
   */
  @Test
  @Order(7)
  void aNodeStoppedGracefullyIsStartedOnceItHasExitedSoItComesBack() throws Exception {
    long before = cluster.node(0).pid();
    QharnessCli r =
        faultRun(
            "graceful",
            "--points",
            "2000",
            "--duration",
            "40s",
            "--warmup",
            "0s",
            "--faults",
            "5s stop node1; 10s start node1",
            "--fault-stop-command",
            "kill -TERM {pid}");
    assertThat(r.code()).as(r.toString()).isZero();
    record("graceful")
        .json()
        .path("faults")
        .forEach(f -> assertThat(f.path("ok").asBoolean()).as(f.toString()).isTrue());
    cluster.awaitReady(0);
    assertThat(cluster.node(0).pid()).as("node1 was started again").isNotEqualTo(before);
    assertThat(cluster.node(0).alive()).as("the new node1 runs").isTrue();
  }

  @Test
  @Order(3)
  void everyDashboardQueryReturnsDataFromTheRealNodes() throws Exception {
    assertThat(
            prometheus
                .awaitData(
                    "qharness_run_end_time_seconds{job=\"qharness\", run_id=\"faults\"} > 0",
                    15_000)
                .hasData())
        .as("the final push reached Prometheus through the Pushgateway")
        .isTrue();
    assertThat(DashboardQueries.awaitScrapeAfterNow(prometheus, "qdrant", 15_000))
        .as("every node scraped after the final push")
        .isTrue();
    DashboardQueries.Result r =
        DashboardQueries.validate(
            prometheus,
            startSeconds,
            System.currentTimeMillis() / 1000.0,
            Set.of("qharness scale events")); // RealScaleOutIT checks that one
    assertThat(r.checked()).isGreaterThan(40);
    assertThat(r.empty()).as("dashboard queries with no data from real Qdrant 1.19").isEmpty();
  }

  @Test
  @Order(4)
  void clusterStatusSeesTheHealthyClusterThenTheKilledNode() throws Exception {
    String rest = String.join(",", cluster.restAddresses());
    QharnessCli healthy = null;
    for (int i = 0; i < 60; i++) { // node2's replicas catch up after its restart
      healthy = QharnessCli.run("cluster", "status", "--rest", rest);
      if (healthy.code() == 0) {
        break;
      }
      Thread.sleep(1000);
    }
    assertThat(healthy.code()).as(healthy.toString()).isZero();
    assertThat(healthy.out()).contains("1.19.0").contains("Leader").contains("healthy");

    cluster.kill(2);
    QharnessCli down = QharnessCli.run("cluster", "status", "--rest", rest);
    assertThat(down.code()).as(down.toString()).isEqualTo(1);
    assertThat(down.out())
        .contains("UNHEALTHY")
        .contains("node " + cluster.node(2).restAddress() + " unreachable");
    cluster.restart(2);
  }

  @Test
  @Order(5)
  void aCapacitySweepReadsEveryRealNodeFromPrometheus() throws Exception {
    QharnessCli r =
        QharnessCli.run(
            run(
                    "CapacitySimulation",
                    "capacity",
                    "--prometheus",
                    prometheus.address(),
                    "--points",
                    "5000",
                    "--capacity-start-rate",
                    "50",
                    "--capacity-step-rate",
                    "100",
                    "--capacity-max-rate",
                    "250",
                    "--capacity-step-duration",
                    "5s",
                    "--capacity-warmup",
                    "1s",
                    "--slo-ms",
                    "200")
                .toArray(new String[0]));
    assertThat(r.code()).as(r.toString()).isZero();
    Path run = dir.resolve("results").resolve("capacity");
    JsonNode cap = JSON.readTree(run.resolve("capacity.json").toFile());
    assertThat(cap.path("steps").size()).isBetween(1, 3);
    for (JsonNode step : cap.path("steps")) {
      assertThat(step.path("nodes").size()).as("per-node figures of the 3 real nodes").isEqualTo(3);
      step.path("nodes")
          .forEach(
              n -> {
                assertThat(n.path("requestRate").asDouble()).isPositive();
                assertThat(n.path("memoryBytes").asDouble()).isPositive();
              });
    }
    assertThat(Files.readString(run.resolve("capacity.html")))
        .doesNotContain("test double")
        .contains("Server resources per phase");
    // the projection's memory comes from the bytes per point measured on the nodes
    assertThat(cap.path("serverResources").path("perPoint").path("memoryBytes").asDouble())
        .isPositive();
    assertThat(
            record("capacity")
                .json()
                .path("searchPaths")
                .path("segmentSearches")
                .path("plain")
                .asLong())
        .as("which path served the sweep's searches, from the nodes' counters")
        .isPositive();
    System.out.println("real Qdrant capacity sweep: " + cap.path("steps"));
  }
}
