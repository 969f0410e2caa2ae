package io.qharness.report;

/**
 * The knee of a latency-versus-throughput curve, after Satopää et al., "Finding a 'Kneedle' in a
 * Haystack" (2011): both axes normalised to [0, 1], the knee is the point farthest above the
 * diagonal of (throughput - latency), i.e. where latency starts to grow faster than throughput. A
 * curve whose latency never rises by half is flat: it has no knee.
 */
public final class Knee {
  private Knee() {}

  /**
   * @param x achieved throughput per step, increasing
   * @param y latency per step
   * @return the index of the knee, or -1 with fewer than 3 points or a curve without one
   */
  public static int find(double[] x, double[] y) {
    int n = x.length;
    if (n < 3) {
      return -1;
    }
    double minX = x[0];
    double maxX = x[0];
    double minY = y[0];
    double maxY = y[0];
    for (int i = 1; i < n; i++) {
      minX = Math.min(minX, x[i]);
      maxX = Math.max(maxX, x[i]);
      minY = Math.min(minY, y[i]);
      maxY = Math.max(maxY, y[i]);
    }
    if (maxX == minX || maxY == minY) {
      return -1;
    }
    // a knee needs a bend: latency must end well above where it started (noise on a flat curve is
    // not one)
    if (y[n - 1] < 1.5 * Math.max(y[0], 1e-9) && maxY < 1.5 * minY) {
      return -1;
    }
    int best = -1;
    double bestDiff = 0;
    for (int i = 0; i < n; i++) {
      double xn = (x[i] - minX) / (maxX - minX);
      double yn = (y[i] - minY) / (maxY - minY);
      double diff = xn - yn; // above the diagonal: throughput gained faster than latency
      if (diff > bestDiff) {
        bestDiff = diff;
        best = i;
      }
    }
    return best;
  }
}
