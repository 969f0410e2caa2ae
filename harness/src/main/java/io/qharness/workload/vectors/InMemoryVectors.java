package io.qharness.workload.vectors;

/** Vectors held on the heap in one flat array: for tests, benches and small query sets. */
public final class InMemoryVectors implements VectorSet {
  private final float[] data;
  private final int dim;
  private final long size;
  private final String description;

  private InMemoryVectors(float[] data, int dim, long size, String description) {
    this.data = data;
    this.dim = dim;
    this.size = size;
    this.description = description;
  }

  public static InMemoryVectors of(float[][] rows) {
    int dim = rows[0].length;
    float[] data = new float[rows.length * dim];
    for (int i = 0; i < rows.length; i++) {
      System.arraycopy(rows[i], 0, data, i * dim, dim);
    }
    return new InMemoryVectors(data, dim, rows.length, "in-memory " + rows.length + " x " + dim);
  }

  /**
   * Copies a vector set to the heap (below 2^31 floats), e.g. so a bench measures a kernel, not a
   * generator.
   */
  public static InMemoryVectors copyOf(VectorSet source) {
    int dim = source.dimension();
    if (source.size() * dim > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException(
          "dim x size must stay below 2^31 floats to copy to the heap, got " + source.size() * dim);
    }
    float[] data = new float[(int) (source.size() * dim)];
    float[] v = new float[dim];
    for (long i = 0; i < source.size(); i++) {
      source.read(i, v);
      System.arraycopy(v, 0, data, (int) (i * dim), dim);
    }
    return new InMemoryVectors(
        data, dim, source.size(), "in-memory copy of " + source.description());
  }

  @Override
  public int dimension() {
    return dim;
  }

  @Override
  public long size() {
    return size;
  }

  @Override
  public void read(long index, float[] out) {
    System.arraycopy(data, (int) (index * dim), out, 0, dim);
  }

  @Override
  public String description() {
    return description;
  }
}
