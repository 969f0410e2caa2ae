package io.qharness.protocol;

/**
 * Multivector queries (several vectors each, scored by MaxSim) a late-interaction action takes in
 * turn ({@code io.qharness.workload.multi.MultiVectorQuerySet} implements it, with exact ground
 * truth).
 */
public interface MultiVectorQueries {
  /** The index of the next query: called once per request, from any thread. */
  int next();

  /** Query {@code i}'s vectors. */
  float[][] query(int i);

  /**
   * The exact MaxSim top ids of query {@code i}, best first, or null: then no recall is measured.
   */
  default long[] truth(int i) {
    return null;
  }
}
