package io.qharness.protocol;

import io.gatling.core.session.Session;
import io.qdrant.client.grpc.Common.Filter;
import io.qdrant.client.grpc.Points.ReadConsistency;
import io.qdrant.client.grpc.Points.SearchParams;
import io.qdrant.client.grpc.Points.SearchPoints;
import io.qdrant.client.grpc.Points.WithPayloadSelector;
import io.qdrant.client.grpc.Points.WithVectorsSelector;
import io.qharness.protocol.internal.Expr;
import io.qharness.protocol.internal.Operation.CallContext;
import io.qharness.workload.QuerySet;

/**
 * The options of a nearest-neighbour action, frozen when the action is built, and the per-request
 * choices shared by Search, Query and SearchBatch: which query vector, which filter, which ground
 * truth.
 *
 * <p>A request picks a query-set index once ({@link #next()}, -1 without a query set) and passes it
 * to the other methods, so vector, filter and ground truth always belong to the same query.
 */
final class NearestRequest {
  final QuerySet queries;
  final Expr<float[]> vector;
  final Expr<long[]> expectedIds;
  final Expr<Filter> filter;
  final int limit;
  final SearchParams params;
  final WithPayloadSelector payload;
  final WithVectorsSelector vectors;
  final Float scoreThreshold;
  final ReadConsistency consistency;
  final String using;

  NearestRequest(NearestActionBuilder<?> b) {
    queries = b.queries;
    vector = b.vector;
    expectedIds = b.expectedIds;
    filter = b.filter;
    limit = b.limit;
    params = b.params();
    payload = b.payloadSelector();
    vectors = b.vectorsSelector();
    scoreThreshold = b.scoreThreshold;
    consistency = b.readConsistency;
    using = b.using;
  }

  /** The next query-set index, or -1 when vectors come from the session. */
  int next() {
    return queries != null ? queries.next() : -1;
  }

  float[] vector(Session session, int i) {
    return i >= 0 ? queries.vector(i) : vector.apply(session);
  }

  /** An explicit filter wins over the query set's own per-query filter. */
  Filter filter(Session session, int i) {
    if (filter != null) {
      return filter.apply(session);
    }
    return i >= 0 ? queries.filter(i) : null;
  }

  /** Ground truth of query {@code i}: explicit expected ids win over the query set's. */
  long[] truth(Session session, int i) {
    if (expectedIds != null) {
      return expectedIds.apply(session);
    }
    return i >= 0 ? queries.groundTruth(i) : null;
  }

  /** Records the ground truth for recall@k, when there is one. */
  void expect(Session session, int i, CallContext call) {
    long[] truth = truth(session, i);
    if (truth != null) {
      call.expect(truth, limit);
    }
  }

  /** One search with every option but read consistency (which a batch sets once for all). */
  SearchPoints.Builder searchPoints(String collection, float[] q, Filter f) {
    SearchPoints.Builder b =
        SearchPoints.newBuilder().setCollectionName(collection).setLimit(limit);
    for (float x : q) {
      b.addVector(x);
    }
    if (params != null) {
      b.setParams(params);
    }
    if (f != null) {
      b.setFilter(f);
    }
    if (payload != null) {
      b.setWithPayload(payload);
    }
    if (vectors != null) {
      b.setWithVectors(vectors);
    }
    if (scoreThreshold != null) {
      b.setScoreThreshold(scoreThreshold);
    }
    if (using != null) {
      b.setVectorName(using);
    }
    return b;
  }
}
