package io.qharness.protocol;

import io.qdrant.client.grpc.Common.PointId;
import io.qdrant.client.grpc.Points.Query;
import io.qdrant.client.grpc.Points.QueryPoints;
import io.qdrant.client.grpc.Points.QueryResponse;
import io.qdrant.client.grpc.Points.RecommendInput;
import io.qdrant.client.grpc.Points.RecommendStrategy;
import io.qdrant.client.grpc.Points.VectorInput;
import io.qharness.protocol.internal.Operation;
import io.qharness.protocol.internal.QueryOperation;
import io.qharness.protocol.internal.SearchOptions;
import java.util.Objects;

/**
 * Recommendation by example through the Query API: the {@link #limit} points most like a few stored
 * points and least like a few others, by their ids, with Qdrant's {@code average_vector} strategy.
 * With ground truth in the examples, recall@k is measured against the exact answer of that strategy
 * (the examples are never part of it).
 */
public final class RecommendActionBuilder extends QueryApiActionBuilder<RecommendActionBuilder> {
  RecommendExamples examples;

  RecommendActionBuilder(String requestName) {
    super(requestName);
  }

  /** Positive and negative example ids per request, taken in turn (e.g. a RecommendQuerySet). */
  public RecommendActionBuilder examples(RecommendExamples set) {
    Objects.requireNonNull(set, "recommendation examples");
    return with(b -> b.examples = set);
  }

  @Override
  QdrantResult.Kind kind() {
    return QdrantResult.Kind.POINTS;
  }

  @Override
  Operation<QueryPoints, QueryResponse> operation() {
    if (examples == null) {
      throw new IllegalArgumentException("request '" + requestName + "' needs .examples(set)");
    }
    RecommendExamples set = examples;
    SearchOptions o = options();
    return new QueryOperation(
        (session, collection, call) -> {
          int i = set.next();
          long[] truth = set.truth(i);
          if (truth != null) {
            call.expect(truth, o.limit());
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
                  .setQuery(Query.newBuilder().setRecommend(reco));
          return o.applyTo(b, o.filter(session, null)).build();
        });
  }
}
