package io.qharness.protocol;

import static io.qharness.protocol.Qdrant.qdrant;
import static org.assertj.core.api.Assertions.assertThat;

import io.qharness.metrics.OperationSummary;
import io.qharness.testcluster.TestCluster;
import io.qharness.workload.PointBatches;
import io.qharness.workload.QuerySet;
import io.qharness.workload.vectors.SyntheticVectors;
import io.qharness.workload.vectors.VectorDistance;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Node selection skips a dead node and idempotent calls are retried elsewhere, counted. */
class FailoverTest {
  private TestCluster cluster;
  private GatlingRuntime gatling;

  @AfterEach
  void tearDown() {
    if (gatling != null) {
      gatling.close();
    }
    cluster.close();
  }

  private OperationSummary searchWithNode2Dead(QdrantProtocolBuilder protocol) {
    cluster = TestCluster.startDefault();
    gatling = new GatlingRuntime(protocol.hosts(cluster.grpcAddresses()).collection("c"));
    SyntheticVectors data = SyntheticVectors.uniform(8, 500, 1);
    createCollection(8, VectorDistance.EUCLID, 2);
    PointBatches batches = new PointBatches(data, 250, PointBatches.Mode.SEQUENTIAL, null);
    while (!batches.exhausted()) {
      assertThat(gatling.run(qdrant("upload").upsert().batches(batches)).only().ok()).isTrue();
    }
    cluster.node(1).kill();
    float[][] q = new float[10][];
    for (int i = 0; i < q.length; i++) {
      q[i] = data.get(i);
    }
    gatling.run(
        qdrant("search")
            .search()
            .queries(new QuerySet(q, null, "q"))
            .limit(5)
            .paced(OpenLoad.constant(200, Duration.ofSeconds(1))));
    gatling.components().metrics().sample();
    return gatling.components().metrics().summary().operation("search");
  }

  private void createCollection(int dim, VectorDistance distance, int replication) {
    assertThat(
            gatling
                .run(
                    qdrant("create")
                        .createCollection()
                        .vectorSize(dim)
                        .distance(distance.toProto())
                        .replicationFactor(replication))
                .only()
                .ok())
        .isTrue();
  }

  @Test
  void withRetriesSearchesSurviveADeadNodeAndRetriesAreCounted() {
    OperationSummary s = searchWithNode2Dead(qdrant().failover(2, 0.5, Duration.ofSeconds(5)));
    assertThat(s.count()).isEqualTo(200);
    assertThat(s.errors()).isZero();
    // the first call to reach the dead node fails over; then selection skips it during the cooldown
    assertThat(s.retries()).isBetween(1L, 5L);
    assertThat(s.nodes())
        .noneSatisfy(
            n -> {
              assertThat(n.node()).isEqualTo(cluster.node(1).grpcAddress());
              assertThat(n.count()).isPositive();
            });
  }

  @Test
  void withoutRetriesTheDeadNodesCallsFailUntilSelectionSkipsIt() {
    OperationSummary s = searchWithNode2Dead(qdrant().failover(0, 0, Duration.ofSeconds(5)));
    assertThat(s.count()).isEqualTo(200);
    assertThat(s.errors())
        .as("calls sent to the dead node before it was skipped")
        .isBetween(1L, 5L);
    assertThat(s.retries()).isZero();
  }

  @Test
  void aStandbyNodesShareIsSpreadEvenlyOverTheNodesInService() {
    cluster = TestCluster.startDefault();
    // a fourth host not yet in the cluster: every fourth round-robin turn lands on it and must go
    // to the three in service evenly, not all to the node after it
    gatling =
        new GatlingRuntime(
            qdrant().hosts(cluster.grpcAddresses()).standbyHosts("127.0.0.1:9").collection("c"));
    createCollection(4, VectorDistance.DOT, 1);
    float[][] q = {{1, 0, 0, 0}};
    gatling.run(
        qdrant("search")
            .search()
            .queries(new QuerySet(q, null, "q"))
            .limit(5)
            .paced(OpenLoad.constant(240, Duration.ofSeconds(1))));
    gatling.components().metrics().sample();
    OperationSummary s = gatling.components().metrics().summary().operation("search");
    assertThat(s.errors()).isZero();
    assertThat(s.nodes()).noneMatch(n -> n.node().equals("127.0.0.1:9"));
    assertThat(s.nodes())
        .extracting(OperationSummary.NodeSummary::count)
        .as("calls per node in service")
        .containsExactly(80L, 80L, 80L);
  }

  @Test
  void theRetryBudgetBoundsRetriesWhenEverythingFails() {
    cluster = TestCluster.startDefault();
    gatling =
        new GatlingRuntime(
            qdrant()
                .hosts(cluster.grpcAddresses())
                .collection("c")
                .failover(3, 0.0, Duration.ZERO));
    createCollection(4, VectorDistance.DOT, 1);
    cluster.node(0).kill();
    cluster.node(1).kill();
    float[][] q = {{1, 0, 0, 0}};
    gatling.run(
        qdrant("search")
            .search()
            .queries(new QuerySet(q, null, "q"))
            .limit(5)
            .paced(OpenLoad.constant(100, Duration.ofSeconds(1))));
    gatling.components().metrics().sample();
    OperationSummary s = gatling.components().metrics().summary().operation("search");
    assertThat(s.errors()).isEqualTo(100);
    assertThat(s.retries()).as("budget: 10 + 0 x calls").isEqualTo(10);
  }
}
