package io.qharness.protocol;

/**
 * Positive and negative example ids a recommendation action takes in turn ({@code
 * io.qharness.workload.RecommendQuerySet} implements it, with the exact answer).
 */
public interface RecommendExamples {
  /** The index of the next request's examples: called once per request, from any thread. */
  int next();

  /** Ids of the points the answer should be like. */
  long[] positive(int i);

  /** Ids of the points the answer should be unlike (may be empty). */
  long[] negative(int i);

  /** The exact answer for examples {@code i}, best first, or null: then no recall is measured. */
  default long[] truth(int i) {
    return null;
  }
}
