package io.qharness.workload.vectors;

/**
 * A random-access set of vectors of one dimension: generated on demand or read from a file without
 * holding it on the heap. Reads are thread-safe.
 */
public interface VectorSet extends AutoCloseable {
  int dimension();

  long size();

  /** Copies vector {@code index} into {@code out} (length {@link #dimension()}). */
  void read(long index, float[] out);

  default float[] get(long index) {
    float[] v = new float[dimension()];
    read(index, v);
    return v;
  }

  /** A short description for logs and run records, e.g. "synthetic:clustered dim=128 n=100000". */
  String description();

  @Override
  default void close() {}
}
