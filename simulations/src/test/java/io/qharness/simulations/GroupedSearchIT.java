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
 * Grouped searches (Query API query_groups by payload category) in the mixed workload, with recall
 * against the exact groups: on the test double, whose grouping is exact (recall 1), and on a real
 * Qdrant 1.19 cluster whose small segments are scanned.
 */
class GroupedSearchIT {
  @TempDir Path dir;

  private RunRecord.Loaded run(String hosts, String runId, String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "run",
                "--points",
                "3000",
                "--payload-categories",
                "40",
                "--search-rate",
                "0",
                "--filtered-search-rate",
                "0",
                "--upsert-rate",
                "0",
                "--grouped-search-rate",
                "40",
                "--group-size",
                "3",
                "--top-k",
                "5",
                "--duration",
                "3s",
                "--warmup",
                "1s",
                "--no-report",
                "--progress",
                "false",
                "--results-dir",
                dir.toString(),
                "--run-id",
                runId));
    if (hosts != null) {
      args.addAll(List.of("--hosts", hosts));
    }
    args.addAll(List.of(more));
    QharnessCli r = QharnessCli.run(args.toArray(new String[0]));
    assertThat(r.code()).as(r.toString()).isZero();
    RunRecord.Loaded rec = RunRecord.load(dir.resolve(runId));
    assertThat(rec.json().path("data").path("groupedGroundTruth").asText()).contains("computed");
    return rec;
  }

  private static OperationSummary grouped(RunRecord.Loaded rec) {
    OperationSummary s = rec.summary().operation("grouped search");
    assertThat(s.count()).isPositive();
    assertThat(s.errors()).isZero();
    return s;
  }

  @Test
  void groupedSearchesOnTheTestDoubleReturnTheExactGroups() {
    assertThat(grouped(run(null, "grouped-double")).recallMean()).isEqualTo(1.0);
  }

  @Test
  void groupedSearchesBeyondTenThousandPointsAreRefused() {
    QharnessCli r =
        QharnessCli.run(
            "run",
            "--grouped-search-rate",
            "10",
            "--top-k",
            "1000",
            "--group-size",
            "20",
            "--results-dir",
            dir.toString());
    assertThat(r.code()).as(r.toString()).isEqualTo(2);
    assertThat(r.out() + r.err()).contains("more than 10000 points per grouped search");
  }

  @Test
  @RequiresQdrant
  void groupedSearchesOnRealQdrantReturnTheExactGroups() {
    try (LocalQdrantCluster cluster =
        LocalQdrantCluster.builder().name("groups").nodes(3).start()) {
      OperationSummary s = grouped(run(cluster.hosts(), "grouped-real"));
      System.out.printf(
          "real Qdrant, grouped search (5 groups x 3 of 40 categories, 3,000 points): recall %.4f,"
              + " p50 %.2f ms%n",
          s.recallMean(), s.p50Micros() / 1000.0);
      // small segments are scanned: Qdrant's grouping is exact up to ties
      assertThat(s.recallMean()).isGreaterThan(0.99);
    }
  }
}
