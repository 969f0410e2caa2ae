package io.qharness.protocol;

import io.qdrant.client.grpc.Common.Filter;
import io.qdrant.client.grpc.Common.PointId;
import io.qdrant.client.grpc.Points.Query;
import io.qdrant.client.grpc.Points.QueryPoints;
import io.qdrant.client.grpc.Points.QueryResponse;
import io.qdrant.client.grpc.Points.VectorInput;
import io.qharness.protocol.internal.Expr;
import io.qharness.protocol.internal.Operation;
import io.qharness.workload.ProtoVectors;
import java.util.function.Function;

/**
 * Nearest-neighbour request through Qdrant's universal Query API ({@code Points/Query}): by query
 * vector, or by the id of a stored point ("more like this", which excludes that point).
 */
public final class QueryActionBuilder extends NearestActionBuilder<QueryActionBuilder> {
  Expr<Long> nearestId;

  QueryActionBuilder(String requestName) {
    super(requestName);
  }

  /** Query by the vector of a stored point, given by its numeric id. */
  public QueryActionBuilder nearestId(Function<io.gatling.javaapi.core.Session, Long> id) {
    return with(b -> b.nearestId = Expr.of(id));
  }

  @Override
  protected QdrantResult.Kind kind() {
    return QdrantResult.Kind.POINTS;
  }

  @Override
  protected Operation<QueryPoints, QueryResponse> operation() {
    if (nearestId == null) {
      requireVectors();
    }
    NearestRequest o = new NearestRequest(this);
    var byId = this.nearestId;
    return new QueryOperation(
        (session, collection, call) -> {
          VectorInput.Builder input = VectorInput.newBuilder();
          int i = -1;
          if (byId != null) {
            input.setId(PointId.newBuilder().setNum(byId.apply(session)));
          } else {
            i = o.next();
            input.setDense(ProtoVectors.dense(o.vector(session, i)));
          }
          o.expect(session, i, call);
          QueryPoints.Builder b =
              QueryPoints.newBuilder()
                  .setCollectionName(collection)
                  .setQuery(Query.newBuilder().setNearest(input))
                  .setLimit(o.limit);
          if (o.params != null) {
            b.setParams(o.params);
          }
          Filter f = o.filter(session, i);
          if (f != null) {
            b.setFilter(f);
          }
          if (o.payload != null) {
            b.setWithPayload(o.payload);
          }
          if (o.vectors != null) {
            b.setWithVectors(o.vectors);
          }
          if (o.scoreThreshold != null) {
            b.setScoreThreshold(o.scoreThreshold);
          }
          if (o.consistency != null) {
            b.setReadConsistency(o.consistency);
          }
          if (o.using != null) {
            b.setUsing(o.using);
          }
          return b.build();
        });
  }
}
