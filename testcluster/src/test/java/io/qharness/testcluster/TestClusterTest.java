package io.qharness.testcluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.grpc.CallOptions;
import io.grpc.ClientInterceptors;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import io.qdrant.client.grpc.Collections.CreateCollection;
import io.qdrant.client.grpc.Collections.Distance;
import io.qdrant.client.grpc.Collections.GetCollectionInfoRequest;
import io.qdrant.client.grpc.Collections.KeywordIndexParams;
import io.qdrant.client.grpc.Collections.ListCollectionsRequest;
import io.qdrant.client.grpc.Collections.PayloadIndexParams;
import io.qdrant.client.grpc.Collections.PayloadSchemaInfo;
import io.qdrant.client.grpc.Collections.PayloadSchemaType;
import io.qdrant.client.grpc.Collections.ShardingMethod;
import io.qdrant.client.grpc.CollectionsGrpc;
import io.qdrant.client.grpc.Common.PointId;
import io.qdrant.client.grpc.Points.CountPoints;
import io.qdrant.client.grpc.Points.CreateFieldIndexCollection;
import io.qdrant.client.grpc.Points.DenseVector;
import io.qdrant.client.grpc.Points.FieldType;
import io.qdrant.client.grpc.Points.PointStruct;
import io.qdrant.client.grpc.Points.SearchPoints;
import io.qdrant.client.grpc.Points.UpsertPoints;
import io.qdrant.client.grpc.Points.Vector;
import io.qdrant.client.grpc.Points.Vectors;
import io.qdrant.client.grpc.PointsGrpc;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The test double's own behaviour: replication, recovery, faults, metrics and REST shapes. */
class TestClusterTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final List<ManagedChannel> channels = new ArrayList<>();
  private TestCluster cluster;

  @AfterEach
  void tearDown() {
    channels.forEach(ManagedChannel::shutdownNow);
    if (cluster != null) {
      cluster.close();
    }
  }

  private ManagedChannel channel(TestNode node) {
    ManagedChannel c =
        NettyChannelBuilder.forAddress("127.0.0.1", node.grpcPort()).usePlaintext().build();
    channels.add(c);
    return c;
  }

  private static void create(ManagedChannel ch, String name, int shards, int replication) {
    ClientCalls.blockingUnaryCall(
        ch,
        CollectionsGrpc.getCreateMethod(),
        CallOptions.DEFAULT,
        CreateCollection.newBuilder()
            .setCollectionName(name)
            .setVectorsConfig(CollectionRequests.vectorsConfig(2, Distance.Euclid))
            .setShardNumber(shards)
            .setReplicationFactor(replication)
            .build());
  }

  private static void upsert(ManagedChannel ch, String name, long from, long to) {
    UpsertPoints.Builder b = UpsertPoints.newBuilder().setCollectionName(name).setWait(true);
    for (long i = from; i < to; i++) {
      b.addPoints(
          PointStruct.newBuilder()
              .setId(PointId.newBuilder().setNum(i))
              .setVectors(
                  Vectors.newBuilder()
                      .setVector(
                          Vector.newBuilder()
                              .setDense(DenseVector.newBuilder().addData(i).addData(0)))));
    }
    ClientCalls.blockingUnaryCall(ch, PointsGrpc.getUpsertMethod(), CallOptions.DEFAULT, b.build());
  }

  private static long count(ManagedChannel ch, String name) {
    return ClientCalls.blockingUnaryCall(
            ch,
            PointsGrpc.getCountMethod(),
            CallOptions.DEFAULT,
            CountPoints.newBuilder().setCollectionName(name).setExact(true).build())
        .getResult()
        .getCount();
  }

  private JsonNode get(String address, String path) throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create("http://" + address + path)).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  private String text(String address, String path) throws Exception {
    return http.send(
            HttpRequest.newBuilder(URI.create("http://" + address + path)).build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  @Test
  void customShardingIsRefusedNamingTheRealQdrantAndTenantIndexesAreReportedAsCreated() {
    cluster = TestCluster.startDefault();
    ManagedChannel ch = channel(cluster.nodes().get(0));
    assertThatThrownBy(
            () ->
                ClientCalls.blockingUnaryCall(
                    ch,
                    CollectionsGrpc.getCreateMethod(),
                    CallOptions.DEFAULT,
                    CreateCollection.newBuilder()
                        .setCollectionName("keyed")
                        .setVectorsConfig(CollectionRequests.vectorsConfig(2, Distance.Euclid))
                        .setShardingMethod(ShardingMethod.Custom)
                        .build()))
        .isInstanceOf(StatusRuntimeException.class)
        .hasMessageContaining("INVALID_ARGUMENT")
        .hasMessageContaining("custom sharding (shard keys) needs a real Qdrant: give --hosts");
    create(ch, "tenants", 2, 1);
    ClientCalls.blockingUnaryCall(
        ch,
        PointsGrpc.getCreateFieldIndexMethod(),
        CallOptions.DEFAULT,
        CreateFieldIndexCollection.newBuilder()
            .setCollectionName("tenants")
            .setFieldName("tenant")
            .setFieldType(FieldType.FieldTypeKeyword)
            .setFieldIndexParams(
                PayloadIndexParams.newBuilder()
                    .setKeywordIndexParams(KeywordIndexParams.newBuilder().setIsTenant(true)))
            .setWait(true)
            .build());
    PayloadSchemaInfo schema =
        ClientCalls.blockingUnaryCall(
                ch,
                CollectionsGrpc.getGetMethod(),
                CallOptions.DEFAULT,
                GetCollectionInfoRequest.newBuilder().setCollectionName("tenants").build())
            .getResult()
            .getPayloadSchemaMap()
            .get("tenant");
    assertThat(schema.getDataType()).isEqualTo(PayloadSchemaType.Keyword);
    assertThat(schema.getParams().getKeywordIndexParams().getIsTenant()).isTrue();
  }

  @Test
  void aRestartedNodeCatchesUpOnWritesItMissed() {
    cluster = TestCluster.startDefault();
    ManagedChannel n1 = channel(cluster.node(0));
    create(n1, "c", 4, 2);
    upsert(n1, "c", 0, 100);
    cluster.node(1).stop();
    upsert(n1, "c", 100, 200);
    cluster.node(1).start();
    // with node 1 back, stop the others: every shard with a replica on node 1 must hold all its
    // points
    cluster.node(0).stop();
    cluster.node(2).stop();
    ManagedChannel n2 = channel(cluster.node(1));
    assertThatThrownBy(() -> count(n2, "c"))
        .isInstanceOf(StatusRuntimeException.class)
        .hasMessageContaining("no active replica"); // shards without a replica on node 1
    cluster.node(0).start();
    assertThat(count(n2, "c")).isEqualTo(200);
  }

  @Test
  void aWipedNodeRecoversItsDataFromPeerReplicas() {
    cluster = TestCluster.startDefault();
    ManagedChannel n1 = channel(cluster.node(0));
    create(n1, "c", 4, 2);
    upsert(n1, "c", 0, 50);
    cluster.node(2).kill();
    cluster.wipeNode(2);
    cluster.node(2).start();
    cluster.node(0).stop();
    assertThat(count(channel(cluster.node(2)), "c")).isEqualTo(50);
  }

  @Test
  void metricsUseQdrantNamesAndCountPerNodeAndEndpoint() throws Exception {
    cluster = TestCluster.startDefault();
    ManagedChannel n1 = channel(cluster.node(0));
    create(n1, "c", 4, 2);
    upsert(n1, "c", 0, 30);
    for (int i = 0; i < 5; i++) {
      ClientCalls.blockingUnaryCall(
          n1,
          PointsGrpc.getSearchMethod(),
          CallOptions.DEFAULT,
          SearchPoints.newBuilder()
              .setCollectionName("c")
              .addVector(1)
              .addVector(0)
              .setLimit(3)
              .build());
    }
    assertThatThrownBy(
        () ->
            ClientCalls.blockingUnaryCall(
                n1,
                PointsGrpc.getSearchMethod(),
                CallOptions.DEFAULT,
                SearchPoints.newBuilder()
                    .setCollectionName("missing")
                    .addVector(1)
                    .addVector(0)
                    .setLimit(3)
                    .build()));

    String m1 = text(cluster.node(0).restAddress(), "/metrics");
    assertThat(m1)
        .contains(
            "app_info{name=\"qharness-testcluster\",version=\""
                + TestCluster.EMULATED_QDRANT_VERSION
                + "\"} 1")
        .contains("collections_total 1")
        .contains("cluster_peers_total 3")
        // as Qdrant 1.19: per endpoint and gRPC status code; a failure is a status other than "0"
        // (NOT_FOUND is 5)
        .contains("grpc_responses_total{endpoint=\"/qdrant.Points/Search\",status=\"0\"} 5")
        .contains("grpc_responses_total{endpoint=\"/qdrant.Points/Search\",status=\"5\"} 1")
        .contains("grpc_responses_total{endpoint=\"/qdrant.Points/Upsert\",status=\"0\"} 1")
        .contains(
            "grpc_responses_duration_seconds_bucket{endpoint=\"/qdrant.Points/Search\",status=\"0\",le=\"+Inf\"}"
                + " 5")
        .contains(
            "grpc_responses_duration_seconds_count{endpoint=\"/qdrant.Points/Search\",status=\"0\"}"
                + " 5")
        .doesNotContain("fail_total")
        .contains("# TYPE grpc_responses_duration_seconds histogram")
        .contains("collection_points{id=\"c\"}")
        .contains("memory_allocated_bytes");
    // node 2 coordinated nothing: no gRPC response series
    assertThat(text(cluster.node(1).restAddress(), "/metrics"))
        .doesNotContain("grpc_responses_total");
    // counters restart with the node, as Qdrant's do
    cluster.node(0).stop();
    cluster.node(0).start();
    assertThat(text(cluster.node(0).restAddress(), "/metrics"))
        .doesNotContain("/qdrant.Points/Search");
  }

  @Test
  void clusterEndpointsHaveQdrantShapesAndShowADeadPeer() throws Exception {
    cluster = TestCluster.startDefault();
    create(channel(cluster.node(0)), "c", 4, 2);
    JsonNode c = get(cluster.node(0).restAddress(), "/cluster");
    assertThat(c.at("/status").asText()).isEqualTo("ok");
    assertThat(c.at("/result/status").asText()).isEqualTo("enabled");
    assertThat(c.at("/result/peer_id").asLong()).isEqualTo(cluster.node(0).peerId());
    assertThat(c.at("/result/peers").size()).isEqualTo(3);
    assertThat(c.at("/result/raft_info/role").asText()).isEqualTo("Leader");

    JsonNode shards = get(cluster.node(0).restAddress(), "/collections/c/cluster").at("/result");
    assertThat(shards.at("/shard_count").asInt()).isEqualTo(4);
    assertThat(shards.at("/local_shards").size() + shards.at("/remote_shards").size()).isEqualTo(8);

    cluster.node(2).stop();
    JsonNode after = get(cluster.node(0).restAddress(), "/collections/c/cluster").at("/result");
    long dead = 0;
    for (JsonNode s : after.at("/remote_shards")) {
      if (s.at("/state").asText().equals("Dead")) {
        assertThat(s.at("/peer_id").asLong()).isEqualTo(cluster.node(2).peerId());
        dead++;
      }
    }
    assertThat(dead).isPositive();
    assertThat(
            get(cluster.node(0).restAddress(), "/cluster")
                .at("/result/message_send_failures")
                .size())
        .isEqualTo(1);
    assertThat(get(cluster.node(0).restAddress(), "/collections/c").at("/result/status").asText())
        .isEqualTo("green");
    assertThat(text(cluster.node(0).restAddress(), "/healthz")).isEqualTo("healthz check passed");
  }

  @Test
  void apiKeyIsRequiredWhenSet() throws Exception {
    cluster = TestCluster.builder().apiKey("s3cret").build().start();
    ManagedChannel ch = channel(cluster.node(0));
    assertThatThrownBy(
            () ->
                ClientCalls.blockingUnaryCall(
                    ch,
                    CollectionsGrpc.getListMethod(),
                    CallOptions.DEFAULT,
                    ListCollectionsRequest.getDefaultInstance()))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED));
    Metadata wrong = new Metadata();
    wrong.put(Metadata.Key.of("api-key", Metadata.ASCII_STRING_MARSHALLER), "nope");
    assertThatThrownBy(
            () ->
                ClientCalls.blockingUnaryCall(
                    ClientInterceptors.intercept(
                        ch, MetadataUtils.newAttachHeadersInterceptor(wrong)),
                    CollectionsGrpc.getListMethod(),
                    CallOptions.DEFAULT,
                    ListCollectionsRequest.getDefaultInstance()))
        .hasMessageContaining("Invalid API key");
    Metadata right = new Metadata();
    right.put(Metadata.Key.of("api-key", Metadata.ASCII_STRING_MARSHALLER), "s3cret");
    ClientCalls.blockingUnaryCall(
        ClientInterceptors.intercept(ch, MetadataUtils.newAttachHeadersInterceptor(right)),
        CollectionsGrpc.getListMethod(),
        CallOptions.DEFAULT,
        ListCollectionsRequest.getDefaultInstance());
    HttpResponse<String> metrics =
        http.send(
            HttpRequest.newBuilder(
                    URI.create("http://" + cluster.node(0).restAddress() + "/metrics"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(metrics.statusCode()).isEqualTo(401);
  }

  @Test
  void faultKnobsAddLatencyFailCallsAndPause() throws Exception {
    cluster = TestCluster.startDefault();
    ManagedChannel ch = channel(cluster.node(0));
    create(ch, "c", 2, 2);
    cluster.node(0).faults().latency(Duration.ofMillis(150));
    long t0 = System.nanoTime();
    count(ch, "c");
    assertThat(System.nanoTime() - t0).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(150));

    cluster.node(0).faults().clear().errors(1.0, Status.Code.RESOURCE_EXHAUSTED);
    assertThatThrownBy(() -> count(ch, "c"))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
              assertThat(e.getStatus().getDescription()).contains("injected fault");
            });
    cluster.node(0).faults().clear();

    cluster.node(0).pause();
    CompletableFuture<Long> pending = CompletableFuture.supplyAsync(() -> count(ch, "c"));
    Thread.sleep(200);
    assertThat(pending).isNotDone();
    cluster.node(0).resume();
    assertThat(pending.get(5, TimeUnit.SECONDS)).isZero();
  }
}
