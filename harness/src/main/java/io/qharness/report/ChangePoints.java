package io.qharness.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Change points in a series of runs with E-divisive means (Matteson and James, 2014), the method
 * MongoDB's CI performance testing uses (Daly et al., ICPE 2020) and Apache Otava (formerly Hunter)
 * builds on: the split that maximises the energy distance between the two sides, kept when a
 * permutation test finds it significant, then the same within each side. It assumes no
 * distribution, so a shift in the middle of noisy nightly figures is found without a threshold.
 */
public final class ChangePoints {
  private ChangePoints() {}

  /**
   * A shift between the run before {@code index} and the run at it.
   *
   * @param index the first run after the shift
   * @param pValue the permutation test's p-value
   * @param before the mean of the segment before
   * @param after the mean of the segment after
   */
  public record ChangePoint(int index, double pValue, double before, double after) {
    /** The shift relative to the mean before it. */
    public double relativeChange() {
      return before == 0 ? Double.NaN : after / before - 1;
    }
  }

  /**
   * How to search.
   *
   * @param minSegment fewest runs on each side of a change point
   * @param alpha significance of the permutation test
   * @param permutations permutations per test
   * @param seed the permutations' seed: the same series gives the same change points
   */
  public record Options(int minSegment, double alpha, int permutations, long seed) {
    public static Options defaults() {
      return new Options(3, 0.05, 499, 1);
    }
  }

  /** The significant change points of {@code x}, in order. */
  public static List<ChangePoint> find(double[] x, Options o) {
    List<int[]> cuts = new ArrayList<>();
    split(x, 0, x.length, 0, o, new SplittableRandom(o.seed()), cuts);
    cuts.sort(Comparator.comparingInt(c -> c[0]));
    List<ChangePoint> out = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < cuts.size(); i++) {
      int at = cuts.get(i)[0];
      int end = i + 1 < cuts.size() ? cuts.get(i + 1)[0] : x.length;
      out.add(
          new ChangePoint(
              at,
              cuts.get(i)[1] / (double) (o.permutations() + 1),
              mean(x, start, at),
              mean(x, at, end)));
      start = at;
    }
    return out;
  }

  /**
   * Splits {@code x[from, to)} at its best point when significant, then each side. A split at depth
   * d is one of up to 2^d tested at that depth, so it must pass alpha / 2^d (Bonferroni per level):
   * without it, noise inside a long segment passes now and then.
   */
  private static void split(
      double[] x,
      int from,
      int to,
      int depth,
      Options o,
      SplittableRandom random,
      List<int[]> cuts) {
    int n = to - from;
    if (n < 2 * o.minSegment()) {
      return;
    }
    double[] segment = new double[n];
    System.arraycopy(x, from, segment, 0, n);
    double[] best = best(segment, o.minSegment());
    int exceed = 0;
    double[] shuffled = segment.clone();
    for (int p = 0; p < o.permutations(); p++) {
      for (int i = n - 1; i > 0; i--) {
        int j = random.nextInt(i + 1);
        double t = shuffled[i];
        shuffled[i] = shuffled[j];
        shuffled[j] = t;
      }
      if (best(shuffled, o.minSegment())[1] >= best[1]) {
        exceed++;
      }
    }
    int rank = exceed + 1; // p = rank / (permutations + 1)
    if (rank / (double) (o.permutations() + 1) >= o.alpha() / (1 << depth)) {
      return;
    }
    int at = from + (int) best[0];
    cuts.add(new int[] {at, rank});
    split(x, from, at, depth + 1, o, random, cuts);
    split(x, at, to, depth + 1, o, random, cuts);
  }

  /**
   * The split of {@code x} with the largest energy statistic Q = mn/(m+n) (2/(mn) Σ|a-b| - Σ|a-a'|
   * / C(m,2) - Σ|b-b'| / C(n,2)), as {position, Q}; sums from 2-D prefix sums of the distance
   * matrix, so each split costs O(1).
   */
  static double[] best(double[] x, int minSegment) {
    int n = x.length;
    double[][] prefix = new double[n + 1][n + 1];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        prefix[i + 1][j + 1] =
            Math.abs(x[i] - x[j]) + prefix[i][j + 1] + prefix[i + 1][j] - prefix[i][j];
      }
    }
    double bestQ = Double.NEGATIVE_INFINITY;
    int bestAt = -1;
    for (int t = minSegment; t <= n - minSegment; t++) {
      double m = t;
      double k = n - t;
      double between = rect(prefix, 0, t, t, n);
      double left = rect(prefix, 0, t, 0, t) / 2;
      double right = rect(prefix, t, n, t, n) / 2;
      double e =
          2 * between / (m * k)
              - (m > 1 ? left / (m * (m - 1) / 2) : 0)
              - (k > 1 ? right / (k * (k - 1) / 2) : 0);
      double q = m * k / (m + k) * e;
      if (q > bestQ) {
        bestQ = q;
        bestAt = t;
      }
    }
    return new double[] {bestAt, bestQ};
  }

  private static double rect(double[][] p, int r0, int r1, int c0, int c1) {
    return p[r1][c1] - p[r0][c1] - p[r1][c0] + p[r0][c0];
  }

  private static double mean(double[] x, int from, int to) {
    double s = 0;
    for (int i = from; i < to; i++) {
      s += x[i];
    }
    return s / (to - from);
  }
}
