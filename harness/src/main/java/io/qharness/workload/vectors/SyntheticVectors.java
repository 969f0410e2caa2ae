package io.qharness.workload.vectors;

import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Seeded, reproducible synthetic vectors, any dimension: vector i depends only on (seed, i), so any
 * subset can be regenerated in any order on any thread.
 *
 * <ul>
 *   <li>uniform: coordinates uniform in [-1, 1);
 *   <li>gaussian: coordinates standard normal;
 *   <li>clustered: a mixture of {@code clusters} Gaussians with centres uniform in [-1, 1) and
 *       standard deviation {@code spread}, vector i drawn from a centre chosen by hashing i.
 * </ul>
 */
public final class SyntheticVectors implements VectorSet {
  /** The distribution family. */
  public enum Kind {
    UNIFORM,
    GAUSSIAN,
    CLUSTERED;

    public static Kind parse(String s) {
      try {
        return valueOf(s.trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "unknown synthetic distribution '" + s + "'; allowed: uniform, gaussian, clustered");
      }
    }
  }

  private final Kind kind;
  private final int dim;
  private final long size;
  private final long seed;
  private final int clusters;
  private final double spread;
  private final float[][] centres;
  private final long salt;

  public SyntheticVectors(Kind kind, int dim, long size, long seed, int clusters, double spread) {
    this(kind, dim, size, seed, clusters, spread, 0);
  }

  private SyntheticVectors(
      Kind kind, int dim, long size, long seed, int clusters, double spread, long salt) {
    if (dim < 1 || dim > 65536) {
      throw new IllegalArgumentException("dim must be within 1..65536, got " + dim);
    }
    if (size < 0) {
      throw new IllegalArgumentException("n must not be negative, got " + size);
    }
    if (kind == Kind.CLUSTERED && (clusters < 1 || clusters > 1_000_000)) {
      throw new IllegalArgumentException("clusters must be within 1..1000000, got " + clusters);
    }
    if (!(spread > 0)) {
      throw new IllegalArgumentException("spread must be positive, got " + spread);
    }
    this.kind = kind;
    this.dim = dim;
    this.size = size;
    this.seed = seed;
    this.clusters = clusters;
    this.spread = spread;
    this.salt = salt;
    if (kind == Kind.CLUSTERED) {
      SplittableRandom r = new SplittableRandom(seed ^ 0x5DEECE66DL);
      centres = new float[clusters][dim];
      for (float[] c : centres) {
        for (int j = 0; j < dim; j++) {
          c[j] = (float) (r.nextDouble() * 2 - 1);
        }
      }
    } else {
      centres = null;
    }
  }

  public static SyntheticVectors uniform(int dim, long size, long seed) {
    return new SyntheticVectors(Kind.UNIFORM, dim, size, seed, 1, 1);
  }

  /**
   * The same distribution under another seed stream: query vectors that are not base vectors but
   * come from the same mixture (the cluster centres depend on the seed only).
   */
  public SyntheticVectors queries(long count) {
    return new SyntheticVectors(kind, dim, count, seed, clusters, spread, QUERY_SALT);
  }

  private static final long QUERY_SALT = 0x9E3779B97F4A7C15L;

  private long streamOf(long index) {
    long h = (seed * 0x9E3779B97F4A7C15L + index) ^ salt;
    h = (h ^ (h >>> 30)) * 0xbf58476d1ce4e5b9L;
    h = (h ^ (h >>> 27)) * 0x94d049bb133111ebL;
    return h ^ (h >>> 31);
  }

  @Override
  public int dimension() {
    return dim;
  }

  @Override
  public long size() {
    return size;
  }

  public Kind kind() {
    return kind;
  }

  public long seed() {
    return seed;
  }

  @Override
  public void read(long index, float[] out) {
    if (index < 0 || index >= size) {
      throw new IndexOutOfBoundsException("vector " + index + " outside 0.." + (size - 1));
    }
    SplittableRandom r = new SplittableRandom(streamOf(index));
    switch (kind) {
      case UNIFORM:
        for (int j = 0; j < dim; j++) {
          out[j] = (float) (r.nextDouble() * 2 - 1);
        }
        break;
      case GAUSSIAN:
        for (int j = 0; j < dim; j++) {
          out[j] = (float) r.nextGaussian();
        }
        break;
      default:
        float[] c = centres[r.nextInt(clusters)];
        for (int j = 0; j < dim; j++) {
          out[j] = (float) (c[j] + spread * r.nextGaussian());
        }
    }
  }

  @Override
  public String description() {
    String base =
        "synthetic:"
            + kind.name().toLowerCase(Locale.ROOT)
            + " dim="
            + dim
            + " n="
            + size
            + " seed="
            + seed;
    String full =
        kind == Kind.CLUSTERED ? base + " clusters=" + clusters + " spread=" + spread : base;
    return salt == 0 ? full : full + " (query stream)";
  }
}
