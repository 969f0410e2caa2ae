package io.qharness.workload.sparse;

import io.qharness.workload.truth.TopK;
import java.util.Arrays;

/**
 * Exact top-n by sparse dot product, as Qdrant scores a sparse vector without a modifier: an
 * inverted index over the base (each dimension's points and weights), then per query the scores of
 * the points sharing a dimension with it. Points sharing none score 0 and are never returned, as in
 * Qdrant.
 */
public final class SparseGroundTruth {
  private final int[][] postingIds;
  private final float[][] postingValues;
  private final int points;

  private SparseGroundTruth(int[][] ids, float[][] values, int points) {
    this.postingIds = ids;
    this.postingValues = values;
    this.points = points;
  }

  /** Indexes the first {@code n} vectors of {@code base}. */
  public static SparseGroundTruth index(SparseVectorSet base, long n) {
    if (n > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("sparse ground truth holds at most 2^31 points, got " + n);
    }
    int dims = base.dimensions();
    int[] counts = new int[dims];
    for (long id = 0; id < n; id++) {
      for (int t : base.get(id).indices()) {
        counts[t]++;
      }
    }
    int[][] ids = new int[dims][];
    float[][] values = new float[dims][];
    for (int t = 0; t < dims; t++) {
      ids[t] = new int[counts[t]];
      values[t] = new float[counts[t]];
    }
    Arrays.fill(counts, 0);
    for (long id = 0; id < n; id++) {
      SparseVector v = base.get(id);
      for (int i = 0; i < v.size(); i++) {
        int t = v.indices()[i];
        ids[t][counts[t]] = (int) id;
        values[t][counts[t]++] = v.values()[i];
      }
    }
    return new SparseGroundTruth(ids, values, (int) n);
  }

  /**
   * Qdrant's IDF weight of dimension {@code t} over these points: ln((N - df + 0.5) / (df + 0.5) +
   * 1), df the points having it (lib/segment/src/data_types/query_context.rs). Qdrant counts per
   * shard; this counts over the whole collection.
   */
  public double idf(int t) {
    double df = t < postingIds.length ? postingIds[t].length : 0;
    return Math.log((points - df + 0.5) / (df + 0.5) + 1);
  }

  /** As {@link #top(SparseVector, int)}, with the query's weights multiplied by their IDF. */
  public Ranked topIdf(SparseVector query, int n) {
    float[] weighted = new float[query.size()];
    for (int i = 0; i < weighted.length; i++) {
      weighted[i] = (float) (query.values()[i] * idf(query.indices()[i]));
    }
    return top(new SparseVector(query.indices(), weighted), n);
  }

  /** The best {@code n} ids and their scores for {@code query}, best first. */
  public Ranked top(SparseVector query, int n) {
    float[] score = new float[points];
    boolean[] touched = new boolean[points];
    int[] touchedIds = new int[Math.min(points, 1 << 16)];
    int touchedCount = 0;
    for (int i = 0; i < query.size(); i++) {
      int t = query.indices()[i];
      if (t >= postingIds.length) {
        continue;
      }
      float q = query.values()[i];
      int[] ids = postingIds[t];
      float[] vals = postingValues[t];
      for (int j = 0; j < ids.length; j++) {
        int id = ids[j];
        if (!touched[id]) {
          touched[id] = true;
          if (touchedCount == touchedIds.length) {
            touchedIds = Arrays.copyOf(touchedIds, touchedIds.length * 2);
          }
          touchedIds[touchedCount++] = id;
        }
        score[id] += q * vals[j];
      }
    }
    TopK top = new TopK(n, true);
    for (int j = 0; j < touchedCount; j++) {
      top.offer(score[touchedIds[j]], touchedIds[j]);
    }
    long[] ids = new long[n];
    float[] scores = new float[n];
    int m = top.drainBestFirst(ids, scores);
    return new Ranked(Arrays.copyOf(ids, m), Arrays.copyOf(scores, m));
  }

  /** Ids best first with their scores. */
  public record Ranked(long[] ids, float[] scores) {}
}
