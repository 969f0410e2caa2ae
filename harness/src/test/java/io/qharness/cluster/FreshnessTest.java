package io.qharness.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.CallOptions;
import io.grpc.stub.ClientCalls;
import io.qdrant.client.grpc.Collections.CreateCollection;
import io.qdrant.client.grpc.Collections.Distance;
import io.qdrant.client.grpc.Collections.VectorParams;
import io.qdrant.client.grpc.Collections.VectorsConfig;
import io.qdrant.client.grpc.CollectionsGrpc;
import io.qdrant.client.grpc.Points.CountPoints;
import io.qdrant.client.grpc.PointsGrpc;
import io.qharness.cli.Cli;
import io.qharness.grpc.ConnectionSettings;
import io.qharness.grpc.NodeAddress;
import io.qharness.grpc.QdrantNodes;
import io.qharness.testcluster.TestCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Searchable-after-insert probes against the test double, and the command that takes them. */
class FreshnessTest {
  private static long count(QdrantNodes nodes, String collection) {
    return ClientCalls.blockingUnaryCall(
            nodes.get(0).channel(),
            PointsGrpc.getCountMethod(),
            CallOptions.DEFAULT,
            CountPoints.newBuilder().setCollectionName(collection).setExact(true).build())
        .getResult()
        .getCount();
  }

  @Test
  void everyNodeReturnsEveryProbeAndTheCollectionIsLeftAsItWas() {
    try (TestCluster cluster = TestCluster.builder().nodes(3).basePort(0).build().start()) {
      List<NodeAddress> hosts = new ArrayList<>();
      cluster.grpcAddresses().forEach(a -> hosts.add(NodeAddress.parse(a)));
      try (QdrantNodes nodes = new QdrantNodes(hosts, ConnectionSettings.defaults())) {
        ClientCalls.blockingUnaryCall(
            nodes.get(0).channel(),
            CollectionsGrpc.getCreateMethod(),
            CallOptions.DEFAULT,
            CreateCollection.newBuilder()
                .setCollectionName("fresh")
                .setShardNumber(4)
                .setReplicationFactor(2)
                .setVectorsConfig(
                    VectorsConfig.newBuilder()
                        .setParams(
                            VectorParams.newBuilder().setSize(8).setDistance(Distance.Cosine)))
                .build());
        Freshness f = new Freshness(nodes, "fresh", Duration.ofSeconds(5), Duration.ofSeconds(5));
        List<Freshness.NodeResult> r = f.measure(6, Duration.ofMillis(5));
        assertThat(r).hasSize(3);
        for (Freshness.NodeResult n : r) {
          assertThat(n.micros().getTotalCount()).as(n.describe()).isEqualTo(6);
          assertThat(n.missed()).isZero();
          assertThat(n.describe()).contains("over 6 probes");
        }
        assertThat(count(nodes, "fresh")).as("every probe deleted").isZero();

        assertThatThrownBy(
                () ->
                    new Freshness(nodes, "nope", Duration.ofSeconds(1), Duration.ofSeconds(5))
                        .measure(1, Duration.ZERO))
            .hasMessageContaining("collection `nope` does not exist");
      }

      String hostList = String.join(",", cluster.grpcAddresses());
      Cli ok =
          Cli.run(
              "cluster",
              "freshness",
              "--hosts",
              hostList,
              "--collection",
              "fresh",
              "--samples",
              "3");
      assertThat(ok.exitCode()).as(ok.toString()).isZero();
      assertThat(ok.out()).contains("searchable after insert, collection `fresh`").contains("p50");
      Cli missing =
          Cli.run(
              "cluster",
              "freshness",
              "--hosts",
              hostList,
              "--collection",
              "nope",
              "--samples",
              "1");
      assertThat(missing.exitCode()).isEqualTo(2);
      assertThat(missing.err()).contains("collection `nope` does not exist");
    }
    Cli down =
        Cli.run(
            "cluster", "freshness", "--hosts", "127.0.0.1:1", "--samples", "1", "--timeout", "1s");
    assertThat(down.exitCode()).isEqualTo(3);
    assertThat(down.err()).contains("cannot probe collection").contains("is the cluster up?");
  }
}
