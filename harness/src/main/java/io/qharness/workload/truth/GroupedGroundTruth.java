package io.qharness.workload.truth;

import io.qharness.workload.vectors.VectorDistance;
import io.qharness.workload.vectors.VectorSet;
import java.util.Arrays;
import java.util.function.LongToIntFunction;

/**
 * Exact answers of grouped searches (Qdrant's {@code query_groups}): per query, the {@code groups}
 * groups whose best point is nearest, in that order, each with its {@code groupSize} nearest
 * points. A group is a point's value of one payload field, given as an index by {@code groupOf}.
 *
 * <p>Each query's exact top-m is walked best first until the first {@code groups} groups met are
 * full (hold groupSize points, or every point of the group); m starts at a few times groups x
 * groupSize and grows only for queries that need more, up to every point.
 */
public final class GroupedGroundTruth {
  private GroupedGroundTruth() {}

  /**
   * @param n the points searched: ids 0..n-1 of {@code base}
   * @param groupCount groupOf's values are within 0..groupCount-1
   * @param groups at most this many groups per query (fewer when fewer groups have points)
   * @return per query, the expected ids: group by group (best group first), each group's points
   *     best first
   */
  public static long[][] compute(
      VectorSet base,
      long n,
      float[][] queries,
      VectorDistance distance,
      int groups,
      int groupSize,
      LongToIntFunction groupOf,
      int groupCount,
      int threads) {
    if (groups < 1 || groupSize < 1) {
      throw new IllegalArgumentException(
          "groups and groupSize must be at least 1, got " + groups + " and " + groupSize);
    }
    if (n > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(
          "grouped ground truth handles up to 2^31 points, got " + n);
    }
    int[] group = new int[(int) n];
    int[] members = new int[groupCount];
    for (int id = 0; id < n; id++) {
      group[id] = groupOf.applyAsInt(id);
      members[group[id]]++;
    }
    int nonEmpty = 0;
    for (int c : members) {
      nonEmpty += c > 0 ? 1 : 0;
    }
    int target = Math.min(groups, nonEmpty);
    long[][] out = new long[queries.length][];
    if (target == 0) {
      Arrays.fill(out, new long[0]);
      return out;
    }
    int[] pending = new int[queries.length];
    for (int i = 0; i < pending.length; i++) {
      pending[i] = i;
    }
    int m = (int) Math.min(n, Math.max(64L, 4L * groups * groupSize));
    while (pending.length > 0) {
      int left = 0;
      // queries x m heap entries per worker stay within about 20 million
      int chunk = Math.max(1, 20_000_000 / m);
      for (int from = 0; from < pending.length; from += chunk) {
        int to = Math.min(pending.length, from + chunk);
        float[][] batch = new float[to - from][];
        for (int i = 0; i < batch.length; i++) {
          batch[i] = queries[pending[from + i]];
        }
        long[][] nearest = GroundTruth.top(base, n, batch, distance, m, null, threads);
        for (int i = 0; i < batch.length; i++) {
          long[] answer = walk(nearest[i], group, members, target, groupSize, m == n);
          if (answer != null) {
            out[pending[from + i]] = answer;
          } else {
            pending[left++] = pending[from + i];
          }
        }
      }
      pending = Arrays.copyOf(pending, left);
      m = (int) Math.min(n, m * 4L);
    }
    return out;
  }

  /**
   * The grouped answer from ids best first, or null when they run out before it is known (unless
   * they are every point, when the groups stay as filled as they can be).
   */
  static long[] walk(
      long[] best, int[] group, int[] members, int groups, int groupSize, boolean everyPoint) {
    int[] opened = new int[groups];
    long[][] hits = new long[groups][groupSize];
    int[] filled = new int[groups];
    int open = 0;
    for (long id : best) {
      int g = group[(int) id];
      int slot = -1;
      for (int j = 0; j < open && slot < 0; j++) {
        slot = opened[j] == g ? j : -1;
      }
      if (slot < 0 && open < groups) {
        slot = open;
        opened[open++] = g;
      }
      if (slot >= 0 && filled[slot] < groupSize) {
        hits[slot][filled[slot]++] = id;
        if (open == groups && full(opened, filled, open, members, groupSize)) {
          break;
        }
      }
    }
    boolean known =
        everyPoint || (open == groups && full(opened, filled, open, members, groupSize));
    if (!known) {
      return null;
    }
    int total = 0;
    for (int j = 0; j < open; j++) {
      total += filled[j];
    }
    long[] out = new long[total];
    int k = 0;
    for (int j = 0; j < open; j++) {
      System.arraycopy(hits[j], 0, out, k, filled[j]);
      k += filled[j];
    }
    return out;
  }

  private static boolean full(int[] opened, int[] filled, int open, int[] members, int size) {
    for (int j = 0; j < open; j++) {
      if (filled[j] < Math.min(size, members[opened[j]])) {
        return false;
      }
    }
    return true;
  }
}
