package io.qharness.simulations;

import static org.assertj.core.api.Assertions.assertThat;

import io.qharness.metrics.OperationSummary;
import io.qharness.results.RunRecord;
import io.qharness.testsupport.LocalQdrantCluster;
import io.qharness.testsupport.RequiresQdrant;
import io.qharness.workload.sparse.SparseVectorSet;
import io.qharness.workload.sparse.SyntheticSparse;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hybrid dense + sparse retrieval with fusion on a real 3-node Qdrant 1.19 cluster, the dense
 * prefetch through the HNSW graph (indexing and full-scan thresholds small): the collection with a
 * named dense and a named sparse vector is created and loaded, every query fuses the two prefetches
 * by RRF, then by DBSF, and recall@k is measured against the fusion of the exact per-vector
 * results. Qdrant's sparse search is exact and its fusion formulas are the ones qharness applies,
 * so recall below 1 is what the dense graph lost.
 */
@RequiresQdrant
class RealHybridSearchIT {
  @TempDir Path dir;

  @Test
  void hybridSearchWithRrfAndDbsfFusionIsMeasuredWithRecall() {
    try (LocalQdrantCluster cluster =
        LocalQdrantCluster.builder().name("hybrid").nodes(3).start()) {
      StringBuilder figures = new StringBuilder();
      for (String fusion : new String[] {"rrf", "dbsf"}) {
        QharnessCli r =
            QharnessCli.run(
                "run",
                "HybridSearch",
                "--hosts",
                cluster.hosts(),
                "--results-dir",
                dir.toString(),
                "--run-id",
                fusion,
                "--fusion",
                fusion,
                "--points",
                "5000",
                "--search-rate",
                "40",
                "--duration",
                "5s",
                "--warmup",
                "2s",
                "--indexing-threshold",
                "200",
                "--full-scan-threshold",
                "10",
                "--no-report",
                "--progress",
                "false",
                "--p99-ms",
                "100000");
        assertThat(r.code()).as(r.toString()).isZero();
        RunRecord.Loaded rec = RunRecord.load(dir.resolve(fusion));
        assertThat(rec.complete()).isTrue();
        OperationSummary hybrid = rec.summary().operation("hybrid search");
        assertThat(hybrid.errors()).isZero();
        assertThat(hybrid.count()).isEqualTo(200);
        assertThat(hybrid.recallMean()).as(fusion + " recall").isGreaterThan(0.9);
        assertThat(hybrid.serverTime()).isNotNull();
        assertThat(rec.json().path("data").path("hybridGroundTruth").asText())
            .contains(fusion + " fusion of the exact dense top-50 and the exact sparse top-50");
        // both prefetches ran: sparse searches, and the dense ones mostly on the graph
        assertThat(rec.run().searchPaths().shares().get("sparse")).isPositive();
        assertThat(rec.run().searchPaths().shares().get("hnsw")).isPositive();
        // every point was written with both vectors and read back
        assertThat(rec.json().path("audit").path("missing").asLong()).isZero();
        assertThat(rec.json().path("audit").path("vectorMismatches").asLong()).isZero();
        assertThat(rec.run().target().collection().points()).isEqualTo(5000);
        figures.append(
            String.format(
                Locale.ROOT,
                "  %-4s recall %.4f  p50 %.2f ms (server %.2f ms)  p99 %.2f ms  paths %s%n",
                fusion,
                hybrid.recallMean(),
                hybrid.p50Micros() / 1000.0,
                hybrid.serverTime().p50Micros() / 1000.0,
                hybrid.p99Micros() / 1000.0,
                rec.run().searchPaths().shares()));
      }
      System.out.print("real Qdrant, hybrid dense + sparse search:\n" + figures);
    }
  }

  /** Writes sparse vectors in the big-ann CSR layout. */
  static void writeCsr(Path p, int columns, SparseVectorSet rows) throws IOException {
    int n = (int) rows.size();
    long nnz = 0;
    for (int i = 0; i < n; i++) {
      nnz += rows.get(i).size();
    }
    ByteBuffer b =
        ByteBuffer.allocate((int) (24 + 8L * (n + 1) + 8 * nnz)).order(ByteOrder.LITTLE_ENDIAN);
    b.putLong(n).putLong(columns).putLong(nnz).putLong(0);
    long at = 0;
    for (int i = 0; i < n; i++) {
      at += rows.get(i).size();
      b.putLong(at);
    }
    for (int i = 0; i < n; i++) {
      for (int id : rows.get(i).indices()) {
        b.putInt(id);
      }
    }
    for (int i = 0; i < n; i++) {
      for (float v : rows.get(i).values()) {
        b.putFloat(v);
      }
    }
    Files.write(p, b.array());
  }

  @Test
  void sparseVectorsFromCsrFilesAreLoadedAndSearched() throws IOException {
    SyntheticSparse sparse = new SyntheticSparse(3000, 5000, 30, 99);
    writeCsr(dir.resolve("base.csr"), 5000, sparse);
    writeCsr(dir.resolve("q.csr"), 5000, sparse.queries(500));
    try (LocalQdrantCluster cluster = LocalQdrantCluster.builder().name("csr").nodes(3).start()) {
      QharnessCli r =
          QharnessCli.run(
              "run",
              "HybridSearch",
              "--hosts",
              cluster.hosts(),
              "--results-dir",
              dir.toString(),
              "--run-id",
              "csr",
              "--sparse-dataset",
              "csr:" + dir.resolve("base.csr") + "?queries=" + dir.resolve("q.csr"),
              "--sparse-idf",
              "true",
              "--points",
              "3000",
              "--search-rate",
              "40",
              "--duration",
              "4s",
              "--warmup",
              "1s",
              "--no-report",
              "--progress",
              "false",
              "--p99-ms",
              "100000");
      assertThat(r.code()).as(r.toString()).isZero();
      RunRecord.Loaded rec = RunRecord.load(dir.resolve("csr"));
      assertThat(rec.json().path("data").path("sparse").asText()).contains("csr base.csr");
      assertThat(rec.json().path("data").path("hybridGroundTruth").asText())
          .contains("IDF over the whole collection");
      OperationSummary hybrid = rec.summary().operation("hybrid search");
      assertThat(hybrid.errors()).isZero();
      // Qdrant weighs by each shard's IDF, the ground truth by the collection's: close, not equal
      assertThat(hybrid.recallMean()).isGreaterThan(0.7);
      System.out.printf(
          Locale.ROOT,
          "real Qdrant, hybrid search with CSR sparse vectors and the IDF modifier: recall %.4f,"
              + " p50 %.2f ms%n",
          hybrid.recallMean(),
          hybrid.p50Micros() / 1000.0);
    }
  }

  @Test
  void aMissingSparseFileIsRefusedBeforeAnyLoad() {
    QharnessCli r =
        QharnessCli.run(
            "run",
            "HybridSearch",
            "--sparse-dataset",
            "csr:" + dir.resolve("none.csr") + "?queries=" + dir.resolve("q.csr"),
            "--results-dir",
            dir.toString(),
            "--run-id",
            "missing");
    assertThat(r.code()).as(r.toString()).isEqualTo(2);
    assertThat(r.out() + r.err()).contains("sparseDataset").contains("does not exist");
  }
}
