package io.qharness.simulations;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.qdrant.client.grpc.Collections;
import io.qdrant.client.grpc.CollectionsGrpc;
import io.qharness.cli.Main;
import io.qharness.testcluster.TestCluster;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * A search-parameter sweep end to end with a known answer: the test cluster (which searches
 * exactly) is told to drop half the true hits of searches asking for hnsw_ef below 32, so recall
 * must be about 0.5 at ef=16 and 1.0 from ef=32 on, and the recommended ef must be 32.
 */
class EfSweepIT {
  @TempDir Path dir;

  @Test
  void theSweepMeasuresRecallPerEfAndRecommendsTheSmallestThatReachesTheTarget() throws Exception {
    try (TestCluster cluster = TestCluster.builder().nodes(3).basePort(0).build().start()) {
      cluster.distortResultsBelowEf(0.5, 32);
      Path results = dir.resolve("results");
      Path log = Path.of("target", "ef-sweep-test.log");
      Files.createDirectories(log.getParent());
      Process p =
          GatlingRuns.gatling(
              EfSweepSimulation.class,
              results,
              log,
              List.of(
                  "-Dqharness.hosts=" + String.join(",", cluster.grpcAddresses()),
                  "-Dqharness.restHosts=" + String.join(",", cluster.restAddresses()),
                  "-Dqharness.runId=efsweep",
                  "-Dqharness.points=2000",
                  "-Dqharness.progress=false",
                  "-Dqharness.warmup=1s",
                  "-Dqharness.efSweep=64,16,32", // order given is not the order reported
                  "-Dqharness.efSweepExact=true",
                  "-Dqharness.efSweepConcurrency=4",
                  "-Dqharness.efSweepStepDuration=3s",
                  "-Dqharness.targetRecall=0.95",
                  "-Dqharness.maxErrorPct=0"),
              Map.of());
      String output = GatlingRuns.succeeded(p, log, 240);
      assertThat(output).contains("qharness search-parameter sweep").contains("<- recommended");

      // the sweep created its collection with indexing_threshold 1 KB, so that real Qdrant builds
      // HNSW even for a small set
      ManagedChannel channel =
          ManagedChannelBuilder.forTarget(cluster.grpcAddresses().get(0)).usePlaintext().build();
      try {
        long threshold =
            CollectionsGrpc.newBlockingStub(channel)
                .get(
                    Collections.GetCollectionInfoRequest.newBuilder()
                        .setCollectionName("qharness")
                        .build())
                .getResult()
                .getConfig()
                .getOptimizerConfig()
                .getIndexingThreshold();
        assertThat(threshold).isEqualTo(1);
      } finally {
        channel.shutdownNow();
      }
      assertThat(output).contains("indexingThreshold=1 KB");

      Path run = results.resolve("efsweep");
      ObjectMapper json = new ObjectMapper();
      JsonNode summary = json.readTree(run.resolve("summary.json").toFile());
      assertThat(recall(summary, "search ef=16"))
          .as("half the true hits dropped below ef 32")
          .isBetween(0.35, 0.65);
      assertThat(recall(summary, "search ef=32")).isEqualTo(1.0);
      assertThat(recall(summary, "search ef=64")).isEqualTo(1.0);
      assertThat(recall(summary, "search exact")).isEqualTo(1.0);
      assertThat(recall(summary, "warm-up search ef=64"))
          .as("the warm-up runs at the first ef given, under its own name")
          .isNotNaN();

      JsonNode sweep = json.readTree(run.resolve("run.json").toFile()).path("efSweep");
      assertThat(sweep.path("recommended").path("ef").asInt()).isEqualTo(32);
      assertThat(sweep.path("closedModel").asBoolean()).isTrue();
      assertThat(
              json.readTree(run.resolve("run.json").toFile())
                  .path("efSweepPlan")
                  .path("indexingThresholdKb")
                  .asLong())
          .isEqualTo(1);
      List<String> order = new ArrayList<>();
      sweep
          .path("rows")
          .forEach(r -> order.add(r.path("ef").isNull() ? "exact" : r.path("ef").asText()));
      assertThat(order).containsExactly("16", "32", "64", "exact");
      sweep
          .path("rows")
          .forEach(
              r -> {
                assertThat(r.path("requests").asLong()).isPositive();
                assertThat(r.path("okPerSec").asDouble()).isPositive();
              });
      String md = Files.readString(run.resolve("ef-sweep.md"));
      assertThat(md)
          .contains("| 32 **(recommended)** |")
          .contains("smallest hnsw_ef reaching mean recall@k 0.950: ef=32")
          .as("hosts given, but they are the test double: said so")
          .contains("test double");

      assertThat(Files.readString(run.resolve("ef-sweep.html")))
          .contains("<svg class=\"chart\"")
          .contains("Recommended hnsw_ef<b>32</b>");
      Files.delete(run.resolve("ef-sweep.html"));

      // `qharness report` shows the sweep from the record, and renders its HTML again
      StringWriter out = new StringWriter();
      CommandLine cli = Main.newCommandLine();
      cli.setOut(new PrintWriter(out));
      assertThat(cli.execute("report", run.toString())).isZero();
      assertThat(out.toString())
          .contains("## Search-parameter sweep (hnsw_ef)")
          .contains("| 32 **(recommended)** |")
          .contains("hnsw_ef sweep report: ");
      assertThat(run.resolve("ef-sweep.html")).exists();
    }
  }

  @Test
  void anOpenModelSweepRunsEachStepAtTheRateWithLatencyFromIntendedStart() throws Exception {
    Path results = dir.resolve("open");
    Path log = Path.of("target", "ef-sweep-open-test.log");
    Process p =
        GatlingRuns.gatling(
            EfSweepSimulation.class,
            results,
            log,
            List.of(
                "-Dqharness.runId=open",
                "-Dqharness.points=1000",
                "-Dqharness.progress=false",
                "-Dqharness.warmup=0s",
                "-Dqharness.efSweep=16,32",
                "-Dqharness.efSweepRate=50",
                "-Dqharness.efSweepStepDuration=2s"),
            Map.of());
    GatlingRuns.succeeded(p, log, 180);
    ObjectMapper json = new ObjectMapper();
    JsonNode summary = json.readTree(results.resolve("open/summary.json").toFile());
    for (JsonNode o : summary.path("operations")) {
      if (o.path("name").asText().startsWith("search ef=")) {
        assertThat(o.path("count").asLong())
            .as(o.path("name").asText() + ": 2 s at 50/s")
            .isEqualTo(100);
        assertThat(o.path("latencyOrigin").asText()).isEqualTo("INTENDED_START");
      }
    }
    JsonNode sweep = json.readTree(results.resolve("open/run.json").toFile()).path("efSweep");
    assertThat(sweep.path("closedModel").asBoolean()).isFalse();
    assertThat(sweep.path("verdict").asText()).contains("ef=16").contains("at the offered rate");
  }

  private static double recall(JsonNode summary, String operation) {
    for (JsonNode o : summary.path("operations")) {
      if (o.path("name").asText().equals(operation)) {
        return o.path("recallMean").isNull() ? Double.NaN : o.path("recallMean").asDouble();
      }
    }
    throw new AssertionError(
        "no operation `" + operation + "` in summary.json: " + summary.path("operations"));
  }
}
