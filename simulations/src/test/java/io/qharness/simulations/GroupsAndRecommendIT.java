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
 * Grouped searches (Query API query_groups by payload category) and recommendations by example
 * (average_vector) in the mixed workload, each with recall against its exact answer: on the test
 * double, which answers exactly (recall 1), and on a real Qdrant 1.19 cluster whose small segments
 * are scanned.
 */
class GroupsAndRecommendIT {
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
                "--recommend-rate",
                "40",
                "--recommend-positives",
                "2",
                "--recommend-negatives",
                "1",
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
    assertThat(rec.json().path("data").path("recommendGroundTruth").asText()).contains("computed");
    return rec;
  }

  private static OperationSummary op(RunRecord.Loaded rec, String name) {
    OperationSummary s = rec.summary().operation(name);
    assertThat(s.count()).isPositive();
    assertThat(s.errors()).isZero();
    return s;
  }

  @Test
  void groupsAndRecommendationsOnTheTestDoubleAreExact() {
    RunRecord.Loaded rec = run(null, "double");
    assertThat(op(rec, "grouped search").recallMean()).isEqualTo(1.0);
    assertThat(op(rec, "recommend").recallMean()).isEqualTo(1.0);
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
  void groupsAndRecommendationsOnRealQdrantMatchTheirExactAnswers() {
    try (LocalQdrantCluster cluster =
        LocalQdrantCluster.builder().name("groups").nodes(3).start()) {
      RunRecord.Loaded rec = run(cluster.hosts(), "real");
      OperationSummary groups = op(rec, "grouped search");
      OperationSummary reco = op(rec, "recommend");
      System.out.printf(
          "real Qdrant, 3,000 points: grouped search (5 groups x 3 of 40 categories) recall %.4f,"
              + " p50 %.2f ms; recommend (2 positive, 1 negative) recall %.4f, p50 %.2f ms%n",
          groups.recallMean(),
          groups.p50Micros() / 1000.0,
          reco.recallMean(),
          reco.p50Micros() / 1000.0);
      // small segments are scanned: both answers are exact up to ties
      assertThat(groups.recallMean()).isGreaterThan(0.99);
      assertThat(reco.recallMean()).isGreaterThan(0.99);
    }
  }
}
