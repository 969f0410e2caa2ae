package io.qharness.testcluster;

import io.qdrant.client.grpc.Collections.CollectionClusterInfoResponse;
import io.qdrant.client.grpc.Collections.CollectionConfig;
import io.qdrant.client.grpc.Collections.CollectionInfo;
import io.qdrant.client.grpc.Collections.CollectionParams;
import io.qdrant.client.grpc.Collections.CollectionStatus;
import io.qdrant.client.grpc.Collections.CreateCollection;
import io.qdrant.client.grpc.Collections.Distance;
import io.qdrant.client.grpc.Collections.HnswConfigDiff;
import io.qdrant.client.grpc.Collections.LocalShardInfo;
import io.qdrant.client.grpc.Collections.OptimizerStatus;
import io.qdrant.client.grpc.Collections.OptimizersConfigDiff;
import io.qdrant.client.grpc.Collections.RemoteShardInfo;
import io.qdrant.client.grpc.Collections.ReplicaState;
import io.qdrant.client.grpc.Collections.VectorParams;
import io.qdrant.client.grpc.Collections.VectorsConfig;
import io.qdrant.client.grpc.Collections.WalConfigDiff;
import io.qdrant.client.grpc.Common.Filter;
import io.qdrant.client.grpc.Common.PointId;
import io.qdrant.client.grpc.JsonWithInt.Value;
import io.qdrant.client.grpc.Points.BatchResult;
import io.qdrant.client.grpc.Points.CountPoints;
import io.qdrant.client.grpc.Points.DenseVector;
import io.qdrant.client.grpc.Points.GetPoints;
import io.qdrant.client.grpc.Points.PointStruct;
import io.qdrant.client.grpc.Points.QueryPoints;
import io.qdrant.client.grpc.Points.ReadConsistency;
import io.qdrant.client.grpc.Points.RetrievedPoint;
import io.qdrant.client.grpc.Points.ScoredPoint;
import io.qdrant.client.grpc.Points.SearchBatchPoints;
import io.qdrant.client.grpc.Points.SearchParams;
import io.qdrant.client.grpc.Points.SearchPoints;
import io.qdrant.client.grpc.Points.UpdateResult;
import io.qdrant.client.grpc.Points.UpdateStatus;
import io.qdrant.client.grpc.Points.UpsertPoints;
import io.qdrant.client.grpc.Points.Vector;
import io.qdrant.client.grpc.Points.VectorInput;
import io.qdrant.client.grpc.Points.VectorOutput;
import io.qdrant.client.grpc.Points.VectorsOutput;
import io.qdrant.client.grpc.Points.WithPayloadSelector;
import io.qdrant.client.grpc.Points.WithVectorsSelector;
import io.qharness.testcluster.PointStore.Hit;
import io.qharness.testcluster.PointStore.StoredPoint;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

/**
 * The request logic every node runs when it coordinates a call, as any Qdrant peer does: writes go
 * to each live replica of the shard owning the point id, searches fan out to one live replica per
 * shard (the local one when there is one) and merge by score.
 */
final class Coordinator {
  private final ClusterState cluster;
  private final int node;

  Coordinator(ClusterState cluster, int node) {
    this.cluster = cluster;
    this.node = node;
  }

  // ---- collections ----

  boolean create(CreateCollection req) {
    String name = req.getCollectionName();
    if (name.isBlank()) {
      throw QdrantErrors.wrongInput("collection name must not be empty");
    }
    if (!req.hasVectorsConfig() || !req.getVectorsConfig().hasParams()) {
      throw QdrantErrors.wrongInput(
          "the qharness test cluster supports one unnamed dense vector per collection: set"
              + " vectors_config.params");
    }
    VectorParams params = req.getVectorsConfig().getParams();
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

  TestCollection collection(String name) {
    TestCollection c = cluster.collections.get(name);
    if (c == null) {
      throw QdrantErrors.collectionNotFound(name);
    }
    return c;
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
    collection(name).optimisationsPending = false;
    return true;
  }

  CollectionInfo info(String name) {
    TestCollection c = collection(name);
    long points = 0;
    long indexed = 0;
    for (List<Replica> shard : c.shards) {
      Replica r = firstServing(shard);
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
    TestCollection c = collection(name);
    CollectionClusterInfoResponse.Builder b =
        CollectionClusterInfoResponse.newBuilder()
            .setPeerId(cluster.peerIds[node])
            .setShardCount(c.shardNumber);
    for (List<Replica> shard : c.shards) {
      for (Replica r : shard) {
        ReplicaState state = replicaState(r);
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

  ReplicaState replicaState(Replica r) {
    if (!cluster.serving(r.node)) {
      return ReplicaState.Dead;
    }
    return r.missedWrites ? ReplicaState.Partial : ReplicaState.Active;
  }

  // ---- points: writes ----

  UpdateResult upsert(UpsertPoints req) {
    TestCollection c = collection(req.getCollectionName());
    Map<Integer, List<StoredPoint>> byShard = new HashMap<>();
    for (PointStruct p : req.getPointsList()) {
      if (p.getId().getPointIdOptionsCase() == PointId.PointIdOptionsCase.POINTIDOPTIONS_NOT_SET) {
        throw QdrantErrors.wrongInput("every point needs an id (num or uuid)");
      }
      float[] v = vectorOf(p, c);
      StoredPoint sp = new StoredPoint(p.getId(), c.distance.prepare(v), p.getPayloadMap());
      byShard
          .computeIfAbsent(PointIds.shardOf(p.getId(), c.shardNumber), k -> new ArrayList<>())
          .add(sp);
    }
    // Check every shard first: a write that cannot meet write_consistency_factor is refused whole,
    // so nothing is half-applied behind an error.
    for (Integer shardId : byShard.keySet()) {
      List<Replica> shard = c.shards.get(shardId);
      int live = 0;
      for (Replica r : shard) {
        if (cluster.serving(r.node)) {
          live++;
        }
      }
      if (live < c.writeConsistencyFactor) {
        throw QdrantErrors.unavailable(
            "shard "
                + shardId
                + " of collection `"
                + c.name
                + "` has "
                + live
                + " active replica(s) of "
                + shard.size()
                + ", write_consistency_factor is "
                + c.writeConsistencyFactor);
      }
    }
    for (Map.Entry<Integer, List<StoredPoint>> e : byShard.entrySet()) {
      for (Replica r : c.shards.get(e.getKey())) {
        if (cluster.serving(r.node)) {
          r.store.upsertAll(e.getValue());
        } else {
          r.missedWrites = true;
        }
      }
    }
    c.optimisationsPending = false; // any update operation triggers pending optimisations
    long delayNanos = cluster.optimisationDelay.toNanos();
    if (delayNanos > 0) {
      c.optimisingUntilNanos = System.nanoTime() + delayNanos;
    }
    boolean wait = req.hasWait() && req.getWait();
    return UpdateResult.newBuilder()
        .setOperationId(cluster.updateOperations.incrementAndGet())
        .setStatus(wait ? UpdateStatus.Completed : UpdateStatus.Acknowledged)
        .build();
  }

  @SuppressWarnings("deprecation")
  private static float[] vectorOf(PointStruct p, TestCollection c) {
    if (!p.hasVectors() || !p.getVectors().hasVector()) {
      if (p.hasVectors() && p.getVectors().hasVectors()) {
        String name =
            p.getVectors().getVectors().getVectorsMap().keySet().stream().findFirst().orElse("");
        throw QdrantErrors.wrongInput("Not existing vector name error: " + name);
      }
      throw QdrantErrors.wrongInput("point " + PointIds.describe(p.getId()) + " has no vector");
    }
    Vector v = p.getVectors().getVector();
    float[] data;
    if (v.hasDense()) {
      data = toArray(v.getDense());
    } else if (v.getDataCount() > 0) {
      data = new float[v.getDataCount()];
      for (int i = 0; i < data.length; i++) {
        data[i] = v.getData(i);
      }
    } else {
      throw QdrantErrors.wrongInput(
          "the qharness test cluster stores dense vectors only (point "
              + PointIds.describe(p.getId())
              + ")");
    }
    if (data.length != c.dim) {
      throw QdrantErrors.dimensionMismatch(c.dim, data.length);
    }
    return data;
  }

  private static float[] toArray(DenseVector d) {
    float[] out = new float[d.getDataCount()];
    for (int i = 0; i < out.length; i++) {
      out[i] = d.getData(i);
    }
    return out;
  }

  // ---- points: reads ----

  List<ScoredPoint> search(SearchPoints req) {
    TestCollection c = collection(req.getCollectionName());
    checkVectorName(req.hasVectorName() ? req.getVectorName() : "");
    float[] q = new float[req.getVectorCount()];
    for (int i = 0; i < q.length; i++) {
      q[i] = req.getVector(i);
    }
    return nearest(
        c,
        q,
        null,
        req.hasFilter() ? req.getFilter() : null,
        (int) req.getLimit(),
        req.hasOffset() ? (int) req.getOffset() : 0,
        req.hasScoreThreshold() ? req.getScoreThreshold() : null,
        req.getWithPayload(),
        req.hasWithVectors() ? req.getWithVectors() : null,
        req.hasReadConsistency() ? req.getReadConsistency() : null,
        req.hasParams() ? req.getParams() : null);
  }

  List<BatchResult> searchBatch(SearchBatchPoints req) {
    List<BatchResult> out = new ArrayList<>(req.getSearchPointsCount());
    for (SearchPoints sp : req.getSearchPointsList()) {
      SearchPoints one = sp.toBuilder().setCollectionName(req.getCollectionName()).build();
      out.add(BatchResult.newBuilder().addAllResult(search(one)).build());
    }
    return out;
  }

  List<ScoredPoint> query(QueryPoints req) {
    TestCollection c = collection(req.getCollectionName());
    if (req.getPrefetchCount() > 0) {
      throw QdrantErrors.wrongInput(
          "the qharness test cluster does not implement prefetch in Query");
    }
    checkVectorName(req.hasUsing() ? req.getUsing() : "");
    int limit = req.hasLimit() ? (int) req.getLimit() : 10;
    int offset = req.hasOffset() ? (int) req.getOffset() : 0;
    Filter filter = req.hasFilter() ? req.getFilter() : null;
    WithPayloadSelector wp =
        req.hasWithPayload() ? req.getWithPayload() : WithPayloadSelector.getDefaultInstance();
    WithVectorsSelector wv = req.hasWithVectors() ? req.getWithVectors() : null;
    ReadConsistency rc = req.hasReadConsistency() ? req.getReadConsistency() : null;
    if (!req.hasQuery()) {
      return byId(c, filter, limit, offset, wp, wv, rc);
    }
    if (!req.getQuery().hasNearest()) {
      throw QdrantErrors.wrongInput(
          "the qharness test cluster implements Query with `nearest` only, got "
              + req.getQuery().getVariantCase());
    }
    VectorInput in = req.getQuery().getNearest();
    float[] q;
    PointId exclude = null;
    if (in.hasDense()) {
      q = toArray(in.getDense());
    } else if (in.hasId()) {
      StoredPoint p = lookup(c, in.getId(), rc);
      if (p == null) {
        throw QdrantErrors.collectionPointNotFound(in.getId());
      }
      q = p.vector();
      exclude = in.getId();
    } else {
      throw QdrantErrors.wrongInput(
          "the qharness test cluster implements nearest queries by dense vector or point id, got "
              + in.getVariantCase());
    }
    Float threshold = req.hasScoreThreshold() ? req.getScoreThreshold() : null;
    return nearest(
        c,
        q,
        exclude,
        filter,
        limit,
        offset,
        threshold,
        wp,
        wv,
        rc,
        req.hasParams() ? req.getParams() : null);
  }

  long count(CountPoints req) {
    TestCollection c = collection(req.getCollectionName());
    ReadConsistency rc = req.hasReadConsistency() ? req.getReadConsistency() : null;
    long n = 0;
    for (List<Replica> shard : c.shards) {
      n += readReplica(c, shard, rc).store.count(req.hasFilter() ? req.getFilter() : null);
    }
    return n;
  }

  List<RetrievedPoint> get(GetPoints req) {
    TestCollection c = collection(req.getCollectionName());
    ReadConsistency rc = req.hasReadConsistency() ? req.getReadConsistency() : null;
    List<RetrievedPoint> out = new ArrayList<>(req.getIdsCount());
    for (PointId id : req.getIdsList()) {
      StoredPoint p = lookup(c, id, rc);
      if (p == null) {
        continue;
      }
      RetrievedPoint.Builder b = RetrievedPoint.newBuilder().setId(p.id());
      putPayload(b::putAllPayload, p.payload(), req.getWithPayload());
      if (req.hasWithVectors() && wantsVector(req.getWithVectors())) {
        b.setVectors(vectorsOutput(p.vector()));
      }
      out.add(b.build());
    }
    return out;
  }

  private StoredPoint lookup(TestCollection c, PointId id, ReadConsistency rc) {
    List<Replica> shard = c.shards.get(PointIds.shardOf(id, c.shardNumber));
    return readReplica(c, shard, rc).store.get(id);
  }

  private static void checkVectorName(String name) {
    if (!name.isEmpty()) {
      throw QdrantErrors.wrongInput("Not existing vector name error: " + name);
    }
  }

  private List<ScoredPoint> nearest(
      TestCollection c,
      float[] rawQuery,
      PointId exclude,
      Filter filter,
      int limit,
      int offset,
      Float threshold,
      WithPayloadSelector wp,
      WithVectorsSelector wv,
      ReadConsistency rc,
      SearchParams params) {
    if (rawQuery.length != c.dim) {
      throw QdrantErrors.dimensionMismatch(c.dim, rawQuery.length);
    }
    if (limit < 0 || offset < 0) {
      throw QdrantErrors.wrongInput("limit and offset must not be negative");
    }
    ResultDistortion d0 = cluster.distortion;
    ResultDistortion distortion = d0.appliesTo(params) ? d0 : ResultDistortion.NONE;
    float[] q = c.distance.prepare(rawQuery);
    boolean withVector = wv != null && wantsVector(wv);
    // Extra candidates: one to skip the excluded id, limit more to stand in for dropped hits.
    int want = limit + offset + (exclude != null ? 1 : 0) + (distortion.active() ? limit : 0);
    List<Hit> merged = new ArrayList<>();
    boolean exact = params != null && params.hasExact() && params.getExact();
    for (List<Replica> shard : c.shards) {
      Replica r = readReplica(c, shard, rc);
      PointStore store = r.store;
      long size = store.size();
      if (size > 0) { // Qdrant skips empty segments
        boolean cardinalityMatters = filter != null && !exact && SearchPathModel.indexed(c, size);
        r.countSearch(
            SearchPathModel.path(
                c, size, exact, filter != null, cardinalityMatters ? store.count(filter) : 0));
      }
      merged.addAll(store.search(q, c.distance, filter, want, threshold, withVector));
    }
    Similarity d = c.distance;
    merged.sort(
        (a, b) -> {
          if (a.score() != b.score()) {
            return d.better(a.score(), b.score()) ? -1 : 1;
          }
          return PointIds.ORDER.compare(a.id(), b.id());
        });
    if (exclude != null) {
      final PointId ex = exclude;
      merged.removeIf(h -> h.id().equals(ex));
    }
    if (distortion.active()) {
      merged = distort(merged, offset + limit, distortion.dropRate());
    }
    int from = Math.min(offset, merged.size());
    int to = Math.min(offset + limit, merged.size());
    List<ScoredPoint> out = new ArrayList<>(to - from);
    for (Hit h : merged.subList(from, to)) {
      ScoredPoint.Builder b = ScoredPoint.newBuilder().setId(h.id()).setScore(h.score());
      putPayload(b::putAllPayload, h.payload(), wp);
      if (h.vector() != null) {
        b.setVectors(vectorsOutput(h.vector()));
      }
      out.add(b.build());
    }
    return out;
  }

  /** Drops each of the first {@code k} hits with probability {@code rate}; later hits move up. */
  private static List<Hit> distort(List<Hit> hits, int k, double rate) {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    List<Hit> kept = new ArrayList<>(hits.size());
    for (int i = 0; i < hits.size(); i++) {
      if (i < k && random.nextDouble() < rate) {
        continue;
      }
      kept.add(hits.get(i));
    }
    return kept;
  }

  private List<ScoredPoint> byId(
      TestCollection c,
      Filter filter,
      int limit,
      int offset,
      WithPayloadSelector wp,
      WithVectorsSelector wv,
      ReadConsistency rc) {
    List<StoredPoint> all = new ArrayList<>();
    for (List<Replica> shard : c.shards) {
      all.addAll(readReplica(c, shard, rc).store.firstById(filter, offset + limit));
    }
    all.sort((a, b) -> PointIds.ORDER.compare(a.id(), b.id()));
    List<ScoredPoint> out = new ArrayList<>();
    for (StoredPoint p :
        all.subList(Math.min(offset, all.size()), Math.min(offset + limit, all.size()))) {
      ScoredPoint.Builder b = ScoredPoint.newBuilder().setId(p.id());
      putPayload(b::putAllPayload, p.payload(), wp);
      if (wv != null && wantsVector(wv)) {
        b.setVectors(vectorsOutput(p.vector()));
      }
      out.add(b.build());
    }
    return out;
  }

  /**
   * A live replica to read a shard from, preferring this node's own. With a read_consistency the
   * shard needs that many live replicas, or the read fails as Qdrant's would.
   */
  private Replica readReplica(TestCollection c, List<Replica> shard, ReadConsistency rc) {
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

  private static int requiredReplicas(ReadConsistency rc, int replicas) {
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

  private Replica firstServing(List<Replica> shard) {
    for (Replica r : shard) {
      if (cluster.serving(r.node) && !r.missedWrites) {
        return r;
      }
    }
    return null;
  }

  private static boolean wantsVector(WithVectorsSelector wv) {
    return wv.hasEnable() ? wv.getEnable() : wv.hasInclude();
  }

  private static void putPayload(
      Consumer<Map<String, Value>> sink, Map<String, Value> payload, WithPayloadSelector wp) {
    if (payload.isEmpty() || wp == null) {
      return;
    }
    switch (wp.getSelectorOptionsCase()) {
      case ENABLE:
        if (wp.getEnable()) {
          sink.accept(payload);
        }
        return;
      case INCLUDE:
        Map<String, Value> inc = new HashMap<>();
        for (String f : wp.getInclude().getFieldsList()) {
          Value v = payload.get(f);
          if (v != null) {
            inc.put(f, v);
          }
        }
        sink.accept(inc);
        return;
      case EXCLUDE:
        Map<String, Value> exc = new HashMap<>(payload);
        wp.getExclude().getFieldsList().forEach(exc::remove);
        sink.accept(exc);
        return;
      default:
        sink.accept(Collections.emptyMap());
    }
  }

  private static VectorsOutput vectorsOutput(float[] v) {
    DenseVector.Builder d = DenseVector.newBuilder();
    for (float x : v) {
      d.addData(x);
    }
    return VectorsOutput.newBuilder().setVector(VectorOutput.newBuilder().setDense(d)).build();
  }

  static VectorsConfig vectorsConfig(int dim, Distance distance) {
    return VectorsConfig.newBuilder()
        .setParams(VectorParams.newBuilder().setSize(dim).setDistance(distance))
        .build();
  }
}
