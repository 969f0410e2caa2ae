package io.qharness.simulations;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.qharness.results.RunRecord;
import io.qharness.testcluster.TestCluster;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scale-out workload through the CLI, on the test double: a spare node joins under load, shards
 * move onto it and off again, nothing acknowledged is lost; and the ways a scale event goes wrong
 * stop it with a message that names the fix and says where every shard is.
 */
class ScaleOutIT {
  @TempDir Path dir;

  private QharnessCli run(String runId, String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "run",
                "ScaleOut",
                "--results-dir",
                dir.toString(),
                "--run-id",
                runId,
                "--points",
                "3000",
                "--warmup",
                "1s",
                "--scale-steady",
                "2s",
                "--progress",
                "false"));
    args.addAll(List.of(more));
    return QharnessCli.run(args.toArray(new String[0]));
  }

  @Test
  void aNodeJoinsShardsMoveOntoItAndBackAndNoAcknowledgedWriteIsLost() {
    QharnessCli r = run("scale");
    assertThat(r.code()).as(r.toString()).isZero();
    RunRecord.Loaded rec = RunRecord.load(dir.resolve("scale"));
    JsonNode scale = rec.json().path("scale");
    assertThat(scale.path("failure").isNull() || scale.path("failure").isMissingNode()).isTrue();
    JsonNode steps = scale.path("steps");
    assertThat(steps).hasSize(3);
    assertThat(steps.get(0).path("step").asText()).isEqualTo("join node4");
    assertThat(steps.get(0).path("detail").asText())
        .contains("is a ready voter")
        .contains("takes calls");
    JsonNode onto = steps.get(1).path("transfers");
    assertThat(onto).hasSize(2);
    onto.forEach(
        t -> {
          assertThat(t.path("to").asText()).isEqualTo("node4");
          assertThat(t.path("error").isNull() || t.path("error").isMissingNode()).isTrue();
          assertThat(t.path("points").asLong()).isPositive();
          assertThat(t.path("bytes").asLong()).as("the source replica's vector bytes").isPositive();
          assertThat(t.path("impact")).isNotEmpty();
        });
    JsonNode off = steps.get(2).path("transfers");
    assertThat(off).hasSize(2);
    off.forEach(t -> assertThat(t.path("from").asText()).isEqualTo("node4"));
    assertThat(steps.get(2).path("detail").asText()).contains("removed and node4 stopped");
    assertThat(scale.path("placementAfter").toString())
        .isEqualTo(scale.path("placementBefore").toString());
    JsonNode audit = rec.json().path("audit");
    assertThat(audit.path("missing").asLong()).as(audit.toString()).isZero();
    assertThat(audit.path("distinctIds").asLong()).isEqualTo(3000);
    assertThat(r.out()).doesNotContain("FAILED");
  }

  @Test
  void aScheduleThatDoesNotFitTheClusterIsRefusedBeforeAnyLoad() {
    QharnessCli r = run("bad", "--scale", "drain node4");
    assertThat(r.code()).as(r.toString()).isEqualTo(2);
    assertThat(r.err()).contains("node4 is not in the cluster then; join it first");
  }

  @Test
  void aStartCommandThatFailsOrANodeThatNeverJoinsStopsTheRunSayingWhereEveryShardIs()
      throws Exception {
    try (TestCluster cluster = TestCluster.builder().nodes(3).spareNodes(1).build().start()) {
      List<String> all = cluster.grpcAddresses();
      String hosts = String.join(",", all.subList(0, 3));
      String spare = all.get(3);
      String rest = String.join(",", cluster.restAddresses());

      QharnessCli failed =
          run(
              "start-fails",
              "--hosts",
              hosts,
              "--rest-hosts",
              rest,
              "--scale-hosts",
              spare,
              "--scale-start-command",
              "false");
      assertThat(failed.code()).as(failed.toString()).isEqualTo(1);
      assertThat(failed.err())
          .contains("the scale event failed")
          .contains("'false' failed with exit code 1")
          .contains("Placement now: shard 0:");

      QharnessCli never =
          run(
              "never-joins",
              "--hosts",
              hosts,
              "--rest-hosts",
              rest,
              "--scale-hosts",
              spare,
              "--scale-start-command",
              "true",
              "--scale-join-timeout",
              "2s");
      assertThat(never.code()).as(never.toString()).isEqualTo(1);
      assertThat(never.err())
          .contains(
              "node4 (" + cluster.restAddresses().get(3) + ") did not join the cluster within PT2S")
          .contains("Placement now: shard 0:");
      assertThat(
              RunRecord.load(dir.resolve("never-joins"))
                  .json()
                  .path("audit")
                  .path("missing")
                  .asLong())
          .isZero();
    }
  }
}
