package io.qharness.bench;

import io.qharness.workload.QuerySet;
import io.qharness.workload.truth.GroundTruth;
import io.qharness.workload.vectors.SyntheticVectors;
import io.qharness.workload.vectors.VectorDistance;

/** The benchmark's query vectors and their expected ids, the same in every client process. */
public final class BenchQueries {
  static final int COUNT = 1000;

  private BenchQueries() {}

  /** The synthetic base the benchmark loads into a real cluster (ids 0..points-1). */
  static SyntheticVectors base(int dim, long points, long seed) {
    return SyntheticVectors.uniform(dim, Math.max(points, 1), seed);
  }

  /**
   * Query vectors with expected ids: against the stub, ids 0..k-1 (its only answer, so recall is
   * computed in full and is 1); against a cluster, the exact top-k by cosine over the loaded
   * points.
   */
  public static QuerySet of(BenchSpec spec) {
    SyntheticVectors base = base(spec.dim(), spec.points(), spec.seed());
    float[][] vectors = QuerySet.of(base.queries(COUNT), COUNT).vectors();
    long[][] truth = new long[vectors.length][];
    if (spec.stub()) {
      for (int i = 0; i < truth.length; i++) {
        truth[i] = new long[spec.k()];
        for (int j = 0; j < spec.k(); j++) {
          truth[i][j] = j;
        }
      }
    } else {
      truth =
          GroundTruth.compute(
              base,
              spec.points(),
              vectors,
              VectorDistance.COSINE,
              spec.k(),
              null,
              Runtime.getRuntime().availableProcessors());
    }
    return new QuerySet(vectors, truth, "selfbench queries");
  }
}
