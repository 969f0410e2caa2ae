package io.qharness.simulations;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.qharness.results.RunRecord;
import io.qharness.testsupport.LocalQdrantCluster;
import io.qharness.testsupport.RequiresQdrant;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Index readiness and the hnsw_ef sweep against a real 3-node Qdrant 1.19 cluster: the wait returns
 * only once every replica is indexed; a sweep whose searches the HNSW graph serves shows recall
 * rising with ef and recommends an ef; a sweep over segments Qdrant scans recommends none and says
 * why.
 */
@RequiresQdrant
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RealEfSweepIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * Big enough for several indexing rounds per replica; small enough for CI (about 10 s to load and
   * index on 2 cores).
   */
  private static final int POINTS = 50_000;

  @TempDir static Path dir;
  private LocalQdrantCluster cluster;

  @BeforeAll
  void start() {
    cluster = LocalQdrantCluster.builder().name("ef-sweep").nodes(3).start();
  }

  @AfterAll
  void stop() {
    cluster.close();
  }

  private QharnessCli run(String simulation, String runId, String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "run",
                simulation,
                "--hosts",
                cluster.hosts(),
                "--results-dir",
                dir.resolve("results").toString(),
                "--run-id",
                runId,
                "--progress",
                "false",
                "--report-interval",
                "1s"));
    args.addAll(List.of(more));
    return QharnessCli.run(args.toArray(new String[0]));
  }

  @Test
  @Order(1)
  void theWaitReturnsOnlyOnceEveryReplicaOnEveryNodeIsIndexed() throws Exception {
    // a sparse graph, so that small ef visibly costs recall in the sweep below
    QharnessCli load =
        run(
            "LoadSimulation",
            "load",
            "--points",
            Integer.toString(POINTS),
            "--indexing-threshold",
            "1",
            "--full-scan-threshold",
            "10",
            "--hnsw-m",
            "8",
            "--hnsw-ef-construct",
            "32");
    assertThat(load.code()).as(load.toString()).isZero();
    // right after the run: every node, for its own replicas and the others' it reads, says green
    // and fully indexed
    for (LocalQdrantCluster.Node n : cluster.nodes()) {
      HttpResponse<String> info = cluster.get(n, "/collections/qharness");
      JsonNode r = JSON.readTree(info.body()).path("result");
      assertThat(r.path("status").asText()).as(n.name()).isEqualTo("green");
      assertThat(r.path("points_count").asLong()).isEqualTo(POINTS);
      assertThat(r.path("indexed_vectors_count").asLong())
          .as(n.name() + " indexed")
          .isEqualTo(POINTS);
    }
    JsonNode ready = RunRecord.load(dir.resolve("results/load")).json().path("indexReady");
    assertThat(ready.path("ready").asBoolean()).isTrue();
    assertThat(ready.path("indexedVectors").asLong())
        .as("every replica: 2 x the points")
        .isEqualTo(2L * POINTS);
    assertThat(ready.path("expectedIndexedVectors").asLong()).isEqualTo(2L * POINTS);
    System.out.printf(
        "real Qdrant: %,d x 128-d loaded, index ready after %s s (%s)%n",
        POINTS, ready.path("secondsToReady").asText(), ready.path("detail").asText());
  }

  @Test
  @Order(2)
  void aSweepTheGraphServesShowsRecallRisingWithEf() throws Exception {
    QharnessCli sweep =
        run(
            "EfSweepSimulation",
            "sweep",
            "--points",
            Integer.toString(POINTS),
            "--upload",
            "false",
            "--ef-sweep",
            "10,40,160",
            "--ef-sweep-exact",
            "true",
            "--ef-sweep-step-duration",
            "4s",
            "--warmup",
            "2s",
            "--target-recall",
            "0.95");
    assertThat(sweep.code()).as(sweep.toString()).isZero();
    JsonNode ef = RunRecord.load(dir.resolve("results/sweep")).json().path("efSweep");
    List<Double> recall = new ArrayList<>();
    for (JsonNode row : ef.path("rows")) {
      if (row.hasNonNull("ef")) {
        recall.add(row.path("recallMean").asDouble());
        assertThat(row.path("searchPaths").path("shares").path("HNSW").asDouble())
            .as("ef=" + row.path("ef") + " HNSW-served")
            .isGreaterThan(0.9);
      } else {
        assertThat(row.path("recallMean").asDouble()).as("exact").isEqualTo(1.0);
        assertThat(row.path("searchPaths").path("shares").path("EXACT").asDouble())
            .isGreaterThan(0.9);
      }
    }
    System.out.println(
        "real Qdrant hnsw_ef sweep, m 8, ef_construct 32, "
            + POINTS
            + " points: recall by ef 10,40,160 = "
            + recall
            + "; "
            + ef.path("verdict").asText());
    // seen here: 0.85 at ef=10, 0.97 at 40, 0.99 at 160
    assertThat(recall.get(0)).as("ef=10 on a sparse graph misses neighbours").isLessThan(0.95);
    assertThat(recall.get(recall.size() - 1))
        .as("recall rises with ef")
        .isGreaterThan(recall.get(0) + 0.03);
    for (int i = 1; i < recall.size(); i++) {
      assertThat(recall.get(i))
          .as("recall at step " + i + " does not fall")
          .isGreaterThanOrEqualTo(recall.get(i - 1) - 0.005);
    }
    assertThat(ef.path("caveats")).isEmpty();
    assertThat(ef.path("recommended").path("ef").asInt()).isGreaterThan(10);
  }

  @Test
  @Order(3)
  void aSweepOverScannedSegmentsRecommendsNothingAndSaysWhy() throws Exception {
    QharnessCli sweep =
        run(
            "EfSweepSimulation",
            "scanned",
            "--collection",
            "small",
            "--points",
            "5000",
            "--full-scan-threshold",
            "10000",
            "--ef-sweep",
            "10,80",
            "--ef-sweep-step-duration",
            "3s",
            "--warmup",
            "1s");
    assertThat(sweep.code()).as(sweep.toString()).isZero();
    JsonNode ef = RunRecord.load(dir.resolve("results/scanned")).json().path("efSweep");
    assertThat(ef.path("recommended").isNull()).as(ef.toString()).isTrue();
    assertThat(ef.path("verdict").asText())
        .startsWith("no hnsw_ef is recommended")
        .contains("not served by the HNSW graph")
        .contains("full_scan_threshold (10,000 KB")
        .contains("fullScanThreshold=10");
    assertThat(ef.path("caveats").toString()).contains("ef=10 (plain 100.0%");
  }
}
