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
      assertThat(c.path("restart").path("startToReadySeconds").asDouble()).isPositive();
      assertThat(c.path("restart").path("failure").isNull()).isTrue();
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
              + "): "
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
}
