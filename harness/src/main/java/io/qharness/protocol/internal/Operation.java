package io.qharness.protocol.internal;

import io.gatling.core.session.Session;
import io.grpc.MethodDescriptor;
import io.qharness.metrics.AckedWrites;
import io.qharness.protocol.QdrantResult;
import io.qharness.protocol.QueryVectors;

/**
 * One kind of Qdrant call as an action performs it: the gRPC method, how to build the request for a
 * virtual user, and how to view the response for checks.
 */
public interface Operation<Q, R> {
  MethodDescriptor<Q, R> method();

  QdrantResult.Kind kind();

  /**
   * The request for this call, or null to skip it (nothing to send, e.g. an upload whose data is
   * exhausted). May record expectations (ground truth) in {@code call}.
   */
  Q request(Session session, String collection, CallContext call);

  QdrantResult result(R response, CallContext call);

  /**
   * The processing time the server reported in a successful response ({@code time}, seconds); NaN
   * when the response has none.
   */
  default double serverSeconds(R response) {
    return Double.NaN;
  }

  /** True when repeating the call cannot change its effect (reads, upserts with explicit ids). */
  boolean idempotent();

  /**
   * True for calls whose refusal as invalid input (INVALID_ARGUMENT) means the run's settings or
   * data are wrong, so that every later call would fail the same way: creating the collection,
   * writing points. The protocol then stops the run at once (unless told not to).
   */
  default boolean invalidInputStopsRun() {
    return false;
  }

  /** Items the request carries (points of an upsert), counted on success for items/s. */
  default int items(Q request) {
    return 0;
  }

  /** For writes: records the ids of an acknowledged request for the write audit. */
  default void acknowledged(Q request, AckedWrites sink) {}

  /** Per-call state an operation may attach while building the request. */
  interface CallContext {
    /** The exact nearest ids of the query sent and the k of recall@k. */
    void expect(long[] ids, int k);

    /** Query {@code query} of {@code source} is sent: its recall is reported back to it. */
    default void recallTo(QueryVectors source, int query) {}

    /** The same, for each query of a batch. */
    void expectBatch(long[][] ids, int k);

    long[] expected();

    long[][] expectedBatch();

    int k();
  }
}
