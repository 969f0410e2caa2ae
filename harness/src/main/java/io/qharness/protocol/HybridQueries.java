package io.qharness.protocol;

import io.qdrant.client.grpc.Points.SparseVector;

/**
 * Dense and sparse queries a hybrid action takes in turn ({@code
 * io.qharness.workload.hybrid.HybridQuerySet} implements it, with the fused exact answer).
 */
public interface HybridQueries {
  /** The index of the next query: called once per request, from any thread. */
  int next();

  /** Query {@code i}'s dense vector. */
  float[] dense(int i);

  /** Query {@code i}'s sparse vector, as Qdrant takes it. */
  SparseVector sparseVector(int i);

  /** The exact fused answer of query {@code i}, best first, or null: then no recall is measured. */
  default long[] expected(int i) {
    return null;
  }
}
