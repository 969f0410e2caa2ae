package io.qharness.testcluster;

import io.qdrant.client.grpc.Common.Filter;
import io.qdrant.client.grpc.Common.PointId;
import io.qdrant.client.grpc.JsonWithInt.Value;
import io.qdrant.client.grpc.Points.BatchResult;
import io.qdrant.client.grpc.Points.CountPoints;
import io.qdrant.client.grpc.Points.DenseVector;
import io.qdrant.client.grpc.Points.GetPoints;
import io.qdrant.client.grpc.Points.GroupId;
import io.qdrant.client.grpc.Points.PointGroup;
import io.qdrant.client.grpc.Points.QueryPointGroups;
import io.qdrant.client.grpc.Points.QueryPoints;
import io.qdrant.client.grpc.Points.ReadConsistency;
import io.qdrant.client.grpc.Points.RecommendInput;
import io.qdrant.client.grpc.Points.RecommendStrategy;
import io.qdrant.client.grpc.Points.RetrievedPoint;
import io.qdrant.client.grpc.Points.ScoredPoint;
import io.qdrant.client.grpc.Points.SearchBatchPoints;
import io.qdrant.client.grpc.Points.SearchParams;
import io.qdrant.client.grpc.Points.SearchPoints;
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
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

/**
 * Searches, queries, counts and retrievals as a node coordinates them: fanned out to one live
 * replica per shard and merged by score, with the test's result distortion applied.
 */
final class PointReads {
  private final ClusterState cluster;
  private final Coordinator routing;

  PointReads(Coordinator routing) {
    this.routing = routing;
    this.cluster = routing.cluster();
  }

  List<ScoredPoint> search(SearchPoints req) {
    TestCollection c = routing.collection(req.getCollectionName());
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
    TestCollection c = routing.collection(req.getCollectionName());
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
    if (req.getQuery().hasRecommend()) {
      RecommendInput reco = req.getQuery().getRecommend();
      return nearest(
          c,
          recommendTarget(c, reco, rc),
          exampleIds(reco),
          filter,
          limit,
          offset,
          req.hasScoreThreshold() ? req.getScoreThreshold() : null,
          wp,
          wv,
          rc,
          req.hasParams() ? req.getParams() : null);
    }
    if (!req.getQuery().hasNearest()) {
      throw QdrantErrors.wrongInput(
          "the qharness test cluster implements Query with `nearest` and `recommend` only, got "
              + req.getQuery().getVariantCase());
    }
    VectorInput in = req.getQuery().getNearest();
    float[] q;
    Set<PointId> exclude = null;
    if (in.hasDense()) {
      q = PointWrites.toArray(in.getDense());
    } else if (in.hasId()) {
      StoredPoint p = routing.lookup(c, in.getId(), rc);
      if (p == null) {
        throw QdrantErrors.collectionPointNotFound(in.getId());
      }
      q = p.vector();
      exclude = Set.of(in.getId());
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

  /**
   * Grouped search, exactly: every point ranked, then the first {@code limit} groups of the
   * group-by field's values met, best first, each with up to {@code group_size} hits. Points
   * without the field are in no group; a list value puts its point in each of its groups.
   */
  List<PointGroup> queryGroups(QueryPointGroups req) {
    TestCollection c = routing.collection(req.getCollectionName());
    if (req.getPrefetchCount() > 0
        || !req.hasQuery()
        || !req.getQuery().hasNearest()
        || !req.getQuery().getNearest().hasDense()) {
      throw QdrantErrors.wrongInput(
          "the qharness test cluster implements QueryGroups with a dense `nearest` query only");
    }
    checkVectorName(req.hasUsing() ? req.getUsing() : "");
    if (req.getGroupBy().isEmpty()) {
      throw QdrantErrors.wrongInput("group_by must name a payload field");
    }
    int limit = req.hasLimit() ? (int) req.getLimit() : 10;
    int size = req.hasGroupSize() ? (int) req.getGroupSize() : 3;
    ReadConsistency rc = req.hasReadConsistency() ? req.getReadConsistency() : null;
    long total = 0;
    for (List<Replica> shard : c.shards) {
      total += routing.readReplica(c, shard, rc).store.size();
    }
    List<ScoredPoint> ranked =
        nearest(
            c,
            PointWrites.toArray(req.getQuery().getNearest().getDense()),
            null,
            req.hasFilter() ? req.getFilter() : null,
            (int) Math.min(Integer.MAX_VALUE / 2, total),
            0,
            req.hasScoreThreshold() ? req.getScoreThreshold() : null,
            WithPayloadSelector.newBuilder().setEnable(true).build(),
            req.hasWithVectors() ? req.getWithVectors() : null,
            rc,
            req.hasParams() ? req.getParams() : null);
    WithPayloadSelector wp =
        req.hasWithPayload() ? req.getWithPayload() : WithPayloadSelector.getDefaultInstance();
    Map<Value, PointGroup.Builder> groups = new LinkedHashMap<>();
    for (ScoredPoint hit : ranked) {
      Value v = hit.getPayloadMap().get(req.getGroupBy());
      if (v == null) {
        continue;
      }
      List<Value> keys = v.hasListValue() ? v.getListValue().getValuesList() : List.of(v);
      for (Value key : keys) {
        PointGroup.Builder g = groups.get(key);
        if (g == null && groups.size() < limit && groupId(key) != null) {
          g = PointGroup.newBuilder().setId(groupId(key));
          groups.put(key, g);
        }
        if (g != null && g.getHitsCount() < size) {
          ScoredPoint.Builder b = hit.toBuilder().clearPayload();
          putPayload(b::putAllPayload, hit.getPayloadMap(), wp);
          g.addHits(b);
        }
      }
    }
    List<PointGroup> out = new ArrayList<>(groups.size());
    groups.values().forEach(g -> out.add(g.build()));
    return out;
  }

  /**
   * Qdrant's average_vector target: the mean of the positive examples' stored vectors, plus (that
   * mean minus the negatives' mean) when there are negatives. Examples are given by id only here.
   */
  private float[] recommendTarget(TestCollection c, RecommendInput reco, ReadConsistency rc) {
    if (reco.hasStrategy() && reco.getStrategy() != RecommendStrategy.AverageVector) {
      throw QdrantErrors.wrongInput(
          "the qharness test cluster implements the average_vector recommend strategy only, got "
              + reco.getStrategy());
    }
    if (reco.getPositiveCount() == 0) {
      throw QdrantErrors.wrongInput("No positive examples given");
    }
    float[] pos = meanOf(c, reco.getPositiveList(), rc);
    if (reco.getNegativeCount() > 0) {
      float[] neg = meanOf(c, reco.getNegativeList(), rc);
      for (int j = 0; j < pos.length; j++) {
        pos[j] = pos[j] + pos[j] - neg[j];
      }
    }
    return pos;
  }

  private float[] meanOf(TestCollection c, List<VectorInput> examples, ReadConsistency rc) {
    float[] sum = new float[c.dim];
    for (VectorInput in : examples) {
      if (!in.hasId()) {
        throw QdrantErrors.wrongInput(
            "the qharness test cluster takes recommend examples by point id only");
      }
      StoredPoint p = routing.lookup(c, in.getId(), rc);
      if (p == null) {
        throw QdrantErrors.collectionPointNotFound(in.getId());
      }
      float[] v = p.vector();
      for (int j = 0; j < sum.length; j++) {
        sum[j] += v[j];
      }
    }
    for (int j = 0; j < sum.length; j++) {
      sum[j] /= examples.size();
    }
    return sum;
  }

  private static Set<PointId> exampleIds(RecommendInput reco) {
    Set<PointId> ids = new HashSet<>();
    for (VectorInput in : reco.getPositiveList()) {
      ids.add(in.getId());
    }
    for (VectorInput in : reco.getNegativeList()) {
      ids.add(in.getId());
    }
    return ids;
  }

  /** A keyword or integer value as a group id; other values make no group, as in Qdrant. */
  private static GroupId groupId(Value v) {
    return switch (v.getKindCase()) {
      case STRING_VALUE -> GroupId.newBuilder().setStringValue(v.getStringValue()).build();
      case INTEGER_VALUE -> GroupId.newBuilder().setIntegerValue(v.getIntegerValue()).build();
      default -> null;
    };
  }

  long count(CountPoints req) {
    TestCollection c = routing.collection(req.getCollectionName());
    ReadConsistency rc = req.hasReadConsistency() ? req.getReadConsistency() : null;
    long n = 0;
    for (List<Replica> shard : c.shards) {
      n += routing.readReplica(c, shard, rc).store.count(req.hasFilter() ? req.getFilter() : null);
    }
    return n;
  }

  List<RetrievedPoint> get(GetPoints req) {
    TestCollection c = routing.collection(req.getCollectionName());
    ReadConsistency rc = req.hasReadConsistency() ? req.getReadConsistency() : null;
    List<RetrievedPoint> out = new ArrayList<>(req.getIdsCount());
    for (PointId id : req.getIdsList()) {
      StoredPoint p = routing.lookup(c, id, rc);
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

  private static void checkVectorName(String name) {
    if (!name.isEmpty()) {
      throw QdrantErrors.wrongInput("Not existing vector name error: " + name);
    }
  }

  private List<ScoredPoint> nearest(
      TestCollection c,
      float[] rawQuery,
      Set<PointId> exclude,
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
    // Extra candidates: those to skip the excluded ids, limit more to stand in for dropped hits.
    int want =
        limit + offset + (exclude != null ? exclude.size() : 0) + (distortion.active() ? limit : 0);
    List<Hit> merged = new ArrayList<>();
    boolean exact = params != null && params.hasExact() && params.getExact();
    for (List<Replica> shard : c.shards) {
      Replica r = routing.readReplica(c, shard, rc);
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
      merged.removeIf(h -> exclude.contains(h.id()));
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
      all.addAll(routing.readReplica(c, shard, rc).store.firstById(filter, offset + limit));
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
}
