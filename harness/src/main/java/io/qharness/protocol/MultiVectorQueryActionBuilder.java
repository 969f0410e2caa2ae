package io.qharness.protocol;

import io.qdrant.client.grpc.Points.Query;
import io.qdrant.client.grpc.Points.QueryPoints;
import io.qdrant.client.grpc.Points.QueryResponse;
import io.qdrant.client.grpc.Points.VectorInput;
import io.qharness.grpc.ProtoVectors;
import io.qharness.protocol.internal.Operation;
import io.qharness.protocol.internal.QueryOperation;
import io.qharness.protocol.internal.SearchOptions;
import java.util.Objects;

/**
 * Late-interaction search through the Query API: a query of several vectors against a named
 * multivector ({@link #using}, required), scored by Qdrant's MaxSim. With ground truth in the
 * queries, recall@k is measured against the exact MaxSim top-k.
 */
public final class MultiVectorQueryActionBuilder
    extends QueryApiActionBuilder<MultiVectorQueryActionBuilder> {
  MultiVectorQueries queries;

  MultiVectorQueryActionBuilder(String requestName) {
    super(requestName);
  }

  /** Query multivectors taken in turn (e.g. a MultiVectorQuerySet); with ground truth, recall. */
  public MultiVectorQueryActionBuilder queries(MultiVectorQueries set) {
    Objects.requireNonNull(set, "multivector queries");
    return with(b -> b.queries = set);
  }

  @Override
  QdrantResult.Kind kind() {
    return QdrantResult.Kind.POINTS;
  }

  @Override
  Operation<QueryPoints, QueryResponse> operation() {
    if (queries == null || using == null) {
      throw new IllegalArgumentException(
          "request '" + requestName + "' needs .queries(set) and .using(multivector name)");
    }
    MultiVectorQueries set = queries;
    SearchOptions o = options();
    return new QueryOperation(
        (session, collection, call) -> {
          int i = set.next();
          long[] truth = set.truth(i);
          if (truth != null) {
            call.expect(truth, o.limit());
          }
          QueryPoints.Builder b =
              QueryPoints.newBuilder()
                  .setCollectionName(collection)
                  .setQuery(
                      Query.newBuilder()
                          .setNearest(
                              VectorInput.newBuilder()
                                  .setMultiDense(ProtoVectors.multi(set.query(i)))));
          return o.applyTo(b, o.filter(session, null)).build();
        });
  }
}
