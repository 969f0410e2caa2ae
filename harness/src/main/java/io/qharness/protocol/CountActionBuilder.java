package io.qharness.protocol;

import io.gatling.core.session.Session;
import io.grpc.MethodDescriptor;
import io.qdrant.client.grpc.Common.Filter;
import io.qdrant.client.grpc.Points.CountPoints;
import io.qdrant.client.grpc.Points.CountResponse;
import io.qdrant.client.grpc.PointsGrpc;
import io.qharness.protocol.internal.Operation;
import java.util.Objects;

/** Count points, optionally filtered: Qdrant's {@code Points/Count}. */
public final class CountActionBuilder extends QdrantActionBuilder<CountActionBuilder> {
  Filter filter;
  boolean exact = true;

  CountActionBuilder(String requestName) {
    super(requestName);
  }

  /**
   * Counts only the points matching {@code f}, e.g. {@code
   * filter(Filter.newBuilder().addMust(matchKeyword("category", "a")).build())}.
   */
  public CountActionBuilder filter(Filter f) {
    Objects.requireNonNull(f, "filter");
    return with(b -> b.filter = f);
  }

  /** Exact count (default) or Qdrant's faster approximate one. */
  public CountActionBuilder exact(boolean on) {
    return with(b -> b.exact = on);
  }

  @Override
  QdrantResult.Kind kind() {
    return QdrantResult.Kind.COUNT;
  }

  @Override
  Operation<CountPoints, CountResponse> operation() {
    Filter f = filter;
    boolean ex = exact;
    return new Operation<>() {
      @Override
      public MethodDescriptor<CountPoints, CountResponse> method() {
        return PointsGrpc.getCountMethod();
      }

      @Override
      public QdrantResult.Kind kind() {
        return QdrantResult.Kind.COUNT;
      }

      @Override
      public CountPoints request(Session session, String collection, CallContext call) {
        CountPoints.Builder b = CountPoints.newBuilder().setCollectionName(collection).setExact(ex);
        if (f != null) {
          b.setFilter(f);
        }
        return b.build();
      }

      @Override
      public QdrantResult result(CountResponse response, CallContext call) {
        return QdrantResult.count(response.getResult().getCount());
      }

      @Override
      public double serverSeconds(CountResponse response) {
        return response.getTime();
      }

      @Override
      public boolean idempotent() {
        return true;
      }
    };
  }
}
