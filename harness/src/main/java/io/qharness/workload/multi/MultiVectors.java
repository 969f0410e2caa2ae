package io.qharness.workload.multi;

import java.util.SplittableRandom;

/**
 * Seeded multivectors shaped like late-interaction token embeddings (ColBERT): each point has
 * between half and one and a half times {@code perPoint} vectors of {@code dim} dimensions, drawn
 * around a per-point topic so a point's vectors resemble each other. A function of the id.
 */
public final class MultiVectors {
  private final long size;
  private final int dim;
  private final int perPoint;
  private final long seed;

  public MultiVectors(long size, int dim, int perPoint, long seed) {
    if (dim < 1 || perPoint < 1) {
      throw new IllegalArgumentException(
          "multivectors need a dimension and a vector count of at least 1: dim "
              + dim
              + ", per point "
              + perPoint);
    }
    this.size = size;
    this.dim = dim;
    this.perPoint = perPoint;
    this.seed = seed;
  }

  /** Query multivectors from the same generator, another seed stream. */
  public MultiVectors queries(int count) {
    return new MultiVectors(count, dim, perPoint, seed ^ 0x6A09E667F3BCC908L);
  }

  public long size() {
    return size;
  }

  public int dimension() {
    return dim;
  }

  /** Point {@code id}'s vectors. */
  public float[][] get(long id) {
    SplittableRandom r = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + id);
    int n = Math.max(1, perPoint / 2 + r.nextInt(perPoint + 1));
    double[] topic = new double[dim];
    for (int d = 0; d < dim; d++) {
      topic[d] = r.nextGaussian();
    }
    float[][] out = new float[n][dim];
    for (int v = 0; v < n; v++) {
      for (int d = 0; d < dim; d++) {
        out[v][d] = (float) (topic[d] + 0.8 * r.nextGaussian());
      }
    }
    return out;
  }

  public String description() {
    return "synthetic multivectors " + size + " x ~" + perPoint + " x " + dim + "-d, seed " + seed;
  }
}
