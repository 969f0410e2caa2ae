package io.qharness.simulations;

import static org.assertj.core.api.Assertions.assertThat;

import io.qharness.metrics.OperationSummary;
import io.qharness.results.RunRecord;
import io.qharness.testsupport.LocalQdrantCluster;
import io.qharness.testsupport.RequiresQdrant;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Late-interaction multivector search (MaxSim) on a real 3-node Qdrant 1.19 cluster, through the
 * HNSW graph: the collection with a named multivector is created and loaded, queries of several
 * vectors are scored by Qdrant's MaxSim, and recall@k is measured against the exact MaxSim top-k.
 */
@RequiresQdrant
class RealMultiVectorIT {
  @TempDir Path dir;

  @Test
  void multivectorSearchIsMeasuredWithRecallAgainstExactMaxSim() {
    try (LocalQdrantCluster cluster = LocalQdrantCluster.builder().name("multi").nodes(3).start()) {
      QharnessCli r =
          QharnessCli.run(
              "run",
              "MultiVectorSearch",
              "--hosts",
              cluster.hosts(),
              "--results-dir",
              dir.toString(),
              "--run-id",
              "multi",
              "--points",
              "4000",
              "--dim",
              "32",
              "--indexing-threshold",
              "100",
              "--full-scan-threshold",
              "10",
              "--search-rate",
              "20",
              "--duration",
              "5s",
              "--warmup",
              "1s",
              "--no-report",
              "--progress",
              "false",
              "--p99-ms",
              "100000");
      assertThat(r.code()).as(r.toString()).isZero();
      RunRecord.Loaded rec = RunRecord.load(dir.resolve("multi"));
      OperationSummary search = rec.summary().operation("multivector search");
      assertThat(search.errors()).isZero();
      assertThat(search.count()).isEqualTo(100);
      assertThat(search.recallMean()).isGreaterThan(0.8);
      assertThat(rec.json().path("audit").path("missing").asLong()).isZero();
      assertThat(rec.run().searchPaths().shares().get("hnsw")).isPositive();
      System.out.printf(
          java.util.Locale.ROOT,
          "real Qdrant, multivector MaxSim search: recall %.4f, p50 %.2f ms (server %.2f ms),"
              + " paths %s%n",
          search.recallMean(),
          search.p50Micros() / 1000.0,
          search.serverTime().p50Micros() / 1000.0,
          rec.run().searchPaths().shares());
    }
  }
}
