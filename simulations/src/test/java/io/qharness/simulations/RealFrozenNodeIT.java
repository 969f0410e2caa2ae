package io.qharness.simulations;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.qharness.metrics.OperationSummary;
import io.qharness.results.RunRecord;
import io.qharness.testsupport.LocalQdrantCluster;
import io.qharness.testsupport.RequiresQdrant;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node of a real 3-node Qdrant 1.19 cluster frozen (SIGSTOP) under the default mixed load, then
 * resumed (SIGCONT), through the command fault injector as a user would run it. With outlier
 * ejection on, the frozen node is ejected, its stuck calls are served by the others and it is
 * re-admitted after the resume: searches do not fail and no acknowledged write is lost. Without
 * ejection, the calls cancelled on the frozen node trip Qdrant's HTTP/2 rapid-reset guard when it
 * resumes (GOAWAY ENHANCE_YOUR_CALM too_many_resets), and the fault-impact report names that cause.
 */
@RequiresQdrant
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RealFrozenNodeIT {
  @TempDir static Path dir;
  private LocalQdrantCluster cluster;

  @BeforeAll
  void start() {
    cluster = LocalQdrantCluster.builder().name("frozen").nodes(3).start();
  }

  @AfterAll
  void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  private QharnessCli run(String runId, String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "run",
                "--hosts",
                cluster.hosts(),
                "--results-dir",
                dir.resolve("results").toString(),
                "--run-id",
                runId,
                "--points",
                "4000",
                "--duration",
                "22s",
                "--warmup",
                "2s",
                "--faults",
                "6s pause node2; 14s resume node2",
                "--fault-pause-command",
                "kill -STOP {pid}",
                "--fault-resume-command",
                "kill -CONT {pid}",
                "--progress",
                "false",
                // what this checks is errors and lost writes, not an SLO: the stalled calls of the
                // frozen node and Qdrant's own write waits reach seconds
                "--p99-ms",
                "60000"));
    args.addAll(List.of(more));
    return QharnessCli.run(args.toArray(new String[0]));
  }

  private RunRecord.Loaded record(String runId) {
    return RunRecord.load(dir.resolve("results").resolve(runId));
  }

  private static String causes(RunRecord.Loaded rec) {
    StringBuilder s = new StringBuilder();
    rec.json().path("faultCauses").forEach(c -> s.append(c.path("text").asText()).append('\n'));
    return s.toString();
  }

  @Test
  @Order(1)
  void withEjectionTheFrozenNodesCallsAreServedElsewhereAndItComesBackAfterTheResume() {
    QharnessCli r = run("ejection");
    assertThat(r.code()).as(r.toString()).isZero();
    RunRecord.Loaded rec = record("ejection");
    OperationSummary search = rec.summary().operation("search");
    assertThat(search.errorRate())
        .as("search error rate, issue goal <= 0.5 %")
        .isLessThanOrEqualTo(0.005);
    JsonNode audit = rec.json().path("audit");
    assertThat(audit.path("missing").asLong()).as(audit.toString()).isZero();
    assertThat(audit.path("vectorMismatches").asLong()).isZero();

    String node2 = cluster.node(1).grpcAddress();
    JsonNode health = rec.json().path("nodeHealth");
    assertThat(health.path("outlierEjection").asBoolean()).isTrue();
    List<String> events = new ArrayList<>();
    health.path("events").forEach(e -> events.add(e.path("node").asText() + " " + e.path("kind")));
    assertThat(events)
        .as("node2 ejected, then re-admitted; no other node touched")
        .containsExactly(node2 + " \"ejected\"", node2 + " \"readmitted\"");
    String causes = causes(rec);
    assertThat(causes)
        .contains("node2 (" + node2 + ") ejected at")
        .contains("no answer for")
        .containsPattern("re-admitted at \\+[0-9.]+s \\(ejected [0-9.]+ s, [0-9.]+ s after \\+14s");
    // recovery time is shown: the first clean interval after the resume
    assertThat(rec.json().path("faultImpact"))
        .anySatisfy(
            e -> {
              assertThat(e.path("operation").asText()).isEqualTo("search");
              assertThat(e.path("secondsToFirstCleanInterval").isNumber()).isTrue();
            });
    long retries = rec.summary().operations().stream().mapToLong(OperationSummary::retries).sum();
    System.out.printf(
        "real Qdrant, node2 frozen 8 s, ejection on: search errors %d of %d, retries %d%n%s%s",
        search.errors(), search.count(), retries, causes, GatlingRuns.tail(r.out()));
  }

  @Test
  @Order(2)
  void withoutEjectionTheResumedNodeClosesItsConnectionAndTheReportSaysWhy() {
    QharnessCli r = run("naive", "--outlier-ejection", "false", "--deadline", "2s");
    RunRecord.Loaded rec = record("naive");
    assertThat(rec.complete()).as(r.toString()).isTrue();
    assertThat(rec.json().path("nodeHealth").path("events")).isEmpty();
    String causes = causes(rec);
    String node2 = cluster.node(1).grpcAddress();
    assertThat(causes)
        .as(r.toString())
        .contains("node2 (" + node2 + ") did not answer within the deadline");
    // on resume Qdrant closes the connection (GOAWAY too_many_resets for the streams the client
    // reset); whether the failed calls carry the GOAWAY or only the closed connection depends on
    // which grpc-java sees first: both say why, and CI saw both
    assertThat(causes)
        .as(r.toString())
        .containsAnyOf(
            "node2 ("
                + node2
                + ") closed its connection with GOAWAY ENHANCE_YOUR_CALM too_many_resets on"
                + " resume",
            "node2 (" + node2 + ")'s connection was closed on resume");
    System.out.printf("real Qdrant, node2 frozen 8 s, ejection off:%n%s", causes);
  }
}
