package io.qharness.simulations;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.qharness.results.RunRecord;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cold-start workload on the embedded test double, end to end through the CLI: warm searches,
 * one node restarted through the double's API, cold searches, and the record's coldStart with both,
 * the 1-s timeline and the restart. The double keeps its data in memory, so its cold start is a
 * model of the steps, not of disk reads. A node the target does not have is refused.
 */
class ColdStartIT {
  @TempDir Path dir;

  private QharnessCli run(String id, String restart) {
    return QharnessCli.run(
        "run",
        "ColdStart",
        "--points",
        "2000",
        "--dim",
        "16",
        "--search-rate",
        "40",
        "--duration",
        "3s",
        "--warmup",
        "1s",
        "--cold-restart",
        restart,
        "--results-dir",
        dir.toString(),
        "--run-id",
        id,
        "--no-report",
        "--progress",
        "false");
  }

  @Test
  void warmThenRestartThenColdSearchesAreRecordedSideBySide() {
    QharnessCli r = run("cold", "node2");
    assertThat(r.code()).as(r.toString()).isZero();
    RunRecord.Loaded rec = RunRecord.load(dir.resolve("cold"));
    assertThat(rec.summary().operation("search warm").count()).isEqualTo(120);
    assertThat(rec.summary().operation("search cold").count()).isEqualTo(120);
    JsonNode c = rec.json().path("coldStart");
    assertThat(c.path("restart").path("nodes").toString()).isEqualTo("[2]");
    assertThat(c.path("restart").path("failure").isNull()).isTrue();
    assertThat(c.path("note").asText()).contains("page cache was kept");
    JsonNode latency = c.path("latency");
    assertThat(latency.path("warmSearches").asLong()).isEqualTo(120);
    assertThat(latency.path("intervalSeconds").asDouble())
        .as("1-s intervals by default")
        .isEqualTo(1.0);
    assertThat(latency.path("coldTimeline").size()).isBetween(3, 5);
    assertThat(rec.json().path("serverResources").path("phases").findValuesAsText("name"))
        .containsExactly("upload", "index build", "warm-up", "warm", "restart", "cold");
    assertThat(rec.summary().operation("warm-up search warm").count()).isEqualTo(40);
  }

  @Test
  void aNodeTheTargetDoesNotHaveIsRefused() {
    QharnessCli r = run("node9", "node9");
    assertThat(r.code()).as(r.toString()).isEqualTo(2);
    assertThat(r.out() + r.err())
        .contains("coldRestart=node9: use all, or one of the target's 3 nodes: node1 .. node3");
  }
}
