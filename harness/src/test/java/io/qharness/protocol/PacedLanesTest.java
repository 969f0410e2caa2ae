package io.qharness.protocol;

import static io.qharness.protocol.Qdrant.qdrant;
import static org.assertj.core.api.Assertions.assertThat;

import io.qharness.metrics.OperationSummary;
import io.qharness.testcluster.TestCluster;
import io.qharness.workload.vectors.VectorDistance;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Paced load runs on qharness's network lanes: the thread that fires a paced request also reads its
 * response, and paced actions are spread over the lanes. With Gatling's stats off, qharness's own
 * figures still count every request.
 */
class PacedLanesTest {
  private static final int DIM = 4;
  private static final float[] Q = {1, 0, 0, 0};
  private TestCluster cluster;

  @BeforeEach
  void setUp() {
    cluster = TestCluster.builder().nodes(2).build().start();
    try (GatlingRuntime g = runtime(qdrant())) {
      assertThat(
              g.run(
                      qdrant("create")
                          .createCollection()
                          .vectorSize(DIM)
                          .distance(VectorDistance.DOT.toProto())
                          .shards(2)
                          .replicationFactor(1))
                  .only()
                  .ok())
          .isTrue();
      assertThat(
              g.run(
                      qdrant("load")
                          .upsert()
                          .points(s -> Vectors.points(Vectors.random(50, DIM, 1), 0)))
                  .only()
                  .ok())
          .isTrue();
    }
  }

  @AfterEach
  void tearDown() {
    cluster.close();
  }

  private GatlingRuntime runtime(QdrantProtocolBuilder protocol) {
    return new GatlingRuntime(
        protocol
            .hosts(List.of(cluster.node(0).grpcAddress(), cluster.node(1).grpcAddress()))
            .collection("c"));
  }

  private static QdrantCheck threadOf(Set<String> threads) {
    return (result, context) -> {
      threads.add(Thread.currentThread().getName());
      return null;
    };
  }

  private static SearchActionBuilder paced(String name, Set<String> threads) {
    return qdrant(name)
        .search()
        .vector(Q)
        .check(threadOf(threads))
        .paced(OpenLoad.constant(100, Duration.ofMillis(500)));
  }

  @Test
  void pacedResponsesAreReadOnTheLaneThatSentThem() {
    Set<String> threads = ConcurrentHashMap.newKeySet();
    try (GatlingRuntime g = runtime(qdrant().ioThreads(1))) {
      g.run(paced("paced", threads));
      assertThat(threads).hasSize(1).allMatch(t -> t.startsWith("qharness-io-0"));
      assertThat(g.responses).hasSize(50).allMatch(GatlingRuntime.Response::ok);
    }
  }

  @Test
  void pacedActionsAreSpreadOverTheLanes() {
    Set<String> first = ConcurrentHashMap.newKeySet();
    Set<String> second = ConcurrentHashMap.newKeySet();
    try (GatlingRuntime g = runtime(qdrant().ioThreads(2))) {
      g.run(paced("first", first));
      g.run(paced("second", second));
      assertThat(first).hasSize(1);
      assertThat(second).hasSize(1);
      assertThat(first).doesNotContainAnyElementsOf(second);
      assertThat(first.iterator().next()).startsWith("qharness-io-");
      assertThat(second.iterator().next()).startsWith("qharness-io-");
    }
  }

  @Test
  void withoutGatlingStatsQharnessStillCountsEveryRequest() {
    try (GatlingRuntime g = runtime(qdrant().gatlingStats(false))) {
      g.run(paced("quiet", ConcurrentHashMap.newKeySet()));
      g.components().metrics().sample();
      OperationSummary s = g.components().metrics().summary().operation("quiet");
      assertThat(g.responses).as("responses Gatling's stats engine received").isEmpty();
      assertThat(s.count()).isEqualTo(50);
      assertThat(s.errors()).isZero();
      assertThat(s.p50Micros()).isPositive();
    }
  }

  @Test
  void badIoThreadsAreRefusedWithTheRange() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> qdrant().ioThreads(65))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ioThreads must be within 0..64");
  }
}
