package io.qharness.workload.multi;

import io.qharness.workload.truth.TopK;
import io.qharness.workload.vectors.VectorDistance;
import java.util.Arrays;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Exact top-k by MaxSim, Qdrant's multivector comparator: for each query vector the best score
 * among the point's vectors, summed over the query vectors. Cosine and Dot only (scores where
 * higher is better, as MaxSim sums them).
 */
public final class MaxSimGroundTruth {
  private MaxSimGroundTruth() {}

  /** MaxSim of prepared query vectors against prepared point vectors. */
  public static double maxSim(float[][] query, float[][] point, VectorDistance d) {
    double sum = 0;
    for (float[] q : query) {
      double best = Double.NEGATIVE_INFINITY;
      for (float[] p : point) {
        best = Math.max(best, d.score(q, p));
      }
      sum += best;
    }
    return sum;
  }

  /** Per query, the exact top-k ids, best first, over points 0..n-1. */
  public static long[][] compute(
      MultiVectors base, long n, float[][][] queries, VectorDistance d, int k, int threads) {
    if (d != VectorDistance.COSINE && d != VectorDistance.DOT) {
      throw new IllegalArgumentException(
          "MaxSim ground truth is computed for Cosine and Dot multivectors, not " + d);
    }
    float[][][] q = new float[queries.length][][];
    for (int i = 0; i < q.length; i++) {
      q[i] = prepare(queries[i], d);
    }
    int workers = Math.max(1, threads);
    ExecutorService pool = Executors.newFixedThreadPool(workers);
    try {
      Future<?>[] parts = new Future<?>[workers];
      TopK[][] tops = new TopK[workers][q.length];
      for (int w = 0; w < workers; w++) {
        int worker = w;
        parts[w] =
            pool.submit(
                () -> {
                  TopK[] mine = tops[worker];
                  for (int i = 0; i < q.length; i++) {
                    mine[i] = new TopK(k, true);
                  }
                  for (long id = worker; id < n; id += workers) {
                    float[][] p = prepare(base.get(id), d);
                    for (int i = 0; i < q.length; i++) {
                      mine[i].offer((float) maxSim(q[i], p, d), id);
                    }
                  }
                });
      }
      for (Future<?> f : parts) {
        f.get();
      }
      long[][] out = new long[q.length][];
      long[] ids = new long[k];
      float[] scores = new float[k];
      for (int i = 0; i < q.length; i++) {
        TopK merged = new TopK(k, true);
        for (TopK[] t : tops) {
          int m = t[i].drainBestFirst(ids, scores);
          for (int j = 0; j < m; j++) {
            merged.offer(scores[j], ids[j]);
          }
        }
        int m = merged.drainBestFirst(ids, scores);
        out[i] = Arrays.copyOf(ids, m);
      }
      return out;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("MaxSim ground truth interrupted", e);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException("MaxSim ground truth failed: " + e.getCause(), e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }

  private static float[][] prepare(float[][] vectors, VectorDistance d) {
    float[][] out = new float[vectors.length][];
    for (int i = 0; i < out.length; i++) {
      out[i] = d.prepare(vectors[i]);
    }
    return out;
  }
}
