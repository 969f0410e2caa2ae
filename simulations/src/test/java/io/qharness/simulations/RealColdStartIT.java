package io.qharness.simulations;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.qharness.metrics.OperationSummary;
import io.qharness.results.RunRecord;
import io.qharness.testsupport.LocalQdrantCluster;
import io.qharness.testsupport.RequiresQdrant;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cold against warm on a real 3-node Qdrant 1.19 cluster, vectors and HNSW graph on disk (mmap): a
 * warm-up, warm searches, then every node stopped with SIGTERM, the OS page cache emptied where
 * this machine lets it (root), the nodes started again through their start scripts, and the same
 * searches cold. The record has both, the time until the cold p99 settles, and the page faults and
 * disk reads of each phase from the new processes.
 */
@RequiresQdrant
class RealColdStartIT {
  private static final Path DROP_CACHES = Path.of("/proc/sys/vm/drop_caches");
  @TempDir Path dir;

  @Test
  void theWholeClusterRestartsAndTheColdSearchesAreMeasuredBesideTheWarmOnes() {
    try (LocalQdrantCluster cluster = LocalQdrantCluster.builder().name("cold").nodes(3).start()) {
      boolean dropCaches = Files.isWritable(DROP_CACHES);
      List<String> args =
          new ArrayList<>(
              List.of(
                  "run",
                  "ColdStart",
                  "--hosts",
                  cluster.hosts(),
                  "--points",
                  "20000",
                  "--on-disk",
                  "true",
                  "--hnsw-on-disk",
                  "true",
                  "--search-rate",
                  "50",
                  "--duration",
                  "5s",
                  "--warmup",
                  "5s",
                  "--fault-stop-command",
                  "kill -TERM {pid}",
                  "--fault-start-command",
                  "sh " + cluster.dir() + "/node{n}/start.sh",
                  "--results-dir",
                  dir.toString(),
                  "--run-id",
                  "cold",
                  "--no-report",
                  "--progress",
                  "false",
                  "--p99-ms",
                  "100000"));
      if (dropCaches) {
        args.addAll(List.of("--cold-cache-command", "sync; echo 3 > " + DROP_CACHES));
      }
      QharnessCli r = QharnessCli.run(args.toArray(String[]::new));
      assertThat(r.code()).as(r.toString()).isZero();
      RunRecord.Loaded rec = RunRecord.load(dir.resolve("cold"));
      OperationSummary warm = rec.summary().operation("search warm");
      OperationSummary cold = rec.summary().operation("search cold");
      assertThat(warm.count()).isEqualTo(250);
      assertThat(cold.count()).isEqualTo(250);
      assertThat(warm.errors() + cold.errors()).isZero();
      assertThat(cold.recallMean()).isGreaterThan(0.9);
      JsonNode c = rec.json().path("coldStart");
      assertThat(c.path("restart").path("nodes")).hasSize(3);
      assertThat(c.path("restart").path("how").asText()).isEqualTo("stop, then start");
      assertThat(c.path("restart").path("failure").isNull())
          .as("the restart failed: %s", c.path("restart").path("failure"))
          .isTrue();
      assertThat(c.path("restart").path("startToReadySeconds").asDouble()).isPositive();
      // Qdrant stops in a few seconds; 30 s is actix serving a connection qharness kept busy
      assertThat(c.path("restart").path("downSeconds").asDouble())
          .as("qharness does not keep the stopping nodes up with its own polls")
          .isLessThan(20);
      JsonNode latency = c.path("latency");
      assertThat(latency.path("coldTimeline").size()).isBetween(4, 7);
      assertThat(latency.path("intervalSeconds").asDouble()).isBetween(0.9, 1.1);
      assertThat(latency.path("warmP99Ms").asDouble()).isPositive();
      // the new processes were read: their faults and reads since they started
      assertThat(c.path("coldMajorFaults").isNumber()).isTrue();
      assertThat(c.path("coldReadBytes").isNumber()).isTrue();
      if (dropCaches) {
        assertThat(c.path("restart").path("cacheOutcome").asText()).isEqualTo("ok");
        // vectors and graph on disk, page cache empty: the cold searches read them from disk
        assertThat(c.path("coldReadBytes").asLong())
            .isGreaterThan(c.path("warmReadBytes").asLong());
      }
      System.out.println(
          "real Qdrant, cold start (on disk"
              + (dropCaches ? ", page cache emptied" : "")
              + "): restart "
              + c.path("restart")
              + " "
              + latency
              + " faults warm "
              + c.path("warmMajorFaults")
              + " cold "
              + c.path("coldMajorFaults")
              + ", read warm "
              + c.path("warmReadBytes")
              + " cold "
              + c.path("coldReadBytes"));
    }
  }

  /**
   * A restart that fails (here the start command) fails the run and says which nodes it left down;
   * no search on the nodes that were never restarted is recorded as cold.
   */
  @Test
  void aFailedRestartFailsTheRunAndRecordsNoColdSearch() {
    try (LocalQdrantCluster cluster =
        LocalQdrantCluster.builder().name("nostart").nodes(3).start()) {
      QharnessCli r =
          QharnessCli.run(
              "run",
              "ColdStart",
              "--hosts",
              cluster.hosts(),
              "--points",
              "2000",
              "--search-rate",
              "20",
              "--duration",
              "2s",
              "--warmup",
              "0s",
              "--cold-restart",
              "node2",
              "--fault-stop-command",
              "kill -TERM {pid}",
              "--fault-start-command",
              "false",
              "--results-dir",
              dir.toString(),
              "--run-id",
              "nostart",
              "--no-report",
              "--progress",
              "false");
      assertThat(r.code()).as(r.toString()).isEqualTo(1);
      assertThat(r.err())
          .contains(
              "qharness: the cold restart failed, so there are no cold searches: 'false' failed"
                  + " with exit code 1. Nodes accepting connections now: node1, node3; not: node2");
      RunRecord.Loaded rec = RunRecord.load(dir.resolve("nostart"));
      assertThat(rec.summary().operation("search warm").count()).isEqualTo(40);
      assertThat(rec.summary().operation("search cold").count()).isZero();
      JsonNode c = rec.json().path("coldStart");
      assertThat(c.path("restart").path("failure").asText()).startsWith("'false' failed");
      assertThat(c.path("latency").isNull()).isTrue();
    }
  }
}
