package io.qharness.testcluster;

import io.qdrant.client.grpc.Collections.CollectionClusterInfoResponse;
import io.qdrant.client.grpc.Collections.CollectionConfig;
import io.qdrant.client.grpc.Collections.CollectionInfo;
import io.qdrant.client.grpc.Collections.CollectionParams;
import io.qdrant.client.grpc.Collections.CollectionStatus;
import io.qdrant.client.grpc.Collections.CreateCollection;
import io.qdrant.client.grpc.Collections.Datatype;
import io.qdrant.client.grpc.Collections.Distance;
import io.qdrant.client.grpc.Collections.HnswConfigDiff;
import io.qdrant.client.grpc.Collections.LocalShardInfo;
import io.qdrant.client.grpc.Collections.OptimizerStatus;
import io.qdrant.client.grpc.Collections.OptimizersConfigDiff;
import io.qdrant.client.grpc.Collections.PayloadIndexParams;
import io.qdrant.client.grpc.Collections.PayloadSchemaInfo;
import io.qdrant.client.grpc.Collections.RemoteShardInfo;
import io.qdrant.client.grpc.Collections.ReplicaState;
import io.qdrant.client.grpc.Collections.ShardingMethod;
import io.qdrant.client.grpc.Collections.VectorParams;
import io.qdrant.client.grpc.Collections.VectorsConfig;
import io.qdrant.client.grpc.Collections.WalConfigDiff;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The collection calls a node coordinates: create (placing each shard's replicas on the serving
 * nodes), delete, update, and the collection's info and cluster placement as Qdrant reports them.
 */
final class CollectionRequests {
  private final ClusterState cluster;
  private final int node;
  private final Coordinator routing;

  CollectionRequests(Coordinator routing) {
    this.routing = routing;
    this.cluster = routing.cluster();
    this.node = routing.node();
  }

  boolean create(CreateCollection req) {
    String name = req.getCollectionName();
    if (name.isBlank()) {
      throw QdrantErrors.wrongInput("collection name must not be empty");
    }
    if (!req.hasVectorsConfig() || !req.getVectorsConfig().hasParams()) {
      throw QdrantErrors.wrongInput(
          "the qharness test cluster supports one unnamed dense vector per collection: set"
              + " vectors_config.params (named, sparse and multivectors need a real Qdrant: give"
              + " --hosts)");
    }
    if (req.hasSparseVectorsConfig() && req.getSparseVectorsConfig().getMapCount() > 0) {
      throw QdrantErrors.wrongInput(
          "the qharness test cluster has no sparse vectors (a real Qdrant has: give --hosts)");
    }
    if (req.hasShardingMethod() && req.getShardingMethod() == ShardingMethod.Custom) {
      throw QdrantErrors.wrongInput(
          "the qharness test cluster places points by id only: custom sharding (shard keys) needs"
              + " a real Qdrant: give --hosts, or leave sharding automatic (tenantShardKeys=0)");
    }
    VectorParams params = req.getVectorsConfig().getParams();
    if (params.hasMultivectorConfig()
        || (params.hasDatatype() && params.getDatatype() != Datatype.Float32)) {
      throw QdrantErrors.wrongInput(
          "the qharness test cluster stores float32 single vectors only, not "
              + (params.hasMultivectorConfig() ? "multivectors" : params.getDatatype())
              + " (a real Qdrant does: give --hosts)");
    }
    if (params.getSize() <= 0 || params.getSize() > 65536) {
      throw QdrantErrors.wrongInput("vector size must be within 1..65536, got " + params.getSize());
    }
    if (params.getDistance() == Distance.UnknownDistance
        || params.getDistance() == Distance.UNRECOGNIZED) {
      throw QdrantErrors.wrongInput("distance must be one of Cosine, Dot, Euclid, Manhattan");
    }
    List<Integer> nodes = cluster.servingNodes();
    int shards = req.hasShardNumber() ? req.getShardNumber() : nodes.size();
    int replication = req.hasReplicationFactor() ? req.getReplicationFactor() : 1;
    int wcf = req.hasWriteConsistencyFactor() ? req.getWriteConsistencyFactor() : 1;
    if (shards < 1) {
      throw QdrantErrors.wrongInput("shard_number must be at least 1, got " + shards);
    }
    if (replication < 1) {
      throw QdrantErrors.wrongInput("replication_factor must be at least 1, got " + replication);
    }
    if (wcf < 1 || wcf > replication) {
      throw QdrantErrors.wrongInput(
          "write_consistency_factor must be within 1..replication_factor ("
              + replication
              + "), got "
              + wcf);
    }
    TestCollection c =
        new TestCollection(
            req,
            (int) params.getSize(),
            Similarity.of(params.getDistance()),
            shards,
            replication,
            wcf,
            nodes);
    if (cluster.collections.putIfAbsent(name, c) != null) {
      throw QdrantErrors.alreadyExists(name);
    }
    cluster.commit.incrementAndGet();
    return true;
  }

  boolean delete(String name) {
    boolean removed = cluster.collections.remove(name) != null;
    if (removed) {
      cluster.commit.incrementAndGet();
    }
    return removed;
  }

  /**
   * The collection's HNSW config as Qdrant reports it: the creation diff over Qdrant's defaults (m
   * 16, ef_construct 100, full_scan_threshold 10,000 KB).
   */
  private static HnswConfigDiff hnsw(CreateCollection req) {
    HnswConfigDiff d =
        req.hasHnswConfig() ? req.getHnswConfig() : HnswConfigDiff.getDefaultInstance();
    return HnswConfigDiff.newBuilder()
        .setM(d.hasM() ? d.getM() : 16)
        .setEfConstruct(d.hasEfConstruct() ? d.getEfConstruct() : 100)
        .setFullScanThreshold(SearchPathModel.fullScanThresholdKb(req))
        .build();
  }

  private static CollectionStatus status(TestCollection c, boolean optimising) {
    if (c.optimiserError != null) {
      return CollectionStatus.Red;
    }
    if (c.optimisationsPending) {
      return CollectionStatus.Grey;
    }
    return optimising ? CollectionStatus.Yellow : CollectionStatus.Green;
  }

  /**
   * An UpdateCollection: the test double keeps no tunable config, but an update triggers pending
   * optimisations, as in Qdrant.
   */
  boolean update(String name) {
    routing.collection(name).optimisationsPending = false;
    return true;
  }

  CollectionInfo info(String name) {
    TestCollection c = routing.collection(name);
    long points = 0;
    long indexed = 0;
    for (List<Replica> shard : c.shards) {
      Replica r = routing.firstServing(shard);
      if (r != null) {
        int size = r.store.size();
        points += size;
        indexed += SearchPathModel.indexed(c, size) ? size : 0;
      }
    }
    boolean optimising = System.nanoTime() < c.optimisingUntilNanos;
    CreateCollection req = c.request;
    CollectionParams.Builder params =
        CollectionParams.newBuilder()
            .setShardNumber(c.shardNumber)
            .setReplicationFactor(c.replicationFactor)
            .setWriteConsistencyFactor(c.writeConsistencyFactor)
            .setOnDiskPayload(req.getOnDiskPayload())
            .setVectorsConfig(req.getVectorsConfig());
    return CollectionInfo.newBuilder()
        .setStatus(status(c, optimising))
        .setOptimizerStatus(
            c.optimiserError == null
                ? OptimizerStatus.newBuilder().setOk(true)
                : OptimizerStatus.newBuilder().setOk(false).setError(c.optimiserError))
        .setSegmentsCount(c.shardNumber)
        .setPointsCount(points)
        .setIndexedVectorsCount(indexed)
        .putAllPayloadSchema(payloadSchema(c, points))
        .setConfig(
            CollectionConfig.newBuilder()
                .setParams(params)
                .setHnswConfig(hnsw(req))
                .setOptimizerConfig(
                    (req.hasOptimizersConfig()
                            ? req.getOptimizersConfig()
                            : OptimizersConfigDiff.getDefaultInstance())
                        .toBuilder().setIndexingThreshold(SearchPathModel.indexingThresholdKb(req)))
                .setWalConfig(
                    req.hasWalConfig() ? req.getWalConfig() : WalConfigDiff.getDefaultInstance())
                .mergeFrom(quantization(req)))
        .build();
  }

  /**
   * The collection's quantization config as created (kept and reported; this double still searches
   * exactly).
   */
  private static CollectionConfig quantization(CreateCollection req) {
    return req.hasQuantizationConfig()
        ? CollectionConfig.newBuilder().setQuantizationConfig(req.getQuantizationConfig()).build()
        : CollectionConfig.getDefaultInstance();
  }

  CollectionClusterInfoResponse clusterInfo(String name) {
    TestCollection c = routing.collection(name);
    CollectionClusterInfoResponse.Builder b =
        CollectionClusterInfoResponse.newBuilder()
            .setPeerId(cluster.peerIds[node])
            .setShardCount(c.shardNumber);
    for (List<Replica> shard : c.shards) {
      for (Replica r : shard) {
        ReplicaState state = routing.replicaState(r);
        if (r.node == node) {
          b.addLocalShards(
              LocalShardInfo.newBuilder()
                  .setShardId(r.shardId)
                  .setPointsCount(r.store.size())
                  .setState(state));
        } else {
          b.addRemoteShards(
              RemoteShardInfo.newBuilder()
                  .setShardId(r.shardId)
                  .setPeerId(cluster.peerIds[r.node])
                  .setState(state));
        }
      }
    }
    return b.build();
  }

  static VectorsConfig vectorsConfig(int dim, Distance distance) {
    return VectorsConfig.newBuilder()
        .setParams(VectorParams.newBuilder().setSize(dim).setDistance(distance))
        .build();
  }

  /** The payload indexes as Qdrant reports them; every point counted (the double has no nulls). */
  private static Map<String, PayloadSchemaInfo> payloadSchema(TestCollection c, long points) {
    Map<String, PayloadSchemaInfo> out = new TreeMap<>();
    c.payloadIndexes.forEach(
        (field, type) -> {
          PayloadSchemaInfo.Builder info =
              PayloadSchemaInfo.newBuilder().setDataType(type).setPoints(points);
          PayloadIndexParams params = c.payloadIndexParams.get(field);
          if (params != null) {
            info.setParams(params);
          }
          out.put(field, info.build());
        });
    return out;
  }
}
