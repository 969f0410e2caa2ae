package io.qharness.protocol;

import io.gatling.core.session.Session;
import io.grpc.MethodDescriptor;
import io.qdrant.client.grpc.Points.BatchResult;
import io.qdrant.client.grpc.Points.ScoredPoint;
import io.qdrant.client.grpc.Points.SearchBatchPoints;
import io.qdrant.client.grpc.Points.SearchBatchResponse;
import io.qdrant.client.grpc.Points.SearchPoints;
import io.qdrant.client.grpc.PointsGrpc;
import io.qharness.protocol.internal.NearestRequest;
import io.qharness.protocol.internal.Operation;
import java.util.ArrayList;
import java.util.List;

/** Several searches in one call: Qdrant's {@code Points/SearchBatch}. */
public final class SearchBatchActionBuilder extends NearestActionBuilder<SearchBatchActionBuilder> {
  int batchSize = 8;

  SearchBatchActionBuilder(String requestName) {
    super(requestName);
  }

  /** Number of searches per call when queries come from a query set (default 8). */
  public SearchBatchActionBuilder batchSize(int n) {
    if (n < 1 || n > 10_000) {
      throw new IllegalArgumentException("batch size must be within 1..10000, got " + n);
    }
    return with(b -> b.batchSize = n);
  }

  @Override
  QdrantResult.Kind kind() {
    return QdrantResult.Kind.BATCH;
  }

  @Override
  Operation<SearchBatchPoints, SearchBatchResponse> operation() {
    requireVectors();
    NearestRequest o = request();
    int size = queries != null ? batchSize : 1;
    return new Operation<>() {
      @Override
      public MethodDescriptor<SearchBatchPoints, SearchBatchResponse> method() {
        return PointsGrpc.getSearchBatchMethod();
      }

      @Override
      public QdrantResult.Kind kind() {
        return QdrantResult.Kind.BATCH;
      }

      @Override
      public SearchBatchPoints request(Session session, String collection, CallContext call) {
        SearchBatchPoints.Builder batch =
            SearchBatchPoints.newBuilder().setCollectionName(collection);
        long[][] truth = new long[size][];
        boolean withTruth = true;
        for (int n = 0; n < size; n++) {
          int i = o.next();
          truth[n] = o.truth(session, i);
          withTruth &= truth[n] != null;
          SearchPoints.Builder one = SearchPoints.newBuilder().setCollectionName(collection);
          for (float x : o.vector(session, i)) {
            one.addVector(x);
          }
          batch.addSearchPoints(o.options().applyTo(one, o.filter(session, i)));
        }
        if (o.options().consistency() != null) {
          batch.setReadConsistency(o.options().consistency());
        }
        if (withTruth) {
          call.expectBatch(truth, o.options().limit());
        }
        return batch.build();
      }

      @Override
      public QdrantResult result(SearchBatchResponse response, CallContext call) {
        List<List<ScoredPoint>> lists = new ArrayList<>(response.getResultCount());
        for (BatchResult r : response.getResultList()) {
          lists.add(r.getResultList());
        }
        return QdrantResult.batches(lists);
      }

      @Override
      public double serverSeconds(SearchBatchResponse response) {
        return response.getTime();
      }

      @Override
      public boolean idempotent() {
        return true;
      }
    };
  }
}
