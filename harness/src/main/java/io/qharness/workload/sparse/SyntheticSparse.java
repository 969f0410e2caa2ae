package io.qharness.workload.sparse;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Seeded sparse vectors shaped like learned sparse text embeddings (SPLADE, BM25 weights): each has
 * about {@code nonZeros} dimensions drawn from a vocabulary with Zipf frequencies (a few terms in
 * many documents, most in few), with positive weights. A function of the id, so nothing is stored.
 */
public final class SyntheticSparse implements SparseVectorSet {
  private final long size;
  private final int dimensions;
  private final int nonZeros;
  private final long seed;
  private final double[] cdf;

  public SyntheticSparse(long size, int dimensions, int nonZeros, long seed) {
    if (dimensions < 1 || nonZeros < 1 || nonZeros > dimensions) {
      throw new IllegalArgumentException(
          "sparse vectors need 1 <= nonZeros ("
              + nonZeros
              + ") <= dimensions ("
              + dimensions
              + ")");
    }
    this.size = size;
    this.dimensions = dimensions;
    this.nonZeros = nonZeros;
    this.seed = seed;
    this.cdf = new double[dimensions];
    double sum = 0;
    for (int i = 0; i < dimensions; i++) {
      sum += 1.0 / (i + 1);
      cdf[i] = sum;
    }
    for (int i = 0; i < dimensions; i++) {
      cdf[i] /= sum;
    }
  }

  /** Another set from the same vocabulary, for queries (a different seed stream). */
  public SyntheticSparse queries(int count) {
    return new SyntheticSparse(count, dimensions, nonZeros, seed ^ 0x3C3C3C3C3C3C3C3CL);
  }

  @Override
  public long size() {
    return size;
  }

  @Override
  public int dimensions() {
    return dimensions;
  }

  @Override
  public SparseVector get(long id) {
    SplittableRandom r = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + id);
    // between half and one and a half times nonZeros distinct terms
    int want = Math.max(1, Math.min(dimensions, nonZeros / 2 + r.nextInt(nonZeros + 1)));
    int[] terms = new int[want];
    int n = 0;
    int attempts = 0;
    while (n < want && attempts++ < want * 20) {
      int t = term(r.nextDouble());
      boolean seen = false;
      for (int i = 0; i < n && !seen; i++) {
        seen = terms[i] == t;
      }
      if (!seen) {
        terms[n++] = t;
      }
    }
    int[] indices = Arrays.copyOf(terms, n);
    Arrays.sort(indices);
    float[] values = new float[n];
    for (int i = 0; i < n; i++) {
      values[i] = (float) (0.05 + r.nextDouble() * r.nextDouble() * 2);
    }
    return new SparseVector(indices, values);
  }

  private int term(double u) {
    int i = Arrays.binarySearch(cdf, u);
    return Math.min(dimensions - 1, i >= 0 ? i : -i - 1);
  }

  @Override
  public String description() {
    return "synthetic sparse "
        + size
        + " x vocabulary "
        + dimensions
        + ", ~"
        + nonZeros
        + " non-zeros, seed "
        + seed;
  }
}
