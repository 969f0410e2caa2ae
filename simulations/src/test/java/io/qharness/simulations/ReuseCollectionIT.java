package io.qharness.simulations;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.qharness.testcluster.TestCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A distributed test as users run it: load the collection once, then two injector processes run the
 * workload at the same time with upload=false, and their runs merge in `qharness report`. A run
 * whose data set does not match the loaded collection is refused before any load.
 */
class ReuseCollectionIT {
  @TempDir Path dir;

  private static List<String> props(TestCluster cluster, String runId, String... more) {
    List<String> p =
        new ArrayList<>(
            List.of(
                "-Dqharness.hosts=" + String.join(",", cluster.grpcAddresses()),
                "-Dqharness.restHosts=" + String.join(",", cluster.restAddresses()),
                "-Dqharness.runId=" + runId,
                "-Dqharness.points=1500",
                "-Dqharness.progress=false",
                "-Dqharness.reportInterval=1s"));
    p.addAll(List.of(more));
    return p;
  }

  @Test
  void loadOnceThenTwoInjectorsReuseTheCollectionAndMerge() throws Exception {
    try (TestCluster cluster = TestCluster.builder().nodes(3).basePort(0).build().start()) {
      Path results = dir.resolve("results");
      Path logs = Files.createDirectories(Path.of("target", "reuse-collection-test"));
      Process load =
          GatlingRuns.gatling(
              LoadSimulation.class,
              results,
              logs.resolve("load.log"),
              props(cluster, "load"),
              Map.of());
      GatlingRuns.succeeded(load, logs.resolve("load.log"), 120);

      String[] workload = {
        "-Dqharness.upload=false",
        "-Dqharness.duration=6s",
        "-Dqharness.warmup=1s",
        "-Dqharness.searchRate=40",
        "-Dqharness.filteredSearchRate=0",
        "-Dqharness.upsertRate=4"
      };
      List<Process> injectors = new ArrayList<>();
      for (String id : List.of("inj-a", "inj-b")) {
        injectors.add(
            GatlingRuns.gatling(
                MixedWorkloadSimulation.class,
                results,
                logs.resolve(id + ".log"),
                props(cluster, id, workload),
                Map.of()));
      }
      ObjectMapper json = new ObjectMapper();
      long searches = 0;
      for (int i = 0; i < 2; i++) {
        String id = i == 0 ? "inj-a" : "inj-b";
        String output = GatlingRuns.succeeded(injectors.get(i), logs.resolve(id + ".log"), 180);
        assertThat(output)
            .contains(
                "upload=false: collection `qharness` holds the data set's 1,500 points; not"
                    + " reloaded");
        JsonNode run = json.readTree(results.resolve(id).resolve("run.json").toFile());
        assertThat(run.path("reusedCollection").path("points").asLong()).isEqualTo(1500);
        assertThat(run.path("audit").path("verified").asLong()).isPositive();
        assertThat(run.path("audit").path("missing").asLong()).isZero();
        assertThat(run.path("audit").path("vectorMismatches").asLong())
            .as("the other injector overwrites with the same vectors")
            .isZero();
        JsonNode summary = json.readTree(results.resolve(id).resolve("summary.json").toFile());
        List<String> ops = new ArrayList<>();
        for (JsonNode o : summary.path("operations")) {
          ops.add(o.path("name").asText());
          if (o.path("name").asText().equals("search")) {
            searches += o.path("count").asLong();
            assertThat(o.path("recallMean").asDouble())
                .as("recall against the collection loaded once")
                .isEqualTo(1.0);
          }
        }
        assertThat(ops)
            .contains("search", "upsert", "wait for green")
            .doesNotContain("upload batch", "create collection", "delete collection");
      }

      // the two injectors' runs merge into one report
      Path merged = dir.resolve("merged.md");
      assertThat(
              QharnessCli.run(
                      "report",
                      "inj-a",
                      "inj-b",
                      "--results-dir",
                      results.toString(),
                      "-o",
                      merged.toString())
                  .code())
          .isZero();
      String md = Files.readString(merged);
      assertThat(md).contains("2 runs merged").contains("## Merged summary");
      // both injectors' searches: count summed, about 80/s together (40/s each), recall of all of
      // them
      assertThat(md)
          .containsPattern(
              "\\| search \\| " + searches + " \\| 0 \\| \\d+\\.\\d \\|.*\\| 1\\.0000 \\|");

      // a data set other than the one loaded is refused before any load, saying what differs
      Process wrong =
          GatlingRuns.gatling(
              MixedWorkloadSimulation.class,
              results,
              logs.resolve("wrong.log"),
              props(cluster, "wrong", "-Dqharness.upload=false", "-Dqharness.points=1000"),
              Map.of());
      assertThat(wrong.waitFor(120, TimeUnit.SECONDS)).isTrue();
      assertThat(wrong.exitValue()).isNotZero();
      assertThat(Files.readString(logs.resolve("wrong.log")))
          .contains(
              "upload=false, but collection `qharness` holds 1,500 points, the data set 1,000")
          .contains("./qharness run Load");
      assertThat(json.readTree(results.resolve("wrong/run.json").toFile()).path("status").asText())
          .isEqualTo("failed");

      // the collection was loaded with its payload index; a run that says none would not measure
      // the filtered searches it names
      Process unindexed =
          GatlingRuns.gatling(
              MixedWorkloadSimulation.class,
              results,
              logs.resolve("unindexed.log"),
              props(
                  cluster, "unindexed", "-Dqharness.upload=false", "-Dqharness.payloadIndex=none"),
              Map.of());
      assertThat(unindexed.waitFor(120, TimeUnit.SECONDS)).isTrue();
      assertThat(unindexed.exitValue()).isNotZero();
      assertThat(Files.readString(logs.resolve("unindexed.log")))
          .contains(
              "collection `qharness` has a payload index on `category` and the run says"
                  + " payloadIndex=none");
    }
  }

  @Test
  void theCommandLineExitsTwoWithTheReasonWhenARunIsRefusedForItsSettings() {
    Path results = dir.resolve("cli");
    QharnessCli embedded =
        QharnessCli.run(
            "run", "--upload", "false", "--results-dir", results.toString(), "--run-id", "e");
    assertThat(embedded.code()).as(embedded.toString()).isEqualTo(2);
    assertThat(embedded.err())
        .contains("upload=false needs hosts")
        .contains("embedded test cluster starts empty");

    QharnessCli idle =
        QharnessCli.run(
            "run",
            "--search-rate",
            "0",
            "--filtered-search-rate",
            "0",
            "--upsert-rate",
            "0",
            "--results-dir",
            results.toString(),
            "--run-id",
            "idle");
    assertThat(idle.code()).as(idle.toString()).isEqualTo(2);
    assertThat(idle.err())
        .contains("all 0: the mixed phase would send nothing; give at least one a rate");
  }
}
