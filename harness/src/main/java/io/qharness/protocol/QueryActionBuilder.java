package io.qharness.protocol;

import io.gatling.core.session.Session;
import io.grpc.MethodDescriptor;
import io.qdrant.client.grpc.Common.Filter;
import io.qdrant.client.grpc.Common.PointId;
import io.qdrant.client.grpc.Points.DenseVector;
import io.qdrant.client.grpc.Points.Query;
import io.qdrant.client.grpc.Points.QueryPoints;
import io.qdrant.client.grpc.Points.QueryResponse;
import io.qdrant.client.grpc.Points.SearchParams;
import io.qdrant.client.grpc.Points.VectorInput;
import io.qdrant.client.grpc.PointsGrpc;
import io.qharness.protocol.action.Operation;
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
    SearchParams params = params();
    var payload = payloadSelector();
    var vectors = vectorsSelector();
    var queries = this.queries;
    var vector = this.vector;
    var byId = this.nearestId;
    var expectedIds = this.expectedIds;
    var filter = this.filter;
    int limit = this.limit;
    Float threshold = scoreThreshold;
    var consistency = readConsistency;
    return new Operation<>() {
      @Override
      public MethodDescriptor<QueryPoints, QueryResponse> method() {
        return PointsGrpc.getQueryMethod();
      }

      @Override
      public QdrantResult.Kind kind() {
        return QdrantResult.Kind.POINTS;
      }

      @Override
      public QueryPoints request(Session session, String collection, CallContext call) {
        VectorInput.Builder input = VectorInput.newBuilder();
        long[] truth = null;
        Filter queryFilter = null;
        if (byId != null) {
          input.setId(PointId.newBuilder().setNum(byId.apply(session)));
        } else {
          float[] q;
          if (queries != null) {
            int i = queries.next();
            q = queries.vector(i);
            truth = queries.groundTruth(i);
            queryFilter = queries.filter(i);
          } else {
            q = vector.apply(session);
          }
          DenseVector.Builder d = DenseVector.newBuilder();
          for (float x : q) {
            d.addData(x);
          }
          input.setDense(d);
        }
        if (expectedIds != null) {
          truth = expectedIds.apply(session);
        }
        if (truth != null) {
          call.expect(truth, limit);
        }
        QueryPoints.Builder b =
            QueryPoints.newBuilder()
                .setCollectionName(collection)
                .setQuery(Query.newBuilder().setNearest(input))
                .setLimit(limit);
        if (params != null) {
          b.setParams(params);
        }
        Filter f = filter != null ? filter.apply(session) : queryFilter;
        if (f != null) {
          b.setFilter(f);
        }
        if (payload != null) {
          b.setWithPayload(payload);
        }
        if (vectors != null) {
          b.setWithVectors(vectors);
        }
        if (threshold != null) {
          b.setScoreThreshold(threshold);
        }
        if (consistency != null) {
          b.setReadConsistency(consistency);
        }
        return b.build();
      }

      @Override
      public QdrantResult result(QueryResponse response, CallContext call) {
        return QdrantResult.points(response.getResultList()).expect(call.expected(), call.k());
      }

      @Override
      public boolean idempotent() {
        return true;
      }
    };
  }
}
