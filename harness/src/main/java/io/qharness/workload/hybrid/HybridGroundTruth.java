package io.qharness.workload.hybrid;

import io.qharness.workload.sparse.SparseGroundTruth;
import io.qharness.workload.sparse.SparseVector;
import io.qharness.workload.sparse.SparseVectorSet;
import io.qharness.workload.truth.GroundTruth;
import io.qharness.workload.vectors.VectorDistance;
import io.qharness.workload.vectors.VectorSet;
import java.util.List;

/**
 * Ground truth of a hybrid dense + sparse query with fusion, stated as what it is: the fusion of
 * the exact dense top-{@code prefetch} and the exact sparse top-{@code prefetch}, cut to k. A
 * server whose prefetches are exact returns exactly this; recall below 1 measures what the
 * approximate prefetches (HNSW, quantization) lost.
 */
public final class HybridGroundTruth {
  private HybridGroundTruth() {}

  /**
   * Per query, the ids a fused top-k answer may rightly hold (see {@link Fusion#expected}).
   *
   * @param denseBase the stored dense vectors, point id = index
   * @param sparseBase the stored sparse vectors, point id = index
   */
  public static long[][] compute(
      VectorSet denseBase,
      SparseVectorSet sparseBase,
      long points,
      float[][] denseQueries,
      SparseVector[] sparseQueries,
      VectorDistance distance,
      Fusion fusion,
      int prefetch,
      int k,
      int threads) {
    return compute(
        denseBase,
        sparseBase,
        points,
        denseQueries,
        sparseQueries,
        distance,
        fusion,
        prefetch,
        k,
        threads,
        false);
  }

  /**
   * As above; with {@code idf}, the sparse scores weigh each query dimension by its IDF over the
   * whole collection (Qdrant's IDF modifier weighs by each shard's own counts).
   */
  public static long[][] compute(
      VectorSet denseBase,
      SparseVectorSet sparseBase,
      long points,
      float[][] denseQueries,
      SparseVector[] sparseQueries,
      VectorDistance distance,
      Fusion fusion,
      int prefetch,
      int k,
      int threads,
      boolean idf) {
    long[][] dense =
        GroundTruth.compute(denseBase, points, denseQueries, distance, prefetch, null, threads);
    SparseGroundTruth sparse = SparseGroundTruth.index(sparseBase, points);
    long[][] out = new long[denseQueries.length][];
    float[] v = new float[denseBase.dimension()];
    for (int q = 0; q < denseQueries.length; q++) {
      float[] query = distance.prepare(denseQueries[q]);
      float[] scores = new float[dense[q].length];
      for (int i = 0; i < scores.length; i++) {
        denseBase.read(dense[q][i], v);
        scores[i] = distance.score(query, distance.prepare(v));
      }
      SparseGroundTruth.Ranked s =
          idf ? sparse.topIdf(sparseQueries[q], prefetch) : sparse.top(sparseQueries[q], prefetch);
      Fusion.Fused fused =
          fusion.fuse(
              List.of(new Fusion.Ranked(dense[q], scores), new Fusion.Ranked(s.ids(), s.scores())));
      out[q] = Fusion.expected(fused, k);
    }
    return out;
  }
}
