package io.qharness.protocol;

import io.gatling.core.session.Session;
import io.grpc.MethodDescriptor;
import io.qdrant.client.grpc.Common.Filter;
import io.qdrant.client.grpc.Points.BatchResult;
import io.qdrant.client.grpc.Points.ScoredPoint;
import io.qdrant.client.grpc.Points.SearchBatchPoints;
import io.qdrant.client.grpc.Points.SearchBatchResponse;
import io.qdrant.client.grpc.Points.SearchParams;
import io.qdrant.client.grpc.Points.SearchPoints;
import io.qdrant.client.grpc.PointsGrpc;
import io.qharness.protocol.action.Operation;
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
  protected QdrantResult.Kind kind() {
    return QdrantResult.Kind.BATCH;
  }

  @Override
  protected Operation<SearchBatchPoints, SearchBatchResponse> operation() {
    requireVectors();
    SearchParams params = params();
    var payload = payloadSelector();
    var vectors = vectorsSelector();
    var queries = this.queries;
    var vector = this.vector;
    var filter = this.filter;
    int limit = this.limit;
    int size = queries != null ? batchSize : 1;
    Float threshold = scoreThreshold;
    var consistency = readConsistency;
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
        Filter f = filter == null ? null : filter.apply(session);
        SearchBatchPoints.Builder batch = SearchBatchPoints.newBuilder().setCollectionName(collection);
        long[][] truth = queries != null && queries.hasGroundTruth() ? new long[size][] : null;
        for (int n = 0; n < size; n++) {
          float[] q;
          Filter own = f;
          if (queries != null) {
            int i = queries.next();
            q = queries.vector(i);
            if (truth != null) {
              truth[n] = queries.groundTruth(i);
            }
            if (own == null) {
              own = queries.filter(i);
            }
          } else {
            q = vector.apply(session);
          }
          SearchPoints.Builder b = SearchPoints.newBuilder().setCollectionName(collection).setLimit(limit);
          for (float x : q) {
            b.addVector(x);
          }
          if (params != null) {
            b.setParams(params);
          }
          if (own != null) {
            b.setFilter(own);
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
          batch.addSearchPoints(b);
        }
        if (consistency != null) {
          batch.setReadConsistency(consistency);
        }
        if (truth != null) {
          call.expectBatch(truth, limit);
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
      public boolean idempotent() {
        return true;
      }
    };
  }
}
