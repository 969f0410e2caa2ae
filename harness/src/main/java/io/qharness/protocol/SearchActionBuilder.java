package io.qharness.protocol;

import io.gatling.core.session.Session;
import io.grpc.MethodDescriptor;
import io.qdrant.client.grpc.Common.Filter;
import io.qdrant.client.grpc.Points.SearchParams;
import io.qdrant.client.grpc.Points.SearchPoints;
import io.qdrant.client.grpc.Points.SearchResponse;
import io.qdrant.client.grpc.PointsGrpc;
import io.qharness.protocol.action.Operation;

/** Top-k search: Qdrant's {@code Points/Search}. */
public final class SearchActionBuilder extends NearestActionBuilder<SearchActionBuilder> {
  SearchActionBuilder(String requestName) {
    super(requestName);
  }

  @Override
  protected QdrantResult.Kind kind() {
    return QdrantResult.Kind.POINTS;
  }

  @Override
  protected Operation<SearchPoints, SearchResponse> operation() {
    requireVectors();
    SearchParams params = params();
    var payload = payloadSelector();
    var vectors = vectorsSelector();
    var queries = this.queries;
    var vector = this.vector;
    var expectedIds = this.expectedIds;
    var filter = this.filter;
    int limit = this.limit;
    Float threshold = scoreThreshold;
    var consistency = readConsistency;
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
        float[] q;
        long[] truth = null;
        Filter queryFilter = null;
        if (queries != null) {
          int i = queries.next();
          q = queries.vector(i);
          truth = queries.groundTruth(i);
          queryFilter = queries.filter(i);
        } else {
          q = vector.apply(session);
        }
        if (expectedIds != null) {
          truth = expectedIds.apply(session);
        }
        if (truth != null) {
          call.expect(truth, limit);
        }
        SearchPoints.Builder b = SearchPoints.newBuilder().setCollectionName(collection).setLimit(limit);
        for (float x : q) {
          b.addVector(x);
        }
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
      public QdrantResult result(SearchResponse response, CallContext call) {
        return QdrantResult.points(response.getResultList()).expect(call.expected(), call.k());
      }

      @Override
      public boolean idempotent() {
        return true;
      }
    };
  }
}
