package io.qharness.workload;

import io.qharness.protocol.RecommendExamples;
import io.qharness.workload.vectors.VectorDistance;
import io.qharness.workload.vectors.VectorSet;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongPredicate;

/**
 * Recommendations by example ("more like these, less like those"): per query, the ids of a few
 * stored points to move towards and a few to move away from, with the exact answer of Qdrant's
 * {@code average_vector} strategy when known. Handed out round-robin without allocation.
 */
public final class RecommendQuerySet implements RecommendExamples {
  private final long[][] positives;
  private final long[][] negatives;
  private final long[][] truth;
  private final AtomicLong cursor = new AtomicLong();
  private final int sliceIndex;
  private final int sliceCount;

  private RecommendQuerySet(long[][] positives, long[][] negatives, long[][] truth) {
    this(positives, negatives, truth, 0, 1);
  }

  private RecommendQuerySet(
      long[][] positives, long[][] negatives, long[][] truth, int sliceIndex, int sliceCount) {
    this.positives = positives;
    this.negatives = negatives;
    this.truth = truth;
    this.sliceIndex = sliceIndex;
    this.sliceCount = sliceCount;
  }

  /** Injector {@code index}'s share of the example sets when {@code count} injectors send them. */
  public RecommendQuerySet slice(int index, int count) {
    Slices.check(index, count, positives.length, "recommendation example sets");
    return count == 1 ? this : new RecommendQuerySet(positives, negatives, truth, index, count);
  }

  /**
   * {@code queries} sets of examples drawn (seeded, without repeats in a set) from points
   * 0..points-1: {@code positive} to move towards, {@code negative} away from.
   */
  public static RecommendQuerySet draw(
      int queries, long points, int positive, int negative, long seed) {
    if (positive < 1 || negative < 0) {
      throw new IllegalArgumentException(
          "a recommendation needs at least 1 positive example and no negative count below 0, got "
              + positive
              + " and "
              + negative);
    }
    if (positive + negative > points) {
      throw new IllegalArgumentException(
          positive + negative + " examples per recommendation from " + points + " points");
    }
    SplittableRandom r = new SplittableRandom(seed ^ 0x5EC0_AB1E_5EEDL);
    long[][] pos = new long[queries][];
    long[][] neg = new long[queries][];
    for (int q = 0; q < queries; q++) {
      long[] ids = new long[positive + negative];
      for (int i = 0; i < ids.length; i++) {
        long id;
        do {
          id = r.nextLong(points);
        } while (contains(ids, i, id));
        ids[i] = id;
      }
      pos[q] = Arrays.copyOf(ids, positive);
      neg[q] = Arrays.copyOfRange(ids, positive, ids.length);
    }
    return new RecommendQuerySet(pos, neg, null);
  }

  private static boolean contains(long[] ids, int n, long id) {
    for (int i = 0; i < n; i++) {
      if (ids[i] == id) {
        return true;
      }
    }
    return false;
  }

  /**
   * Per query, the vector Qdrant searches with under {@code average_vector}: the mean of the
   * positives' stored vectors, and, with negatives, that mean plus (that mean minus the negatives'
   * mean). Stored vectors are what Qdrant keeps: normalised for Cosine.
   */
  public float[][] targets(VectorSet base, VectorDistance distance) {
    float[][] out = new float[positives.length][];
    for (int q = 0; q < out.length; q++) {
      float[] pos = mean(base, positives[q], distance);
      if (negatives[q].length > 0) {
        float[] neg = mean(base, negatives[q], distance);
        for (int j = 0; j < pos.length; j++) {
          pos[j] = pos[j] + pos[j] - neg[j];
        }
      }
      out[q] = pos;
    }
    return out;
  }

  private static float[] mean(VectorSet base, long[] ids, VectorDistance distance) {
    float[] sum = new float[base.dimension()];
    float[] v = new float[base.dimension()];
    for (long id : ids) {
      base.read(id, v);
      float[] stored = distance.prepare(v);
      for (int j = 0; j < sum.length; j++) {
        sum[j] += stored[j];
      }
    }
    for (int j = 0; j < sum.length; j++) {
      sum[j] /= ids.length;
    }
    return sum;
  }

  /** Per query, every id but its examples: Qdrant never recommends an example. */
  public LongPredicate[] notExamples() {
    LongPredicate[] out = new LongPredicate[positives.length];
    for (int q = 0; q < out.length; q++) {
      long[] pos = positives[q];
      long[] neg = negatives[q];
      out[q] = id -> !contains(pos, pos.length, id) && !contains(neg, neg.length, id);
    }
    return out;
  }

  /** The same examples with the exact answers, per query. */
  public RecommendQuerySet withGroundTruth(long[][] ids) {
    if (ids.length != positives.length) {
      throw new IllegalArgumentException(
          "ground truth has " + ids.length + " rows for " + positives.length + " queries");
    }
    return new RecommendQuerySet(positives, negatives, ids);
  }

  public int size() {
    return positives.length;
  }

  /** The next query's index, round-robin. */
  public int next() {
    return Slices.next(cursor, positives.length, sliceIndex, sliceCount);
  }

  public long[] positive(int i) {
    return positives[i];
  }

  public long[] negative(int i) {
    return negatives[i];
  }

  /** The exact answer of query {@code i}, or null when not known. */
  public long[] truth(int i) {
    return truth == null ? null : truth[i];
  }
}
