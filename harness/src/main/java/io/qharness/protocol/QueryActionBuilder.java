package io.qharness.protocol;

import io.qdrant.client.grpc.Common.PointId;
import io.qdrant.client.grpc.Points.Query;
import io.qdrant.client.grpc.Points.QueryPoints;
import io.qdrant.client.grpc.Points.QueryResponse;
import io.qdrant.client.grpc.Points.ShardKeySelector;
import io.qdrant.client.grpc.Points.VectorInput;
import io.qharness.grpc.ProtoVectors;
import io.qharness.protocol.internal.Expr;
import io.qharness.protocol.internal.NearestRequest;
import io.qharness.protocol.internal.Operation;
import io.qharness.protocol.internal.QueryOperation;
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
  QdrantResult.Kind kind() {
    return QdrantResult.Kind.POINTS;
  }

  @Override
  Operation<QueryPoints, QueryResponse> operation() {
    if (nearestId == null) {
      requireVectors();
    }
    NearestRequest o = request();
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
                  .setQuery(Query.newBuilder().setNearest(input));
          ShardKeySelector keys = o.shardKeys(i);
          if (keys != null) {
            b.setShardKeySelector(keys);
          }
          return o.options().applyTo(b, o.filter(session, i)).build();
        });
  }
}
