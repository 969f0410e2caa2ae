package io.qharness.protocol;

import io.gatling.core.session.Session;
import io.grpc.MethodDescriptor;
import io.qdrant.client.grpc.Common.PointId;
import io.qdrant.client.grpc.Points.GetPoints;
import io.qdrant.client.grpc.Points.GetResponse;
import io.qdrant.client.grpc.Points.WithPayloadSelector;
import io.qdrant.client.grpc.Points.WithVectorsSelector;
import io.qdrant.client.grpc.PointsGrpc;
import io.qharness.protocol.internal.Expr;
import io.qharness.protocol.internal.Operation;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;

/** Retrieve points by id: Qdrant's {@code Points/Get}. */
public final class RetrieveActionBuilder extends QdrantActionBuilder<RetrieveActionBuilder> {
  Expr<long[]> ids;
  boolean withPayload = true;
  boolean withVectors;

  RetrieveActionBuilder(String requestName) {
    super(requestName);
  }

  /** Reads these point ids. */
  public RetrieveActionBuilder ids(long... fixed) {
    long[] copy = fixed.clone();
    return with(b -> b.ids = Expr.constant(copy));
  }

  /** Reads the ids a virtual user names, e.g. those saved by {@code resultIds().saveAs("ids")}. */
  public RetrieveActionBuilder ids(Function<io.gatling.javaapi.core.Session, long[]> f) {
    return with(b -> b.ids = Expr.of(f));
  }

  /** {@code count} ids drawn uniformly from [0, maxExclusive) per request. */
  public RetrieveActionBuilder randomIds(long maxExclusive, int count) {
    if (maxExclusive < 1 || count < 1) {
      throw new IllegalArgumentException("randomIds needs maxExclusive >= 1 and count >= 1");
    }
    return with(
        b ->
            b.ids =
                s -> {
                  long[] out = new long[count];
                  ThreadLocalRandom r = ThreadLocalRandom.current();
                  for (int i = 0; i < count; i++) {
                    out[i] = r.nextLong(maxExclusive);
                  }
                  return out;
                });
  }

  /** Return payloads (default true). */
  public RetrieveActionBuilder withPayload(boolean on) {
    return with(b -> b.withPayload = on);
  }

  /** Return vectors (default false). */
  public RetrieveActionBuilder withVectors(boolean on) {
    return with(b -> b.withVectors = on);
  }

  @Override
  QdrantResult.Kind kind() {
    return QdrantResult.Kind.RETRIEVED;
  }

  @Override
  Operation<GetPoints, GetResponse> operation() {
    if (ids == null) {
      throw new IllegalArgumentException(
          "request '" + requestName + "' has no ids: use .ids(...) or .randomIds(...)");
    }
    var idsExpr = ids;
    WithPayloadSelector payload = WithPayloadSelector.newBuilder().setEnable(withPayload).build();
    WithVectorsSelector vectors = WithVectorsSelector.newBuilder().setEnable(withVectors).build();
    return new Operation<>() {
      @Override
      public MethodDescriptor<GetPoints, GetResponse> method() {
        return PointsGrpc.getGetMethod();
      }

      @Override
      public QdrantResult.Kind kind() {
        return QdrantResult.Kind.RETRIEVED;
      }

      @Override
      public GetPoints request(Session session, String collection, CallContext call) {
        GetPoints.Builder b =
            GetPoints.newBuilder()
                .setCollectionName(collection)
                .setWithPayload(payload)
                .setWithVectors(vectors);
        for (long id : idsExpr.apply(session)) {
          b.addIds(PointId.newBuilder().setNum(id));
        }
        return b.build();
      }

      @Override
      public QdrantResult result(GetResponse response, CallContext call) {
        return QdrantResult.retrieved(response.getResultList());
      }

      @Override
      public double serverSeconds(GetResponse response) {
        return response.getTime();
      }

      @Override
      public boolean idempotent() {
        return true;
      }
    };
  }
}
