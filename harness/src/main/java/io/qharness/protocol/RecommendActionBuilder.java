package io.qharness.protocol;

import io.qdrant.client.grpc.Common.PointId;
import io.qdrant.client.grpc.Points.Query;
import io.qdrant.client.grpc.Points.QueryPoints;
import io.qdrant.client.grpc.Points.QueryResponse;
import io.qdrant.client.grpc.Points.RecommendInput;
import io.qdrant.client.grpc.Points.RecommendStrategy;
import io.qdrant.client.grpc.Points.SearchParams;
import io.qdrant.client.grpc.Points.VectorInput;
import io.qharness.protocol.internal.Operation;
import io.qharness.workload.RecommendQuerySet;
import java.util.Objects;

/**
 * Recommendation by example through the Query API: the {@link #limit} points most like a few stored
 * points and least like a few others, by their ids, with Qdrant's {@code average_vector} strategy.
 * With ground truth in the set, recall@k is measured against the exact answer of that strategy (the
 * examples are never part of it).
 */
public final class RecommendActionBuilder extends QdrantActionBuilder<RecommendActionBuilder> {
  RecommendQuerySet examples;
  String using;
  int limit = 10;
  Long hnswEf;

  RecommendActionBuilder(String requestName) {
    super(requestName);
  }

  /** Positive and negative example ids per request, taken round-robin. */
  public RecommendActionBuilder examples(RecommendQuerySet set) {
    Objects.requireNonNull(set, "recommendation examples");
    return with(b -> b.examples = set);
  }

  /** The named vector to recommend by (default: the unnamed one). */
  public RecommendActionBuilder using(String name) {
    Objects.requireNonNull(name, "vector name");
    return with(b -> b.using = name);
  }

  /** k: how many points to return (default 10). */
  public RecommendActionBuilder limit(int k) {
    if (k < 1) {
      throw new IllegalArgumentException("limit must be at least 1, got " + k);
    }
    return with(b -> b.limit = k);
  }

  /** hnsw_ef of the search. */
  public RecommendActionBuilder hnswEf(int ef) {
    if (ef < 1) {
      throw new IllegalArgumentException("hnsw_ef must be at least 1, got " + ef);
    }
    return with(b -> b.hnswEf = (long) ef);
  }

  @Override
  protected QdrantResult.Kind kind() {
    return QdrantResult.Kind.POINTS;
  }

  @Override
  protected Operation<QueryPoints, QueryResponse> operation() {
    if (examples == null) {
      throw new IllegalArgumentException("request '" + requestName + "' needs .examples(set)");
    }
    RecommendQuerySet set = examples;
    String name = using;
    int k = limit;
    SearchParams params =
        hnswEf == null ? null : SearchParams.newBuilder().setHnswEf(hnswEf).build();
    return new QueryOperation(
        (session, collection, call) -> {
          int i = set.next();
          long[] truth = set.truth(i);
          if (truth != null) {
            call.expect(truth, k);
          }
          RecommendInput.Builder reco =
              RecommendInput.newBuilder().setStrategy(RecommendStrategy.AverageVector);
          for (long id : set.positive(i)) {
            reco.addPositive(VectorInput.newBuilder().setId(PointId.newBuilder().setNum(id)));
          }
          for (long id : set.negative(i)) {
            reco.addNegative(VectorInput.newBuilder().setId(PointId.newBuilder().setNum(id)));
          }
          QueryPoints.Builder b =
              QueryPoints.newBuilder()
                  .setCollectionName(collection)
                  .setQuery(Query.newBuilder().setRecommend(reco))
                  .setLimit(k);
          if (name != null) {
            b.setUsing(name);
          }
          if (params != null) {
            b.setParams(params);
          }
          return b.build();
        });
  }
}
