package io.qharness.workload;

import io.qharness.workload.vectors.InMemoryVectors;
import io.qharness.workload.vectors.VectorSet;
import java.util.SplittableRandom;

/** Random test vectors, seeded: components uniform in [-1, 1). */
public final class TestVectors {
  private TestVectors() {}

  public static float[][] random(int n, int dim, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    float[][] out = new float[n][dim];
    for (float[] v : out) {
      for (int j = 0; j < dim; j++) {
        v[j] = (float) (r.nextDouble() * 2 - 1);
      }
    }
    return out;
  }

  static VectorSet of(float[][] rows) {
    return InMemoryVectors.of(rows);
  }
}
