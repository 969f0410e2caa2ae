package io.qharness.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.CallOptions;
import io.grpc.stub.ClientCalls;
import io.qdrant.client.grpc.Collections.CreateCollection;
import io.qdrant.client.grpc.Collections.Distance;
import io.qdrant.client.grpc.Collections.VectorParams;
import io.qdrant.client.grpc.Collections.VectorsConfig;
import io.qdrant.client.grpc.CollectionsGrpc;
import io.qdrant.client.grpc.Common.PointId;
import io.qdrant.client.grpc.Points.DenseVector;
import io.qdrant.client.grpc.Points.PointStruct;
import io.qdrant.client.grpc.Points.UpsertPoints;
import io.qdrant.client.grpc.Points.Vector;
import io.qdrant.client.grpc.Points.Vectors;
import io.qdrant.client.grpc.PointsGrpc;
import io.qharness.grpc.ConnectionSettings;
import io.qharness.grpc.NodeAddress;
import io.qharness.grpc.QdrantNodes;
import io.qharness.metrics.AckedWrites;
import io.qharness.testcluster.TestCluster;
import io.qharness.workload.vectors.SyntheticVectors;
import io.qharness.workload.vectors.VectorDistance;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The write audit finds lost and changed points, and never counts an unreadable one as present. */
class WriteAuditTest {
  static final SyntheticVectors DATA = SyntheticVectors.uniform(8, 2000, 3);

  static void upsert(QdrantNodes nodes, long from, long to, boolean corrupt) {
    UpsertPoints.Builder b = UpsertPoints.newBuilder().setCollectionName("audit").setWait(true);
    for (long i = from; i < to; i++) {
      float[] v = DATA.get(i);
      if (corrupt) {
        v[0] += 1;
      }
      DenseVector.Builder d = DenseVector.newBuilder();
      for (float x : v) {
        d.addData(x);
      }
      b.addPoints(
          PointStruct.newBuilder()
              .setId(PointId.newBuilder().setNum(i))
              .setVectors(Vectors.newBuilder().setVector(Vector.newBuilder().setDense(d))));
    }
    ClientCalls.blockingUnaryCall(
        nodes.get(0).channel(), PointsGrpc.getUpsertMethod(), CallOptions.DEFAULT, b.build());
  }

  @Test
  void findsLostAndChangedPointsAndReportsUnreadableShardsAsUnverifiable() {
    try (TestCluster cluster = TestCluster.builder().nodes(3).basePort(0).build().start()) {
      List<NodeAddress> hosts = new ArrayList<>();
      cluster.grpcAddresses().forEach(a -> hosts.add(NodeAddress.parse(a)));
      try (QdrantNodes nodes = new QdrantNodes(hosts, ConnectionSettings.defaults())) {
        ClientCalls.blockingUnaryCall(
            nodes.get(0).channel(),
            CollectionsGrpc.getCreateMethod(),
            CallOptions.DEFAULT,
            CreateCollection.newBuilder()
                .setCollectionName("audit")
                .setShardNumber(4)
                .setReplicationFactor(1)
                .setVectorsConfig(
                    VectorsConfig.newBuilder()
                        .setParams(
                            VectorParams.newBuilder().setSize(8).setDistance(Distance.Euclid)))
                .build());
        upsert(nodes, 0, 1000, false);
        upsert(nodes, 7, 8, true); // id 7 now holds another vector than the data set's
        AckedWrites acked = new AckedWrites();
        for (long i = 0; i < 1000; i++) {
          acked.add(i);
        }
        acked.add(1500); // acknowledged, never stored: lost
        acked.add(1501);

        WriteAudit.Result r =
            WriteAudit.verify(
                nodes, "audit", acked, DATA, VectorDistance.EUCLID, Duration.ofSeconds(5));
        assertThat(r.distinctIds()).isEqualTo(1002);
        assertThat(r.missing()).isEqualTo(2);
        assertThat(r.missingSample()).containsExactly(1500L, 1501L);
        assertThat(r.vectorMismatches()).isEqualTo(1);
        assertThat(r.lossFree()).isFalse();
        assertThat(r.summary())
            .contains("LOST: 2 acknowledged points are missing")
            .contains("CHANGED: 1");

        WriteAudit.Result presence =
            WriteAudit.verify(
                nodes, "audit", acked, null, VectorDistance.EUCLID, Duration.ofSeconds(5));
        assertThat(presence.vectorMismatches()).isZero();
        assertThat(presence.vectorsChecked()).isFalse();

        cluster.node(1).kill(); // replication 1: its shards are gone
        WriteAudit.Result down =
            WriteAudit.verify(
                nodes, "audit", acked, null, VectorDistance.EUCLID, Duration.ofSeconds(5));
        assertThat(down.unverifiable()).isPositive();
        assertThat(down.verified() + down.unverifiable() + down.missing()).isEqualTo(1002);
        assertThat(down.summary()).contains("UNVERIFIABLE").contains("no active replica");
      }
    }
  }

  @Test
  void ackedWritesRememberIdsCompactly() {
    AckedWrites a = new AckedWrites();
    a.add(5);
    a.add(5);
    a.add(3_000_000);
    a.addUnremembered();
    assertThat(a.acknowledgedPoints()).isEqualTo(4);
    assertThat(a.distinctIds()).isEqualTo(2);
    assertThat(a.unremembered()).isEqualTo(1);
    List<Long> ids = new ArrayList<>();
    a.forEach(ids::add);
    assertThat(ids).containsExactly(5L, 3_000_000L);
  }
}
