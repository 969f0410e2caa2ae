package io.qharness.protocol;

import io.gatling.javaapi.core.Session;
import io.qharness.protocol.internal.Expr;
import io.qharness.protocol.internal.NearestRequest;
import java.util.Objects;
import java.util.function.Function;

/**
 * Nearest-neighbour requests by query vector (Search, Query, QueryGroups, SearchBatch): where the
 * query vectors come from, and their ground truth; the ranked-read options are {@link
 * QueryApiActionBuilder}'s.
 */
public abstract class NearestActionBuilder<B extends NearestActionBuilder<B>>
    extends QueryApiActionBuilder<B> {
  QueryVectors queries;
  Expr<float[]> vector;
  Expr<long[]> expectedIds;

  NearestActionBuilder(String requestName) {
    super(requestName);
  }

  /**
   * Query vectors taken in turn from {@code set} (e.g. a {@code QuerySet}); when the set carries
   * ground truth, recall@k of every response is measured.
   */
  public B queries(QueryVectors set) {
    Objects.requireNonNull(set, "query vectors");
    return with(
        b -> {
          b.queries = set;
          b.vector = null;
        });
  }

  /** The same query vector for every request. */
  public B vector(float[] v) {
    float[] copy = v.clone();
    return with(
        b -> {
          b.vector = Expr.constant(copy);
          b.queries = null;
        });
  }

  /** A query vector per request from the session, e.g. a feeder value. */
  public B vector(Function<Session, float[]> f) {
    return with(
        b -> {
          b.vector = Expr.of(f);
          b.queries = null;
        });
  }

  /** The session attribute holding the query vector (a float[]). */
  public B vectorAttribute(String name) {
    return with(
        b -> {
          b.vector = Expr.attribute(name);
          b.queries = null;
        });
  }

  /** The exact nearest ids for the query sent, best first: enables recall@k measurement. */
  public B expectedIds(Function<Session, long[]> f) {
    return with(b -> b.expectedIds = Expr.of(f));
  }

  void requireVectors() {
    if (queries == null && vector == null) {
      throw new IllegalArgumentException(
          "request '"
              + requestName
              + "' has no query vector: use .queries(set), .vector(...) or .vectorAttribute(name)");
    }
  }

  /** The per-request choices, with the options frozen now. */
  NearestRequest request() {
    return new NearestRequest(options(), queries, vector, expectedIds);
  }
}
