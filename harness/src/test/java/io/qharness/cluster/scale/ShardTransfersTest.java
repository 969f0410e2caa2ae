package io.qharness.cluster.scale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.qdrant.client.QdrantClient;
import io.qdrant.client.QdrantGrpcClient;
import io.qdrant.client.grpc.Collections.CreateCollection;
import io.qdrant.client.grpc.Collections.Distance;
import io.qdrant.client.grpc.Collections.VectorParams;
import io.qdrant.client.grpc.Collections.VectorsConfig;
import io.qdrant.client.grpc.Points.PointStruct;
import io.qharness.cluster.QdrantRest;
import io.qharness.config.TransferMethod;
import io.qharness.testcluster.TestCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Shard transfers through the cluster API, against the test double (which answers as Qdrant 1.19
 * does, quirks included): a spare joins, shards move onto it and off again; the steps Qdrant would
 * accept but that lose a replica are refused first; a transfer that outlasts its timeout is
 * aborted, and every failure says where each shard is.
 */
class ShardTransfersTest {
  private TestCluster cluster;
  private QdrantRest rest;
  private final Map<Long, String> names = new LinkedHashMap<>();
  private final List<String> log = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    cluster = TestCluster.builder().nodes(3).spareNodes(1).build().start();
    rest = new QdrantRest(null, Duration.ofSeconds(5), null);
    QdrantClient client =
        new QdrantClient(
            QdrantGrpcClient.newBuilder(
                    "127.0.0.1",
                    Integer.parseInt(cluster.grpcAddresses().get(0).split(":")[1]),
                    false)
                .build());
    client
        .createCollectionAsync(
            CreateCollection.newBuilder()
                .setCollectionName("c")
                .setShardNumber(4)
                .setReplicationFactor(2)
                .setVectorsConfig(
                    VectorsConfig.newBuilder()
                        .setParams(
                            VectorParams.newBuilder().setSize(2).setDistance(Distance.Cosine)))
                .build())
        .get();
    List<PointStruct> points = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      points.add(
          PointStruct.newBuilder()
              .setId(io.qdrant.client.PointIdFactory.id(i))
              .setVectors(io.qdrant.client.VectorsFactory.vectors(1f, i))
              .build());
    }
    client.upsertAsync("c", points).get();
    client.close();
    for (int i = 0; i < 3; i++) {
      names.put(cluster.node(i).peerId(), "node" + (i + 1));
    }
  }

  @AfterEach
  void stop() {
    cluster.close();
  }

  private List<String> rest(int nodes) {
    return cluster.restAddresses().subList(0, nodes);
  }

  private ShardTransfers transfers(int nodes, Duration timeout) {
    return new ShardTransfers(
        rest,
        rest(nodes),
        "c",
        TransferMethod.STREAM_RECORDS,
        2,
        timeout,
        names,
        log::add,
        Duration.ofMillis(50));
  }

  @Test
  void aSpareJoinsShardsMoveOntoItAndOffAgain() throws Exception {
    cluster.node(3).start();
    long d =
        PeerJoin.await(rest, rest(1).get(0), rest(4).get(3), "node4", Duration.ofSeconds(5))
            .peerId();
    names.put(d, "node4");
    Placement before = Placement.read(rest, rest(4), "c");
    List<RebalancePlan.Step> plan = RebalancePlan.spreadOnto(before, d, names.keySet(), false, 0);
    assertThat(plan).hasSize(2);

    List<ShardTransfers.Result> done = transfers(4, Duration.ofSeconds(10)).run(plan);

    assertThat(done).hasSize(2).allMatch(r -> r.error() == null && r.points() != null);
    Placement after = Placement.read(rest, rest(4), "c");
    assertThat(after.replicasOn(d)).isEqualTo(2);
    assertThat(after.settled()).isTrue();
    after.replicas().values().forEach(peers -> assertThat(peers).hasSize(2));
    assertThat(log)
        .anyMatch(l -> l.startsWith("moving shard"))
        .anyMatch(l -> l.contains("on node4 after"));

    List<RebalancePlan.Step> drain =
        RebalancePlan.drain(after, d, List.copyOf(names.keySet()).subList(0, 3));
    transfers(4, Duration.ofSeconds(10)).run(drain);
    assertThat(Placement.read(rest, rest(4), "c").replicasOn(d)).isZero();
    new ClusterAdmin(rest).removePeer(rest(1).get(0), d);
    assertThat(new ClusterAdmin(rest).info(rest(1).get(0)).peers()).doesNotContainKey(d);
  }

  @Test
  void aMoveQdrantWouldTurnIntoADroppedReplicaIsRefusedBeforeAnyTransfer() {
    Placement p = Placement.read(rest, rest(3), "c");
    long a = cluster.node(0).peerId();
    int shard = -1;
    long other = -1;
    for (var e : p.replicas().entrySet()) {
      if (e.getValue().containsKey(a)) {
        shard = e.getKey();
        other = e.getValue().keySet().stream().filter(x -> x != a).findFirst().orElseThrow();
        break;
      }
    }
    RebalancePlan.Step toHolder = new RebalancePlan.Step(shard, a, other, false);
    RebalancePlan.Step unknownShard = new RebalancePlan.Step(9, a, other, false);
    RebalancePlan.Step unknownPeer = new RebalancePlan.Step(shard, a, 12345, false);
    assertThatThrownBy(() -> transfers(3, Duration.ofSeconds(5)).run(List.of(toHolder)))
        .isInstanceOf(ShardTransfers.ScaleException.class)
        .hasMessageContaining("already has a replica on node")
        .hasMessageContaining("Qdrant would answer OK and only drop the one on node1")
        .hasMessageContaining("Placement now: shard 0:");
    assertThatThrownBy(() -> transfers(3, Duration.ofSeconds(5)).run(List.of(unknownShard)))
        .hasMessageContaining("shard 9 does not exist in `c`");
    assertThatThrownBy(() -> transfers(3, Duration.ofSeconds(5)).run(List.of(unknownPeer)))
        .hasMessageContaining("peer 12345 is not a peer of the cluster");
    assertThat(Placement.read(rest, rest(3), "c").replicas().get(shard)).hasSize(2);
  }

  @Test
  void aTransferOutlastingItsTimeoutIsAbortedAndThePlacementSaid() throws Exception {
    cluster.node(3).start();
    long d =
        PeerJoin.await(rest, rest(1).get(0), rest(4).get(3), "node4", Duration.ofSeconds(5))
            .peerId();
    names.put(d, "node4");
    cluster.shardTransferRate(10); // 100 points take 10 s
    Placement p = Placement.read(rest, rest(4), "c");
    List<RebalancePlan.Step> plan = RebalancePlan.spreadOnto(p, d, names.keySet(), false, 1);
    assertThatThrownBy(() -> transfers(4, Duration.ofSeconds(1)).run(plan))
        .isInstanceOf(ShardTransfers.ScaleException.class)
        .hasMessageContaining("was still running after PT1S (transferTimeout): aborted")
        .hasMessageContaining("Placement now: shard 0:");
    Placement after = Placement.read(rest, rest(4), "c");
    assertThat(after.transfers()).as("aborted").isEmpty();
    assertThat(after.replicasOn(d)).isZero();
  }

  @Test
  void aNodeThatNeverJoinsIsNamedWithTheFix() {
    assertThatThrownBy(
            () ->
                PeerJoin.await(
                    rest, rest(1).get(0), rest(4).get(3), "node4", Duration.ofSeconds(1)))
        .hasMessageContaining("node4 (" + rest(4).get(3) + ") did not join the cluster within PT1S")
        .hasMessageContaining("--bootstrap");
  }
}
