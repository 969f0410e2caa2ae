package io.qharness.simulations;

import static org.assertj.core.api.Assertions.assertThat;

import io.qharness.metrics.OperationSummary;
import io.qharness.results.RunRecord;
import io.qharness.testsupport.LocalQdrantCluster;
import io.qharness.testsupport.RequiresQdrant;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Named vectors on a real 3-node Qdrant 1.19 cluster: the default workload creates, loads, updates
 * and searches a named dense vector (vectorName), and an existing hybrid collection (a dense and a
 * sparse vector, loaded by the hybrid workload) is accepted and checked for reuse through its dense
 * vector, refused with the reason when upserts would drop its sparse vectors or no vector is named.
 */
@RequiresQdrant
class RealNamedVectorsIT {
  @TempDir Path dir;

  private QharnessCli run(LocalQdrantCluster cluster, String runId, String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "run",
                "--hosts",
                cluster.hosts(),
                "--results-dir",
                dir.toString(),
                "--run-id",
                runId,
                "--points",
                "3000",
                "--filtered-search-rate",
                "0",
                "--search-rate",
                "40",
                "--duration",
                "3s",
                "--warmup",
                "1s",
                "--no-report",
                "--progress",
                "false",
                "--p99-ms",
                "100000"));
    args.addAll(List.of(more));
    return QharnessCli.run(args.toArray(new String[0]));
  }

  @Test
  void namedDenseVectorsAreCreatedSearchedAndReusedInHybridCollections() {
    try (LocalQdrantCluster cluster = LocalQdrantCluster.builder().name("named").nodes(3).start()) {
      QharnessCli fresh = run(cluster, "named", "--vector-name", "emb", "--upsert-rate", "5");
      assertThat(fresh.code()).as(fresh.toString()).isZero();
      RunRecord.Loaded named = RunRecord.load(dir.resolve("named"));
      OperationSummary search = named.summary().operation("search");
      assertThat(search.errors()).isZero();
      assertThat(search.recallMean()).isEqualTo(1.0);
      assertThat(named.summary().operation("upsert").errors()).isZero();
      assertThat(named.json().path("audit").path("vectorMismatches").asLong()).isZero();
      assertThat(named.json().path("audit").path("missing").asLong()).isZero();

      // a hybrid collection, then the default workload reusing it through its dense vector
      QharnessCli hybrid =
          QharnessCli.run(
              "run",
              "HybridSearch",
              "--hosts",
              cluster.hosts(),
              "--results-dir",
              dir.toString(),
              "--run-id",
              "hybrid",
              "--points",
              "3000",
              "--search-rate",
              "20",
              "--duration",
              "2s",
              "--warmup",
              "0s",
              "--no-report",
              "--progress",
              "false",
              "--p99-ms",
              "100000");
      assertThat(hybrid.code()).as(hybrid.toString()).isZero();

      QharnessCli unnamed =
          run(cluster, "reuse-unnamed", "--upload", "false", "--upsert-rate", "0");
      assertThat(unnamed.code()).isEqualTo(2);
      assertThat(unnamed.err())
          .contains("has named vectors (`dense`, `sparse`)")
          .contains("vectorName=");
      QharnessCli upserts =
          run(cluster, "reuse-upserts", "--upload", "false", "--vector-name", "dense");
      assertThat(upserts.code()).isEqualTo(2);
      assertThat(upserts.err()).contains("other vectors (sparse)").contains("upsertRate=0");
      QharnessCli reuse =
          run(
              cluster,
              "reuse",
              "--upload",
              "false",
              "--vector-name",
              "dense",
              "--upsert-rate",
              "0");
      assertThat(reuse.code()).as(reuse.toString()).isZero();
      RunRecord.Loaded reused = RunRecord.load(dir.resolve("reuse"));
      assertThat(reused.json().path("reusedCollection").path("points").asLong()).isEqualTo(3000);
      assertThat(reused.summary().operation("search").recallMean()).isEqualTo(1.0);
    }
  }
}
