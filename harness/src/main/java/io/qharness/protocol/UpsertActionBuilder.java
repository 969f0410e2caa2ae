package io.qharness.protocol;

import io.gatling.core.session.Session;
import io.grpc.MethodDescriptor;
import io.qdrant.client.grpc.Points.PointStruct;
import io.qdrant.client.grpc.Points.PointsOperationResponse;
import io.qdrant.client.grpc.Points.ShardKeySelector;
import io.qdrant.client.grpc.Points.UpsertPoints;
import io.qdrant.client.grpc.Points.WriteOrdering;
import io.qdrant.client.grpc.Points.WriteOrderingType;
import io.qdrant.client.grpc.PointsGrpc;
import io.qharness.metrics.AckedWrites;
import io.qharness.protocol.internal.Expr;
import io.qharness.protocol.internal.Operation;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * Upsert a batch of points: Qdrant's {@code Points/Upsert}. Points come from a {@link PointSource}
 * (e.g. a data set's PointBatches) shared by all virtual users, or from the session. When a
 * sequential source is exhausted the request is skipped (nothing is sent or reported).
 */
public final class UpsertActionBuilder extends QdrantActionBuilder<UpsertActionBuilder> {
  PointSource batches;
  Expr<List<PointStruct>> points;
  boolean waitForApply = true;
  WriteOrderingType ordering;

  UpsertActionBuilder(String requestName) {
    super(requestName);
  }

  /**
   * Each call writes the next batch of {@code source} (shared by the virtual users), e.g. an
   * upload's batches.
   */
  public UpsertActionBuilder batches(PointSource source) {
    Objects.requireNonNull(source, "point batches");
    return with(
        b -> {
          b.batches = source;
          b.points = null;
        });
  }

  /** The points each call writes, from the virtual user's session. */
  public UpsertActionBuilder points(
      Function<io.gatling.javaapi.core.Session, List<PointStruct>> f) {
    return with(
        b -> {
          b.points = Expr.of(f);
          b.batches = null;
        });
  }

  /**
   * Qdrant's {@code wait}: answer once the write is applied (default true) or once it is queued.
   */
  public UpsertActionBuilder waitForApply(boolean on) {
    return with(b -> b.waitForApply = on);
  }

  /** Write ordering guarantee (Weak, Medium, Strong); Qdrant's default (Weak) when unset. */
  public UpsertActionBuilder ordering(WriteOrderingType type) {
    return with(b -> b.ordering = type);
  }

  @Override
  QdrantResult.Kind kind() {
    return QdrantResult.Kind.UPDATE;
  }

  @Override
  Operation<UpsertPoints, PointsOperationResponse> operation() {
    if (batches == null && points == null) {
      throw new IllegalArgumentException(
          "request '"
              + requestName
              + "' has no points: use .batches(source) or .points(session -> ...)");
    }
    var source = batches;
    var fromSession = points;
    boolean wait = waitForApply;
    WriteOrdering order =
        ordering == null ? null : WriteOrdering.newBuilder().setType(ordering).build();
    return new Operation<>() {
      @Override
      public MethodDescriptor<UpsertPoints, PointsOperationResponse> method() {
        return PointsGrpc.getUpsertMethod();
      }

      @Override
      public QdrantResult.Kind kind() {
        return QdrantResult.Kind.UPDATE;
      }

      @Override
      public UpsertPoints request(Session session, String collection, CallContext call) {
        List<PointStruct> batch = source != null ? source.next() : fromSession.apply(session);
        if (batch == null || batch.isEmpty()) {
          return null;
        }
        UpsertPoints.Builder b =
            UpsertPoints.newBuilder()
                .setCollectionName(collection)
                .setWait(wait)
                .addAllPoints(batch);
        if (order != null) {
          b.setOrdering(order);
        }
        ShardKeySelector key = source != null ? source.shardKey(batch) : null;
        if (key != null) {
          b.setShardKeySelector(key);
        }
        return b.build();
      }

      @Override
      public QdrantResult result(PointsOperationResponse response, CallContext call) {
        return QdrantResult.update(response.getResult());
      }

      @Override
      public double serverSeconds(PointsOperationResponse response) {
        return response.getTime();
      }

      @Override
      public boolean invalidInputStopsRun() {
        return true;
      }

      @Override
      public boolean idempotent() {
        return true;
      }

      @Override
      public int items(UpsertPoints request) {
        return request.getPointsCount();
      }

      @Override
      public void acknowledged(UpsertPoints request, AckedWrites sink) {
        for (int i = 0; i < request.getPointsCount(); i++) {
          var id = request.getPoints(i).getId();
          if (id.hasNum()) {
            sink.add(id.getNum());
          } else {
            sink.addUnremembered();
          }
        }
      }
    };
  }
}
