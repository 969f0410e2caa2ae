package io.qharness.report;

import java.util.Arrays;

/**
 * Gunther's Universal Scalability Law, X(N) = lambda N / (1 + sigma (N - 1) + kappa N (N - 1)),
 * fitted by least squares on its linear form N / X = a + b (N - 1) + c N (N - 1) with lambda = 1/a,
 * sigma = b/a, kappa = c/a (Gunther, "Guerrilla Capacity Planning", 2007, ch. 5). The fit's R^2 is
 * computed on X itself, so it says how well the model predicts throughput.
 */
public record Usl(double lambda, double sigma, double kappa, double r2, int points) {
  /**
   * Fits (N, X) points: the full law from three or more distinct N; from two, its contention-only
   * form (Amdahl's law, kappa 0: coherency needs a third size to show). Throws naming what is
   * missing.
   */
  public static Usl fit(double[] n, double[] x) {
    if (n.length != x.length || distinct(n) < 2) {
      throw new IllegalArgumentException(
          "a USL fit needs measurements at 2 or more node counts (or concurrencies), got "
              + distinct(n));
    }
    if (distinct(n) == 2) {
      return amdahl(n, x);
    }
    // normal equations for y = a + b u + c v, with u = N - 1, v = N (N - 1), y = N / X
    double[][] m = new double[3][4];
    for (int i = 0; i < n.length; i++) {
      if (!(x[i] > 0)) {
        throw new IllegalArgumentException(
            "throughput must be positive for a USL fit, got " + x[i] + " at N=" + n[i]);
      }
      double[] row = {1, n[i] - 1, n[i] * (n[i] - 1)};
      double y = n[i] / x[i];
      for (int r = 0; r < 3; r++) {
        for (int c = 0; c < 3; c++) {
          m[r][c] += row[r] * row[c];
        }
        m[r][3] += row[r] * y;
      }
    }
    double[] abc = solve(m);
    if (abc == null || !(abc[0] > 0)) {
      throw new IllegalArgumentException(
          "the USL fit is degenerate (need at least 3 distinct node counts)");
    }
    double lambda = 1 / abc[0];
    double sigma = Math.max(0, abc[1] / abc[0]);
    double kappa = Math.max(0, abc[2] / abc[0]);
    Usl u = new Usl(lambda, sigma, kappa, 0, n.length);
    double mean = 0;
    for (double v : x) {
      mean += v / x.length;
    }
    double ssRes = 0;
    double ssTot = 0;
    for (int i = 0; i < n.length; i++) {
      double e = x[i] - u.predict(n[i]);
      ssRes += e * e;
      ssTot += (x[i] - mean) * (x[i] - mean);
    }
    return new Usl(lambda, sigma, kappa, ssTot == 0 ? 1 : 1 - ssRes / ssTot, n.length);
  }

  private static int argMin(double[] n) {
    int best = 0;
    for (int i = 1; i < n.length; i++) {
      best = n[i] < n[best] ? i : best;
    }
    return best;
  }

  private static int argMax(double[] n) {
    int best = 0;
    for (int i = 1; i < n.length; i++) {
      best = n[i] > n[best] ? i : best;
    }
    return best;
  }

  private static int distinct(double[] n) {
    return (int) Arrays.stream(n).distinct().count();
  }

  /** N / X = a + b (N - 1) through the points by least squares: lambda = 1/a, sigma = b/a. */
  private static Usl amdahl(double[] n, double[] x) {
    double su = 0;
    double sy = 0;
    double suu = 0;
    double suy = 0;
    for (int i = 0; i < n.length; i++) {
      if (!(x[i] > 0)) {
        throw new IllegalArgumentException(
            "throughput must be positive for a USL fit, got " + x[i] + " at N=" + n[i]);
      }
      double u = n[i] - 1;
      double y = n[i] / x[i];
      su += u;
      sy += y;
      suu += u * u;
      suy += u * y;
    }
    int k = n.length;
    double b = (k * suy - su * sy) / (k * suu - su * su);
    double a = (sy - b * su) / k;
    if (!(a > 0)) {
      // n/X grew faster than linearly in n-1: throughput fell as nodes were added, which no
      // contention curve through a positive single-node capacity describes
      throw new IllegalArgumentException(
          String.format(
              java.util.Locale.ROOT,
              "capacity fell from %.1f/s at %d nodes to %.1f/s at %d, which no scaling curve"
                  + " describes; added nodes added contention, not capacity",
              x[argMin(n)],
              (int) n[argMin(n)],
              x[argMax(n)],
              (int) n[argMax(n)]));
    }
    Usl u = new Usl(1 / a, Math.max(0, b / a), 0, 0, k);
    double mean = 0;
    for (double v : x) {
      mean += v / k;
    }
    double ssRes = 0;
    double ssTot = 0;
    for (int i = 0; i < k; i++) {
      ssRes += Math.pow(x[i] - u.predict(n[i]), 2);
      ssTot += Math.pow(x[i] - mean, 2);
    }
    return new Usl(u.lambda(), u.sigma(), 0, ssTot == 0 ? 1 : 1 - ssRes / ssTot, k);
  }

  public double predict(double n) {
    return lambda * n / (1 + sigma * (n - 1) + kappa * n * (n - 1));
  }

  /** N at which throughput peaks: sqrt((1 - sigma) / kappa); infinite without coherency cost. */
  public double peakN() {
    return kappa <= 0 ? Double.POSITIVE_INFINITY : Math.sqrt((1 - sigma) / kappa);
  }

  /**
   * Smallest N (up to 1000) whose predicted throughput reaches {@code target}; -1 when none does.
   */
  public int nodesFor(double target) {
    for (int n = 1; n <= 1000; n++) {
      if (predict(n) >= target) {
        return n;
      }
      if (n > peakN()) {
        return -1;
      }
    }
    return -1;
  }

  private static double[] solve(double[][] m) {
    int n = 3;
    for (int col = 0; col < n; col++) {
      int pivot = col;
      for (int r = col + 1; r < n; r++) {
        if (Math.abs(m[r][col]) > Math.abs(m[pivot][col])) {
          pivot = r;
        }
      }
      if (Math.abs(m[pivot][col]) < 1e-12) {
        return null;
      }
      double[] t = m[col];
      m[col] = m[pivot];
      m[pivot] = t;
      for (int r = 0; r < n; r++) {
        if (r != col) {
          double f = m[r][col] / m[col][col];
          for (int c = col; c <= n; c++) {
            m[r][c] -= f * m[col][c];
          }
        }
      }
    }
    return new double[] {m[0][3] / m[0][0], m[1][3] / m[1][1], m[2][3] / m[2][2]};
  }
}
