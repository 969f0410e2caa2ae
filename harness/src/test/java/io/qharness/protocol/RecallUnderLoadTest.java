package io.qharness.protocol;

import static io.qharness.protocol.Qdrant.qdrant;
import static io.qharness.protocol.Qdrant.recall;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.qdrant.client.grpc.Common.Filter;
import io.qharness.metrics.OperationSummary;
import io.qharness.testcluster.TestCluster;
import io.qharness.workload.Dataset;
import io.qharness.workload.PayloadGenerator;
import io.qharness.workload.PointBatches;
import io.qharness.workload.QueryRecall;
import io.qharness.workload.QuerySet;
import io.qharness.workload.truth.GroundTruths;
import io.qharness.workload.vectors.VectorDistance;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.LongPredicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** recall@k measured per response under load, against exact ground truth. */
class RecallUnderLoadTest {
  @TempDir Path cache;
  private TestCluster cluster;
  private GatlingRuntime gatling;
  private Dataset data;
  private final PayloadGenerator payloads = new PayloadGenerator(5, 0.8, 1);

  @BeforeEach
  void setUp() {
    cluster = TestCluster.startDefault();
    gatling = new GatlingRuntime(qdrant().hosts(cluster.grpcAddresses()).collection("c"));
    data = Dataset.open("synthetic:clustered?dim=16&n=3000&seed=5&queries=60", 60, 0);
    assertThat(
            gatling
                .run(
                    qdrant("create")
                        .createCollection()
                        .vectorSize(16)
                        .distance(VectorDistance.EUCLID.toProto()))
                .only()
                .ok())
        .isTrue();
    PointBatches batches =
        new PointBatches(data.vectorsInUse(), 500, PointBatches.Mode.SEQUENTIAL, payloads::payload);
    while (!batches.exhausted()) {
      assertThat(gatling.run(qdrant("upload").upsert().batches(batches)).only().ok()).isTrue();
    }
  }

  @AfterEach
  void tearDown() {
    gatling.close();
    cluster.close();
    data.close();
  }

  private QuerySet queries() {
    GroundTruths.Truth truth =
        GroundTruths.groundTruth(data, VectorDistance.EUCLID, 10, null, null, cache);
    return new QuerySet(data.queries(), truth.ids(), "test queries");
  }

  private OperationSummary summary(String op) {
    gatling.components().metrics().sample();
    return gatling.components().metrics().summary().operation(op);
  }

  @Test
  void exactSearchHasRecallOne() {
    gatling.run(
        qdrant("search")
            .search()
            .queries(queries())
            .limit(10)
            .check(recall().atLeast(1.0))
            .paced(OpenLoad.constant(300, Duration.ofSeconds(1))));
    OperationSummary s = summary("search");
    assertThat(s.count()).isEqualTo(300);
    assertThat(s.errors()).isZero();
    assertThat(s.recallSamples()).isEqualTo(300);
    assertThat(s.recallMean()).isEqualTo(1.0);
    assertThat(s.recallMin()).isEqualTo(1.0);
  }

  @Test
  void filteredSearchAgainstFilteredTruthHasRecallOne() {
    String[] categories = payloads.queryCategories(data.queries().length);
    Filter[] filters = new Filter[categories.length];
    LongPredicate[] admitted = new LongPredicate[categories.length];
    for (int i = 0; i < categories.length; i++) {
      filters[i] = PayloadGenerator.categoryFilter(categories[i]);
      admitted[i] = payloads.categoryPredicate(categories[i]);
    }
    GroundTruths.Truth truth =
        GroundTruths.groundTruth(
            data, VectorDistance.EUCLID, 10, admitted, payloads.toString(), cache);
    QuerySet filtered =
        new QuerySet(data.queries(), null, "q")
            .withFilters(filters, "category")
            .withGroundTruth(truth.ids());
    gatling.run(
        qdrant("filtered")
            .search()
            .queries(filtered)
            .limit(10)
            .paced(OpenLoad.constant(200, Duration.ofSeconds(1))));
    OperationSummary s = summary("filtered");
    assertThat(s.errors()).isZero();
    assertThat(s.recallMean()).isEqualTo(1.0);
  }

  @Test
  void eachResponsesRecallReachesItsQueryForRecallPerTenant() {
    cluster.distortResults(0.3);
    QueryRecall perQuery = new QueryRecall(data.queries().length);
    gatling.run(
        qdrant("per query")
            .search()
            .queries(queries().withRecallPerQuery(perQuery))
            .limit(10)
            .paced(OpenLoad.constant(300, Duration.ofSeconds(1))));
    OperationSummary s = summary("per query");
    long responses = 0;
    double sum = 0;
    for (int i = 0; i < perQuery.size(); i++) {
      responses += perQuery.count(i);
      sum += perQuery.sum(i);
      // round-robin over 60 queries: 300 requests send each 5 times
      assertThat(perQuery.count(i)).isEqualTo(5);
    }
    assertThat(responses).isEqualTo(s.recallSamples()).isEqualTo(300);
    assertThat(sum / responses).isCloseTo(s.recallMean(), within(1e-6));
  }

  @Test
  void injectedResultLossShowsAsTheMatchingRecallDrop() {
    cluster.distortResults(0.3);
    gatling.run(
        qdrant("lossy")
            .search()
            .queries(queries())
            .limit(10)
            .check(recall().countBelow(0.95))
            .paced(OpenLoad.constant(400, Duration.ofSeconds(1))));
    OperationSummary s = summary("lossy");
    assertThat(s.errors()).as("countBelow only counts").isZero();
    // each true hit is dropped with probability 0.3: mean recall@10 is 0.7 (sd of the mean ~0.007
    // here)
    assertThat(s.recallMean()).isCloseTo(0.7, within(0.03));
    assertThat(s.recallBelowThreshold()).isGreaterThan(300);
  }

  @Test
  void queryApiAndSearchBatchMeasureRecallLikeSearch() {
    QuerySet set = queries();
    gatling.run(
        qdrant("query")
            .query()
            .queries(set)
            .limit(10)
            .paced(OpenLoad.constant(100, Duration.ofSeconds(1))));
    gatling.run(
        qdrant("batch")
            .searchBatch()
            .queries(set)
            .batchSize(4)
            .limit(10)
            .paced(OpenLoad.constant(50, Duration.ofSeconds(1))));
    assertThat(summary("query").recallSamples()).isEqualTo(100);
    assertThat(summary("query").recallMean()).isEqualTo(1.0);
    assertThat(summary("batch").errors()).isZero();
    assertThat(summary("batch").recallMean()).isEqualTo(1.0);

    cluster.distortResults(0.3);
    gatling.run(
        qdrant("lossy query")
            .query()
            .queries(set)
            .limit(10)
            .paced(OpenLoad.constant(300, Duration.ofSeconds(1))));
    gatling.run(
        qdrant("lossy batch")
            .searchBatch()
            .queries(set)
            .batchSize(4)
            .limit(10)
            .paced(OpenLoad.constant(100, Duration.ofSeconds(1))));
    assertThat(summary("lossy query").recallMean()).isCloseTo(0.7, within(0.04));
    assertThat(summary("lossy batch").recallMean()).isCloseTo(0.7, within(0.04));
  }

  @Test
  void aRecallFloorTurnsPoorResponsesKo() {
    cluster.distortResults(0.3);
    GatlingRuntime.Pass pass =
        gatling.run(
            qdrant("floor").search().queries(queries()).limit(10).check(recall().atLeast(0.95)));
    GatlingRuntime.Response r = pass.only();
    if (r.ok()) { // one draw can keep all ten hits (p = 0.7^10); try a few more
      for (int i = 0; i < 20 && r.ok(); i++) {
        r =
            gatling
                .run(
                    qdrant("floor")
                        .search()
                        .queries(queries())
                        .limit(10)
                        .check(recall().atLeast(0.95)))
                .only();
      }
    }
    assertThat(r.ok()).isFalse();
    assertThat(r.message()).startsWith("recall@10: expected at least 0.9500, got 0.");
  }
}
