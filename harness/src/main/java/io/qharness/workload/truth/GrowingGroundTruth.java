package io.qharness.workload.truth;

import io.qharness.workload.vectors.VectorDistance;
import io.qharness.workload.vectors.VectorSet;
import java.util.Arrays;

/**
 * Exact top-k ground truth for a collection that grows by id order (point 0 first), for every fill
 * at once. A point can be in the top-k of a prefix only if it entered the top-k when it was added,
 * so per query it keeps just those "record" points (about k x (1 + ln(n/k)) of them): the top-k of
 * the first p points is the best k records below p.
 *
 * <p>A search sent while writes are in flight may see a point written after it was sent; {@link
 * #expected} therefore accepts the exact top-k of the acknowledged prefix plus every record point
 * that may have become visible during the search: an answer right for any fill in between counts.
 */
public final class GrowingGroundTruth {
  private final int k;
  private final long[][] recordIds;
  private final float[][] recordScores;
  private final boolean higherIsBetter;

  private GrowingGroundTruth(int k, long[][] ids, float[][] scores, boolean higherIsBetter) {
    this.k = k;
    this.recordIds = ids;
    this.recordScores = scores;
    this.higherIsBetter = higherIsBetter;
  }

  /** Scans the first {@code n} points of {@code base} in id order for each query. */
  public static GrowingGroundTruth compute(
      VectorSet base, long n, float[][] queries, VectorDistance distance, int k) {
    if (k < 1 || k > 1000) {
      throw new IllegalArgumentException("k must be within 1..1000, got " + k);
    }
    int dim = base.dimension();
    float[][] q = new float[queries.length][];
    for (int i = 0; i < q.length; i++) {
      q[i] = distance.prepare(queries[i]);
    }
    // per query: the current top-k scores, worst first at [0] once full
    float[][] best = new float[q.length][k];
    int[] filled = new int[q.length];
    long[][] ids = new long[q.length][16];
    float[][] scores = new float[q.length][16];
    int[] records = new int[q.length];
    float[] v = new float[dim];
    for (long id = 0; id < n; id++) {
      base.read(id, v);
      float[] p = distance.prepare(v);
      for (int i = 0; i < q.length; i++) {
        float s = distance.score(q[i], p);
        if (filled[i] == k && !distance.better(s, best[i][0])) {
          continue;
        }
        insert(best[i], filled[i], s, distance);
        filled[i] = Math.min(k, filled[i] + 1);
        if (records[i] == ids[i].length) {
          ids[i] = Arrays.copyOf(ids[i], records[i] * 2);
          scores[i] = Arrays.copyOf(scores[i], records[i] * 2);
        }
        ids[i][records[i]] = id;
        scores[i][records[i]] = s;
        records[i]++;
      }
    }
    for (int i = 0; i < q.length; i++) {
      ids[i] = Arrays.copyOf(ids[i], records[i]);
      scores[i] = Arrays.copyOf(scores[i], records[i]);
    }
    return new GrowingGroundTruth(k, ids, scores, distance.higherIsBetter());
  }

  /** Keeps {@code top} sorted worst first; a full array drops its worst. */
  private static void insert(float[] top, int size, float s, VectorDistance d) {
    int k = top.length;
    if (size < k) {
      int j = size;
      while (j > 0 && d.better(top[j - 1], s)) {
        top[j] = top[j - 1];
        j--;
      }
      top[j] = s;
      return;
    }
    int j = 0;
    while (j + 1 < k && d.better(s, top[j + 1])) {
      top[j] = top[j + 1];
      j++;
    }
    top[j] = s;
  }

  /** The exact top-k of the first {@code points} points, best first. */
  public long[] topK(int query, long points) {
    long[] ids = recordIds[query];
    float[] scores = recordScores[query];
    int below = 0;
    while (below < ids.length && ids[below] < points) {
      below++;
    }
    Integer[] order = new Integer[below];
    for (int j = 0; j < below; j++) {
      order[j] = j;
    }
    Arrays.sort(
        order,
        (a, b) ->
            higherIsBetter
                ? Float.compare(scores[b], scores[a])
                : Float.compare(scores[a], scores[b]));
    int m = Math.min(k, below);
    long[] out = new long[m];
    for (int j = 0; j < m; j++) {
      out[j] = ids[order[j]];
    }
    return out;
  }

  /**
   * What a search of {@code query} may rightly return when the first {@code acknowledged} points
   * were acknowledged as it was sent and at most the first {@code visible} can have been applied
   * while it ran: the exact top-k of the acknowledged prefix first, then the record points in
   * between, encoded as {@code -id - 1} (recall@k counts them as right without expecting them).
   */
  public long[] expected(int query, long acknowledged, long visible) {
    long[] exact = topK(query, acknowledged);
    long[] ids = recordIds[query];
    int extra = 0;
    for (long id : ids) {
      if (id >= acknowledged && id < visible) {
        extra++;
      }
    }
    if (extra == 0) {
      return exact;
    }
    long[] out = Arrays.copyOf(exact, exact.length + extra);
    int j = exact.length;
    for (long id : ids) {
      if (id >= acknowledged && id < visible) {
        out[j++] = -id - 1;
      }
    }
    return out;
  }

  /** Record points of a query: how many top-k entries it saw over the whole fill. */
  public int records(int query) {
    return recordIds[query].length;
  }
}
