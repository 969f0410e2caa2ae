package io.qharness.testcluster;

import io.qdrant.client.grpc.Collections.ReplicaState;
import io.qdrant.client.grpc.Common.PointId;
import io.qdrant.client.grpc.Points.ReadConsistency;
import io.qharness.testcluster.PointStore.StoredPoint;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a request goes, as any Qdrant peer routes the calls it coordinates: the collection, the
 * live replicas of each shard, and which one to read (this node's own when it has one, and as many
 * as the read consistency asks for). The requests themselves are {@link CollectionRequests}, {@link
 * PointWrites} and {@link PointReads}.
 */
final class Coordinator {
  private final ClusterState cluster;
  private final int node;

  Coordinator(ClusterState cluster, int node) {
    this.cluster = cluster;
    this.node = node;
  }

  ClusterState cluster() {
    return cluster;
  }

  /** This node's index in the cluster. */
  int node() {
    return node;
  }

  TestCollection collection(String name) {
    TestCollection c = cluster.collections.get(name);
    if (c == null) {
      throw QdrantErrors.collectionNotFound(name);
    }
    return c;
  }

  ReplicaState replicaState(Replica r) {
    if (!cluster.serving(r.node)) {
      return ReplicaState.Dead;
    }
    return r.missedWrites ? ReplicaState.Partial : ReplicaState.Active;
  }

  StoredPoint lookup(TestCollection c, PointId id, ReadConsistency rc) {
    List<Replica> shard = c.shards.get(PointIds.shardOf(id, c.shardNumber));
    return readReplica(c, shard, rc).store.get(id);
  }

  /**
   * A live replica to read a shard from, preferring this node's own. With a read_consistency the
   * shard needs that many live replicas, or the read fails as Qdrant's would.
   */
  Replica readReplica(TestCollection c, List<Replica> shard, ReadConsistency rc) {
    int live = 0;
    Replica chosen = null;
    for (Replica r : shard) {
      if (cluster.serving(r.node) && !r.missedWrites) {
        live++;
        if (chosen == null || r.node == node) {
          chosen = r;
        }
      }
    }
    int required = requiredReplicas(rc, shard.size());
    if (chosen == null || live < required) {
      List<Long> peers = new ArrayList<>();
      for (Replica r : shard) {
        peers.add(cluster.peerIds[r.node]);
      }
      throw QdrantErrors.unavailable(
          "no active replica for shard "
              + shard.get(0).shardId
              + " of collection `"
              + c.name
              + "` ("
              + live
              + " of "
              + shard.size()
              + " active, "
              + required
              + " required; replicas on peers "
              + peers
              + ")");
    }
    return chosen;
  }

  static int requiredReplicas(ReadConsistency rc, int replicas) {
    if (rc == null) {
      return 1;
    }
    switch (rc.getValueCase()) {
      case FACTOR:
        return (int) Math.max(1, Math.min(rc.getFactor(), replicas));
      case TYPE:
        switch (rc.getType()) {
          case All:
            return replicas;
          case Majority:
          case Quorum:
            return replicas / 2 + 1;
          default:
            return 1;
        }
      default:
        return 1;
    }
  }

  Replica firstServing(List<Replica> shard) {
    for (Replica r : shard) {
      if (cluster.serving(r.node) && !r.missedWrites) {
        return r;
      }
    }
    return null;
  }
}
