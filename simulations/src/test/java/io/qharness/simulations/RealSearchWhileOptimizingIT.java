package io.qharness.simulations;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.qharness.metrics.OperationSummary;
import io.qharness.results.RunRecord;
import io.qharness.testsupport.LocalQdrantCluster;
import io.qharness.testsupport.RequiresQdrant;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Searches while Qdrant's optimiser builds the index after a bulk load, then after it, on a real
 * 3-node Qdrant 1.19 cluster (indexing threshold small enough that every segment gets an HNSW
 * index): the optimiser's work is read from its optimizations endpoint, per phase and stage, and
 * the searches during it are measured apart from the ones after it.
 */
@RequiresQdrant
class RealSearchWhileOptimizingIT {
  @TempDir Path dir;

  @Test
  void theOptimizersWorkAfterABulkLoadIsMeasuredPerPhaseAndStage() {
    try (LocalQdrantCluster cluster =
        LocalQdrantCluster.builder().name("optimizer").nodes(3).start()) {
      QharnessCli r =
          QharnessCli.run(
              "run",
              "SearchWhileOptimizing",
              "--hosts",
              cluster.hosts(),
              "--points",
              "30000",
              "--dim",
              "64",
              "--indexing-threshold",
              "300",
              "--search-rate",
              "60",
              "--duration",
              "4s",
              "--results-dir",
              dir.toString(),
              "--run-id",
              "swo",
              "--no-report",
              "--progress",
              "false",
              "--p99-ms",
              "100000");
      assertThat(r.code()).as(r.toString()).isZero();
      RunRecord.Loaded rec = RunRecord.load(dir.resolve("swo"));
      OperationSummary during = rec.summary().operation("search while optimizing");
      OperationSummary after = rec.summary().operation("search after optimizing");
      assertThat(during.count()).as("searches overlapped the index build").isPositive();
      assertThat(during.errors() + after.errors()).isZero();
      assertThat(after.count()).isEqualTo(240);
      assertThat(after.recallMean()).isGreaterThan(0.9);
      JsonNode optimizer = rec.json().path("optimizer");
      assertThat(optimizer.path("phases").findValuesAsText("phase"))
          .containsExactly("upload", "while optimizing", "measured");
      int indexing = 0;
      double vectorIndex = 0;
      for (JsonNode p : optimizer.path("phases")) {
        indexing += p.path("byOptimizer").path("indexing").path("count").asInt();
        vectorIndex += p.path("stageSeconds").path("vector_index").asDouble();
      }
      // 30,000 x 64-d over 4 shards x replication 2: every segment above 300 KB gets a graph
      assertThat(indexing).isGreaterThanOrEqualTo(8);
      assertThat(vectorIndex).isPositive();
      assertThat(optimizer.path("runningAtEnd").asInt()).isZero();
      System.out.printf(
          Locale.ROOT,
          "real Qdrant, searches while the optimizer ran: %d, p50 %.2f ms, p99 %.2f ms; after: p50"
              + " %.2f ms, p99 %.2f ms; %d indexing optimisations, vector_index %.1f s%n",
          during.count(),
          during.p50Micros() / 1000.0,
          during.p99Micros() / 1000.0,
          after.p50Micros() / 1000.0,
          after.p99Micros() / 1000.0,
          indexing,
          vectorIndex);
    }
  }
}
