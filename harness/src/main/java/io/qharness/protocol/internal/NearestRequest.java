package io.qharness.protocol.internal;

import io.gatling.core.session.Session;
import io.qdrant.client.grpc.Common.Filter;
import io.qdrant.client.grpc.Points.ShardKeySelector;
import io.qharness.protocol.QueryVectors;
import io.qharness.protocol.internal.Operation.CallContext;

/**
 * A nearest-neighbour action's per-request choices, shared by Search, Query, QueryGroups and
 * SearchBatch: which query vector, which filter, which ground truth.
 *
 * <p>A request picks a query index once ({@link #next()}, -1 when vectors come from the session)
 * and passes it to the other methods, so vector, filter and ground truth belong to the same query.
 */
public final class NearestRequest {
  private final SearchOptions options;
  private final QueryVectors queries;
  private final Expr<float[]> vector;
  private final Expr<long[]> expectedIds;

  /** Vectors from {@code queries}, or else from {@code vector}; explicit expected ids win. */
  public NearestRequest(
      SearchOptions options, QueryVectors queries, Expr<float[]> vector, Expr<long[]> expectedIds) {
    this.options = options;
    this.queries = queries;
    this.vector = vector;
    this.expectedIds = expectedIds;
  }

  public SearchOptions options() {
    return options;
  }

  /** The next query index, or -1 when vectors come from the session. */
  public int next() {
    return queries != null ? queries.next() : -1;
  }

  public float[] vector(Session session, int i) {
    return i >= 0 ? queries.vector(i) : vector.apply(session);
  }

  /** An explicit filter wins over the query's own. */
  public Filter filter(Session session, int i) {
    return options.filter(session, i >= 0 ? queries.filter(i) : null);
  }

  /** The shard keys query {@code i} is sent to, or null (all of the collection's shards). */
  public ShardKeySelector shardKeys(int i) {
    return i >= 0 ? queries.shardKeys(i) : null;
  }

  /** Ground truth of query {@code i}: explicit expected ids win over the query set's. */
  public long[] truth(Session session, int i) {
    if (expectedIds != null) {
      return expectedIds.apply(session);
    }
    return i >= 0 ? queries.groundTruth(i) : null;
  }

  /** Records the ground truth for recall@k, when there is one. */
  public void expect(Session session, int i, CallContext call) {
    long[] truth = truth(session, i);
    if (truth != null) {
      call.expect(truth, options.limit());
      if (i >= 0 && expectedIds == null) {
        call.recallTo(queries, i);
      }
    }
  }
}
