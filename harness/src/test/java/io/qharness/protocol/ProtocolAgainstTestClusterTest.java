package io.qharness.protocol;

import static io.qharness.protocol.Qdrant.pointCount;
import static io.qharness.protocol.Qdrant.qdrant;
import static io.qharness.protocol.Qdrant.resultCount;
import static io.qharness.protocol.Qdrant.resultIds;
import static io.qharness.protocol.Qdrant.scores;
import static io.qharness.protocol.Qdrant.updateStatus;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.qdrant.client.grpc.Collections.GetCollectionInfoRequest;
import io.qdrant.client.grpc.Collections.PayloadSchemaType;
import io.qdrant.client.grpc.CollectionsGrpc;
import io.qdrant.client.grpc.Points.FieldType;
import io.qdrant.client.grpc.Points.ScoredPoint;
import io.qdrant.client.grpc.Points.UpdateStatus;
import io.qharness.metrics.RunListener;
import io.qharness.testcluster.TestCluster;
import io.qharness.workload.vectors.VectorDistance;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The Gatling protocol against the Qdrant-compatible test cluster, request by request. */
class ProtocolAgainstTestClusterTest {
  private static final int DIM = 8;
  private TestCluster cluster;
  private GatlingRuntime gatling;

  private GatlingRuntime start(int nodes, List<String> hosts) {
    gatling =
        new GatlingRuntime(qdrant().hosts(hosts).collection("c").deadline(Duration.ofSeconds(5)));
    return gatling;
  }

  private GatlingRuntime startCluster() {
    cluster = TestCluster.builder().nodes(3).build().start();
    return start(3, cluster.grpcAddresses());
  }

  @AfterEach
  void tearDown() {
    if (gatling != null) {
      gatling.close();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  private void createAndLoad(
      GatlingRuntime g, VectorDistance distance, int replication, float[][] data) {
    assertThat(
            g.run(
                    qdrant("create")
                        .createCollection()
                        .vectorSize(DIM)
                        .distance(distance.toProto())
                        .shards(4)
                        .replicationFactor(replication))
                .only()
                .ok())
        .isTrue();
    GatlingRuntime.Response upsert =
        g.run(
                qdrant("upsert")
                    .upsert()
                    .points(s -> Vectors.points(data, 0))
                    .check(updateStatus().is(UpdateStatus.Completed)))
            .only();
    assertThat(upsert.ok()).as(upsert.toString()).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"Cosine", "Dot", "Euclid", "Manhattan"})
  void searchReturnsTheExactNearestIdsWithQdrantScores(String distanceName) {
    GatlingRuntime g = startCluster();
    float[][] data = Vectors.random(300, DIM, 1);
    createAndLoad(g, VectorDistance.parse(distanceName), 2, data);
    float[][] queries = Vectors.random(20, DIM, 2);
    for (float[] q : queries) {
      GatlingRuntime.Pass pass =
          g.run(
              qdrant("search")
                  .search()
                  .vector(q)
                  .limit(10)
                  .withPayload(true)
                  .check(resultCount().is(10), resultIds().saveAs("ids")));
      assertThat(pass.only().ok()).as(pass.only().toString()).isTrue();
      long[] got = pass.session().get("ids");
      assertThat(got)
          .as("ids for " + distanceName)
          .containsExactly(Vectors.nearest(distanceName, q, data, 0, 10));
    }
    // scores are Qdrant's: cosine similarity / dot descending, L2 / L1 distance ascending
    float[] q = queries[0];
    GatlingRuntime.Pass pass =
        g.run(qdrant("search").search().vector(q).limit(5).check(resultIds().saveAs("ids")));
    long[] ids = pass.session().get("ids");
    long best = ids[0];
    double expected = Vectors.score(distanceName, q, data[(int) best]);
    GatlingRuntime.Pass top =
        g.run(
            qdrant("top")
                .search()
                .vector(q)
                .limit(1)
                .check(scores().between(expected - 1e-4, expected + 1e-4)));
    assertThat(top.only().ok()).as(top.only().toString()).isTrue();

    // every response carried the server's own time; it is recorded beside the client's latency
    g.components().metrics().sample();
    var search = g.components().metrics().summary().operation("search");
    assertThat(search.serverTime()).as("server time of the searches").isNotNull();
    assertThat(search.serverTime().samples()).isEqualTo(search.count());
    assertThat(search.serverTime().p50Micros()).isLessThanOrEqualTo(search.p50Micros());
  }

  @Test
  void queryApiAgreesWithSearchAndQueryByIdExcludesThePoint() {
    GatlingRuntime g = startCluster();
    float[][] data = Vectors.random(200, DIM, 3);
    createAndLoad(g, VectorDistance.COSINE, 2, data);
    float[] q = Vectors.random(1, DIM, 4)[0];
    GatlingRuntime.Pass query =
        g.run(qdrant("query").query().vector(q).limit(10).check(resultIds().saveAs("ids")));
    assertThat((long[]) query.session().get("ids"))
        .containsExactly(Vectors.nearest("Cosine", q, data, 0, 10));

    GatlingRuntime.Pass byId =
        g.run(
            qdrant("query by id")
                .query()
                .nearestId(s -> 17L)
                .limit(5)
                .check(resultIds().saveAs("ids")));
    long[] expected = Vectors.nearest("Cosine", data[17], data, 0, 6);
    assertThat((long[]) byId.session().get("ids"))
        .doesNotContain(17L)
        .containsExactly(Arrays.copyOfRange(expected, 1, 6));
  }

  @Test
  void searchBatchCountAndRetrieve() {
    GatlingRuntime g = startCluster();
    float[][] data = Vectors.random(120, DIM, 5);
    createAndLoad(g, VectorDistance.EUCLID, 2, data);
    assertThat(
            g.run(
                    qdrant("batch")
                        .searchBatch()
                        .vector(s -> data[3])
                        .limit(4)
                        .check(resultCount().is(4)))
                .only()
                .ok())
        .isTrue();
    assertThat(g.run(qdrant("count").count().check(pointCount().is(120))).only().ok()).isTrue();
    GatlingRuntime.Response wrongCount =
        g.run(qdrant("count").count().check(pointCount().is(7))).only();
    assertThat(wrongCount.ok()).isFalse();
    assertThat(wrongCount.message()).isEqualTo("pointCount: expected exactly 7, got 120");
    GatlingRuntime.Pass get =
        g.run(
            qdrant("get")
                .retrieve()
                .ids(5, 6, 999)
                .check(resultCount().is(2), resultIds().saveAs("ids")));
    assertThat(get.only().ok()).isTrue();
    assertThat((long[]) get.session().get("ids")).containsExactlyInAnyOrder(5L, 6L);
  }

  @Test
  void aPayloadIndexIsCreatedAndReportedAndItsOptionsAreChecked() {
    GatlingRuntime g = startCluster();
    createAndLoad(g, VectorDistance.parse("cosine"), 2, Vectors.random(50, DIM, 1));
    GatlingRuntime.Pass index =
        g.run(
            qdrant("payload index category")
                .createPayloadIndex("category", FieldType.FieldTypeKeyword)
                .tenant(true)
                .check(updateStatus().is(UpdateStatus.Completed)));
    assertThat(index.only().ok()).as(index.only().toString()).isTrue();
    ManagedChannel channel =
        ManagedChannelBuilder.forTarget(cluster.grpcAddresses().get(0)).usePlaintext().build();
    try {
      var info =
          CollectionsGrpc.newBlockingStub(channel)
              .get(GetCollectionInfoRequest.newBuilder().setCollectionName("c").build())
              .getResult();
      assertThat(info.getPayloadSchemaMap()).containsKey("category");
      assertThat(info.getPayloadSchemaMap().get("category").getDataType())
          .isEqualTo(PayloadSchemaType.Keyword);
    } finally {
      channel.shutdownNow();
    }
    GatlingRuntime.Pass missing =
        g.run(
            qdrant("index elsewhere")
                .createPayloadIndex("category", FieldType.FieldTypeKeyword)
                .collection("nope"));
    assertThat(missing.only().ok()).isFalse();
    assertThat(missing.only().message()).contains("nope");
    assertThatThrownBy(
            () -> qdrant("x").createPayloadIndex("rank", FieldType.FieldTypeInteger).tenant(true))
        .hasMessageContaining("tenant applies to keyword and uuid fields");
    assertThatThrownBy(() -> qdrant("x").createPayloadIndex(" ", FieldType.FieldTypeKeyword))
        .hasMessageContaining("has no name");
  }

  @Test
  void unknownCollectionIsKoWithAClearMessage() {
    GatlingRuntime g = startCluster();
    GatlingRuntime.Response r =
        g.run(qdrant("search").search().collection("nope").vector(new float[DIM])).only();
    assertThat(r.ok()).isFalse();
    assertThat(r.code()).isEqualTo("NOT_FOUND");
    assertThat(r.message())
        .contains("Collection `nope` doesn't exist")
        .contains("create the collection first");
  }

  @Test
  void wrongDimensionIsKoWithAClearMessage() {
    GatlingRuntime g = startCluster();
    createAndLoad(g, VectorDistance.DOT, 2, Vectors.random(10, DIM, 6));
    GatlingRuntime.Response search =
        g.run(qdrant("search").search().vector(new float[DIM - 1])).only();
    assertThat(search.ok()).isFalse();
    assertThat(search.code()).isEqualTo("INVALID_ARGUMENT");
    assertThat(search.message())
        .contains("expected dim: 8, got 7")
        .contains("do not match the collection's vector size");
    GatlingRuntime.Response upsert =
        g.run(
                qdrant("upsert")
                    .upsert()
                    .points(s -> Vectors.points(Vectors.random(2, DIM + 1, 7), 50)))
            .only();
    assertThat(upsert.ok()).isFalse();
    assertThat(upsert.message()).contains("expected dim: 8, got 9");
  }

  @Test
  void aWriteRefusedAsInvalidInputStopsTheRunAtOnceWithTheServersMessage() {
    List<String> stopped = new CopyOnWriteArrayList<>();
    cluster = TestCluster.builder().nodes(3).build().start();
    gatling =
        new GatlingRuntime(
            qdrant()
                .hosts(cluster.grpcAddresses())
                .collection("c")
                .listeners(
                    new RunListener() {
                      @Override
                      public void stopped(String reason) {
                        stopped.add(reason);
                      }
                    }));
    createAndLoad(gatling, VectorDistance.DOT, 2, Vectors.random(10, DIM, 6));
    // a search refused as invalid is only KO: one bad query says nothing about the run's settings
    assertThat(gatling.run(qdrant("search").search().vector(new float[DIM - 1])).only().ok())
        .isFalse();
    assertThat(gatling.controllerCommands).isEmpty();

    GatlingRuntime.Response upsert =
        gatling
            .run(
                qdrant("upload")
                    .upsert()
                    .points(s -> Vectors.points(Vectors.random(2, DIM + 1, 7), 50)))
            .only();
    assertThat(upsert.code()).isEqualTo("INVALID_ARGUMENT");
    assertThat(stopped)
        .singleElement()
        .asString()
        .contains("the server refused 'upload' as invalid input")
        .contains("expected dim: 8, got 9")
        .contains("fix the setting or data");
    assertThat(gatling.controllerCommands)
        .singleElement()
        .asString()
        .contains("StopLoadGenerator")
        .contains("expected dim: 8, got 9")
        .contains("true"); // crash: Gatling exits failed
    // the second refusal does not stop it twice
    gatling.run(
        qdrant("upload").upsert().points(s -> Vectors.points(Vectors.random(2, DIM + 1, 8), 60)));
    assertThat(stopped).hasSize(1);
    assertThat(gatling.controllerCommands).hasSize(1);
  }

  @Test
  void withStopOnInvalidInputOffARefusedWriteIsOnlyKo() {
    cluster = TestCluster.builder().nodes(3).build().start();
    gatling =
        new GatlingRuntime(
            qdrant().hosts(cluster.grpcAddresses()).collection("c").stopOnInvalidInput(false));
    createAndLoad(gatling, VectorDistance.DOT, 2, Vectors.random(10, DIM, 6));
    assertThat(
            gatling
                .run(
                    qdrant("upload")
                        .upsert()
                        .points(s -> Vectors.points(Vectors.random(2, DIM + 1, 7), 50)))
                .only()
                .ok())
        .isFalse();
    assertThat(gatling.controllerCommands).isEmpty();
  }

  @Test
  void failedCheckIsKoWithWhatWasExpected() {
    GatlingRuntime g = startCluster();
    createAndLoad(g, VectorDistance.COSINE, 2, Vectors.random(50, DIM, 8));
    GatlingRuntime.Pass pass =
        g.run(qdrant("search").search().vector(new float[DIM]).limit(5).check(resultCount().is(6)));
    assertThat(pass.only().ok()).isFalse();
    assertThat(pass.only().message()).isEqualTo("resultCount: expected exactly 6 results, got 5");
    assertThat(pass.session().isFailed()).isTrue();
    assertThatThrownBy(() -> qdrant("c").count().check(resultCount().is(1)))
        .hasMessageContaining("does not apply to COUNT responses");
  }

  @Test
  void withReplicationTwoSearchesStayOkThroughTheOtherNodesWhenOneStops() {
    cluster = TestCluster.builder().nodes(3).build().start();
    GatlingRuntime setup = start(3, cluster.grpcAddresses());
    float[][] data = Vectors.random(400, DIM, 9);
    createAndLoad(setup, VectorDistance.COSINE, 2, data);
    setup.close();

    cluster.node(1).stop();
    gatling = start(3, List.of(cluster.node(0).grpcAddress(), cluster.node(2).grpcAddress()));
    float[] q = Vectors.random(1, DIM, 10)[0];
    for (int i = 0; i < 20; i++) {
      GatlingRuntime.Pass pass =
          gatling.run(
              qdrant("search").search().vector(q).limit(10).check(resultIds().saveAs("ids")));
      assertThat(pass.only().ok()).as(pass.only().toString()).isTrue();
      assertThat((long[]) pass.session().get("ids"))
          .containsExactly(Vectors.nearest("Cosine", q, data, 0, 10));
    }
    assertThat(gatling.run(qdrant("count").count().check(pointCount().is(400))).only().ok())
        .isTrue();
    // writes still succeed with one replica per shard left (write_consistency_factor 1)
    assertThat(
            gatling
                .run(
                    qdrant("upsert")
                        .upsert()
                        .points(s -> Vectors.points(Vectors.random(30, DIM, 11), 1000)))
                .only()
                .ok())
        .isTrue();
  }

  @Test
  void aStoppedCoordinatorIsKoNamingTheNode() {
    GatlingRuntime g = startCluster();
    createAndLoad(g, VectorDistance.COSINE, 2, Vectors.random(20, DIM, 12));
    g.close();
    cluster.node(0).stop();
    // probe passes through the live nodes; the round-robin then hits the stopped one too
    gatling = start(3, cluster.grpcAddresses());
    String dead = cluster.node(0).grpcAddress();
    boolean sawDead = false;
    for (int i = 0; i < 6; i++) {
      GatlingRuntime.Response r =
          gatling.run(qdrant("search").search().vector(new float[DIM])).only();
      if (!r.ok()) {
        sawDead = true;
        assertThat(r.code()).isEqualTo("UNAVAILABLE");
        assertThat(r.message()).contains("node " + dead + " unreachable");
      }
    }
    assertThat(sawDead).isTrue();
  }

  @Test
  void withReplicationOneTheRequestsTouchingALostShardAreKo() {
    cluster = TestCluster.builder().nodes(3).build().start();
    GatlingRuntime setup = start(3, cluster.grpcAddresses());
    createAndLoad(setup, VectorDistance.COSINE, 1, Vectors.random(200, DIM, 13));
    setup.close();
    cluster.node(1).stop();
    gatling = start(3, List.of(cluster.node(0).grpcAddress()));

    GatlingRuntime.Response search =
        gatling.run(qdrant("search").search().vector(new float[DIM])).only();
    assertThat(search.ok()).isFalse();
    assertThat(search.code()).isEqualTo("UNAVAILABLE");
    assertThat(search.message()).contains("no active replica for shard");
    assertThat(gatling.run(qdrant("count").count()).only().ok()).isFalse();

    // point reads: ids on shards of live nodes succeed, ids on the lost node's shards fail
    int ok = 0;
    int ko = 0;
    for (long id = 0; id < 40; id++) {
      final long pid = id;
      if (gatling.run(qdrant("get").retrieve().ids(s -> new long[] {pid})).only().ok()) {
        ok++;
      } else {
        ko++;
      }
    }
    assertThat(ok).isPositive();
    assertThat(ko).isPositive();
  }

  @Test
  void writeConsistencyFactorIsHonoured() {
    cluster = TestCluster.builder().nodes(3).build().start();
    GatlingRuntime g = start(3, cluster.grpcAddresses());
    assertThat(
            g.run(
                    qdrant("create")
                        .createCollection()
                        .vectorSize(DIM)
                        .shards(4)
                        .replicationFactor(2)
                        .writeConsistencyFactor(2))
                .only()
                .ok())
        .isTrue();
    g.close();
    cluster.node(2).stop();
    gatling = start(3, List.of(cluster.node(0).grpcAddress()));
    GatlingRuntime.Response r =
        gatling
            .run(
                qdrant("upsert")
                    .upsert()
                    .points(s -> Vectors.points(Vectors.random(50, DIM, 14), 0)))
            .only();
    assertThat(r.ok()).isFalse();
    assertThat(r.message()).contains("write_consistency_factor is 2");
  }

  @Test
  void waitForGreenMeasuresTheOptimisationAndTimesOutClearly() {
    GatlingRuntime g = startCluster();
    cluster.optimisationDelay(Duration.ofMillis(400));
    createAndLoad(g, VectorDistance.COSINE, 2, Vectors.random(20, DIM, 15));
    GatlingRuntime.Response wait =
        g.run(qdrant("wait").waitForGreen().pollInterval(Duration.ofMillis(50))).only();
    assertThat(wait.ok()).isTrue();
    assertThat(wait.endMillis() - wait.startMillis()).isGreaterThanOrEqualTo(250);

    cluster.optimisationDelay(Duration.ofSeconds(30));
    g.run(qdrant("upsert").upsert().points(s -> Vectors.points(Vectors.random(1, DIM, 16), 0)));
    GatlingRuntime.Response timeout =
        g.run(
                qdrant("wait")
                    .waitForGreen()
                    .timeout(Duration.ofMillis(300))
                    .pollInterval(Duration.ofMillis(50)))
            .only();
    assertThat(timeout.ok()).isFalse();
    assertThat(timeout.message())
        .contains("not ready after")
        .contains("Yellow")
        .contains("the readyTimeout setting");
  }

  @Test
  void waitForGreenTriggersAGreyCollectionAndFailsFastOnRed() {
    GatlingRuntime g = startCluster();
    createAndLoad(g, VectorDistance.DOT, 2, Vectors.random(20, DIM, 17));
    cluster.pauseOptimisations("c");
    GatlingRuntime.Response grey =
        g.run(
                qdrant("wait")
                    .waitForGreen()
                    .timeout(Duration.ofSeconds(5))
                    .pollInterval(Duration.ofMillis(50)))
            .only();
    assertThat(grey.ok())
        .as("Grey needs an update to start optimising; the wait sends one")
        .isTrue();

    cluster.failOptimiser("c", "No space left on device");
    long t0 = System.nanoTime();
    GatlingRuntime.Response red =
        g.run(
                qdrant("wait")
                    .waitForGreen()
                    .timeout(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(50)))
            .only();
    assertThat(red.ok()).isFalse();
    assertThat(red.message())
        .contains("is Red")
        .contains("No space left on device")
        .contains("logs");
    assertThat(Duration.ofNanos(System.nanoTime() - t0))
        .as("no waiting out the timeout")
        .isLessThan(Duration.ofSeconds(10));
  }

  @Test
  void aRunWhoseNodesAreAllUnreachableFailsBeforeLoadNamingThem() throws Exception {
    int p1;
    int p2;
    try (ServerSocket a = new ServerSocket(0);
        ServerSocket b = new ServerSocket(0)) {
      p1 = a.getLocalPort();
      p2 = b.getLocalPort();
    }
    gatling =
        new GatlingRuntime(
            qdrant()
                .hosts("127.0.0.1:" + p1, "127.0.0.1:" + p2)
                .probeTimeout(Duration.ofSeconds(2)));
    assertThatThrownBy(() -> gatling.components())
        .isInstanceOf(QdrantUnreachableException.class)
        .hasMessageContaining("127.0.0.1:" + p1)
        .hasMessageContaining("127.0.0.1:" + p2)
        .hasMessageContaining("no load was started")
        .hasMessageContaining("docker compose -f compose/docker-compose.yml up -d")
        .hasMessageContaining("qharness testcluster");
  }

  @Test
  void missingVectorSourceIsRefusedWhenTheScenarioIsBuilt() {
    assertThatThrownBy(() -> qdrant("s").search().asScala())
        .hasMessageContaining("has no query vector");
    assertThatThrownBy(() -> qdrant("u").upsert().asScala()).hasMessageContaining("has no points");
    assertThatThrownBy(() -> qdrant("c").createCollection().asScala())
        .hasMessageContaining("needs .vectorSize(n)");
  }

  static List<Long> ids(List<ScoredPoint> points) {
    return points.stream().map(p -> p.getId().getNum()).toList();
  }
}
