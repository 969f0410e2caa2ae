package io.qharness.simulations;

import static org.assertj.core.api.Assertions.assertThat;

import io.qharness.metrics.OperationSummary;
import io.qharness.results.RunRecord;
import io.qharness.testsupport.LocalQdrantCluster;
import io.qharness.testsupport.RequiresQdrant;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Quantization kinds beyond scalar and one-bit binary, on a real 3-node Qdrant 1.19 cluster: a
 * product-quantized (x8) and a two-bit binary collection are created, loaded and searched through
 * the HNSW graph with rescoring and oversampling; Qdrant records the kind asked for, and recall is
 * measured against exact ground truth.
 */
@RequiresQdrant
class RealQuantizationIT {
  @TempDir Path dir;

  @Test
  void productAndTwoBitBinaryCollectionsAreSearchedWithRescoring() {
    try (LocalQdrantCluster cluster = LocalQdrantCluster.builder().name("quant").nodes(3).start()) {
      StringBuilder figures = new StringBuilder();
      for (String kind : new String[] {"product-x8", "binary-2bit"}) {
        QharnessCli r =
            QharnessCli.run(
                "run",
                "--hosts",
                cluster.hosts(),
                "--results-dir",
                dir.toString(),
                "--run-id",
                kind,
                "--quantization",
                kind,
                "--rescore",
                "true",
                "--oversampling",
                "3",
                "--points",
                "5000",
                "--indexing-threshold",
                "200",
                "--full-scan-threshold",
                "10",
                "--filtered-search-rate",
                "0",
                "--upsert-rate",
                "0",
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
                "100000",
                "--ready-timeout",
                "4m");
        assertThat(r.code()).as(r.toString()).isZero();
        if (r.toString().contains("not ready after")) { // a slow machine: say so, bounded
          System.out.println(kind + ": the index was not ready within 4 min\n" + r);
        }
        RunRecord.Loaded rec = RunRecord.load(dir.resolve(kind));
        assertThat(rec.run().target().collection().quantization())
            .isEqualTo(kind.startsWith("product") ? "product" : "binary");
        OperationSummary search = rec.summary().operation("search");
        assertThat(search.errors()).isZero();
        assertThat(search.recallMean()).as(kind).isPositive();
        assertThat(rec.run().searchPaths().shares().get("hnsw")).isPositive();
        figures.append(
            String.format(
                Locale.ROOT,
                "  %-12s recall %.4f  p50 %.2f ms  HNSW share %.2f%n",
                kind,
                search.recallMean(),
                search.p50Micros() / 1000.0,
                rec.run().searchPaths().shares().get("hnsw")));
      }
      System.out.print("real Qdrant, quantization kinds (rescore, oversampling 3):\n" + figures);
    }
  }
}
