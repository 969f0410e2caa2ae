package io.qharness.simulations;

import static org.assertj.core.api.Assertions.assertThat;

import io.qharness.metrics.OperationSummary;
import io.qharness.results.RunFile;
import io.qharness.results.RunRecord;
import io.qharness.testsupport.LocalQdrantCluster;
import io.qharness.testsupport.RequiresQdrant;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Filtered search on a real 3-node Qdrant 1.19 cluster, through the HNSW graph (indexing and
 * full-scan thresholds at their minimum): with the keyword payload index created before the upload
 * the filtered searches keep their recall; without it the graph, built blind to the filter, loses
 * most of it. The run reports the index build time and how selective the filters were.
 */
@RequiresQdrant
class RealFilteredSearchIT {
  @TempDir Path dir;

  private RunRecord.Loaded run(
      LocalQdrantCluster cluster, String payloadIndex, String suffix, String... more) {
    String runId = "filtered-" + payloadIndex + suffix;
    List<String> args =
        new ArrayList<>(
            List.of(
                "run",
                "--hosts",
                cluster.hosts(),
                "--results-dir",
                dir.resolve("results").toString(),
                "--run-id",
                runId,
                "--payload-index",
                payloadIndex,
                "--search-rate",
                "0",
                "--upsert-rate",
                "0",
                "--filtered-search-rate",
                "40",
                "--duration",
                "5s",
                "--warmup",
                "1s",
                "--indexing-threshold",
                "1",
                "--full-scan-threshold",
                "10",
                "--no-report",
                "--progress",
                "false",
                "--p99-ms",
                "100000"));
    args.addAll(List.of(more));
    QharnessCli r = QharnessCli.run(args.toArray(new String[0]));
    assertThat(r.code()).as(r.toString()).isZero();
    return RunRecord.load(dir.resolve("results").resolve(runId));
  }

  @Test
  void aPayloadIndexBuiltBeforeTheUploadKeepsFilteredRecallOnHnsw() {
    try (LocalQdrantCluster cluster =
        LocalQdrantCluster.builder().name("filtered").nodes(3).start()) {
      RunRecord.Loaded without = run(cluster, "none", "");
      RunRecord.Loaded with = run(cluster, "before", "");

      OperationSummary build = with.summary().operation("payload index category");
      assertThat(build).as("the index build is timed as its own request").isNotNull();
      assertThat(build.errors()).isZero();
      assertThat(build.serverTime()).isNotNull();
      assertThat(without.summary().operation("payload index category")).isNull();

      double recallWith = with.summary().operation("filtered search").recallMean();
      double recallWithout = without.summary().operation("filtered search").recallMean();
      assertThat(recallWith).as("filtered recall with the payload index").isGreaterThan(0.95);
      assertThat(recallWithout)
          .as("filtered recall without it (HNSW built blind to the filter)")
          .isLessThan(recallWith - 0.2);

      RunFile.FilterSelectivity f = with.run().filters();
      assertThat(with.run().serverResources().phases())
          .extracting(RunFile.Phase::name)
          .contains("upload", "index build", "measured");
      assertThat(f.field()).isEqualTo("category");
      assertThat(f.payloadIndex()).isEqualTo("before");
      assertThat(f.matchedShareMin()).isPositive().isLessThan(f.matchedShareMean());
      assertThat(f.matchedShareMax()).isGreaterThan(f.matchedShareMean()).isLessThan(1);
      System.out.printf(
          "real Qdrant, filtered HNSW search: recall %.4f with the payload index (built in %.1f"
              + " ms), %.4f without; p50 %.2f ms vs %.2f ms; filters matched %.2f %% of points"
              + " (%.2f..%.2f %%)%n",
          recallWith,
          build.p50Micros() / 1000.0,
          recallWithout,
          with.summary().operation("filtered search").p50Micros() / 1000.0,
          without.summary().operation("filtered search").p50Micros() / 1000.0,
          100 * f.matchedShareMean(),
          100 * f.matchedShareMin(),
          100 * f.matchedShareMax());
    }
  }

  @Test
  void filtersOfAChosenSelectivityMatchThatShareAndKeepTheirRecall() {
    try (LocalQdrantCluster cluster =
        LocalQdrantCluster.builder().name("selectivity").nodes(3).start()) {
      StringBuilder table = new StringBuilder();
      // two of the four shares docs/data-and-recall.md reports: the suite's time is bounded
      for (String share : new String[] {"0.1%", "10%"}) {
        RunRecord.Loaded r =
            run(
                cluster,
                "before",
                "-" + share.replace("%", "pct"),
                "--filter-selectivity",
                share,
                "--points",
                "8000");
        double target = Double.parseDouble(share.replace("%", "")) / 100;
        RunFile.FilterSelectivity f = r.run().filters();
        assertThat(f.field()).isEqualTo("rank");
        // each query's own window of ranks, counted over the points' payloads
        assertThat(f.matchedShareMean()).as(share).isBetween(target * 0.8, target * 1.2);
        OperationSummary build = r.summary().operation("payload index rank");
        assertThat(build).as("the integer index is built and timed").isNotNull();
        assertThat(build.errors()).isZero();
        OperationSummary filtered = r.summary().operation("filtered search");
        assertThat(filtered.errors()).isZero();
        assertThat(filtered.recallMean()).as("filtered recall at " + share).isGreaterThan(0.9);
        table.append(
            String.format(
                java.util.Locale.ROOT,
                "  %-5s matched %.3f %%  recall %.4f  p50 %.2f ms (server %.2f ms)  index build"
                    + " %.1f ms  paths %s%n",
                share,
                100 * f.matchedShareMean(),
                filtered.recallMean(),
                filtered.p50Micros() / 1000.0,
                filtered.serverTime().p50Micros() / 1000.0,
                build.p50Micros() / 1000.0,
                r.run().searchPaths() == null ? "-" : r.run().searchPaths().shares()));
      }
      System.out.print("real Qdrant, filter selectivity:\n" + table);
    }
  }
}
