package io.qharness.protocol;

import io.gatling.core.session.Session;
import io.grpc.MethodDescriptor;
import io.qdrant.client.grpc.Points.SearchPoints;
import io.qdrant.client.grpc.Points.SearchResponse;
import io.qdrant.client.grpc.Points.ShardKeySelector;
import io.qdrant.client.grpc.PointsGrpc;
import io.qharness.protocol.internal.NearestRequest;
import io.qharness.protocol.internal.Operation;

/** Top-k search: Qdrant's {@code Points/Search}. */
public final class SearchActionBuilder extends NearestActionBuilder<SearchActionBuilder> {
  SearchActionBuilder(String requestName) {
    super(requestName);
  }

  @Override
  QdrantResult.Kind kind() {
    return QdrantResult.Kind.POINTS;
  }

  @Override
  Operation<SearchPoints, SearchResponse> operation() {
    requireVectors();
    NearestRequest o = request();
    return new Operation<>() {
      @Override
      public MethodDescriptor<SearchPoints, SearchResponse> method() {
        return PointsGrpc.getSearchMethod();
      }

      @Override
      public QdrantResult.Kind kind() {
        return QdrantResult.Kind.POINTS;
      }

      @Override
      public SearchPoints request(Session session, String collection, CallContext call) {
        int i = o.next();
        o.expect(session, i, call);
        SearchPoints.Builder b = SearchPoints.newBuilder().setCollectionName(collection);
        for (float x : o.vector(session, i)) {
          b.addVector(x);
        }
        o.options().applyTo(b, o.filter(session, i));
        ShardKeySelector keys = o.shardKeys(i);
        if (keys != null) {
          b.setShardKeySelector(keys);
        }
        if (o.options().consistency() != null) {
          b.setReadConsistency(o.options().consistency());
        }
        return b.build();
      }

      @Override
      public QdrantResult result(SearchResponse response, CallContext call) {
        return QdrantResult.points(response.getResultList()).expect(call.expected(), call.k());
      }

      @Override
      public double serverSeconds(SearchResponse response) {
        return response.getTime();
      }

      @Override
      public boolean idempotent() {
        return true;
      }
    };
  }
}
