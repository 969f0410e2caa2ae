package io.qharness.workload;

import java.util.SplittableRandom;

/** Random test vectors. */
final class Vectors3 {
  private Vectors3() {}

  static float[][] random(int n, int dim, long seed) {
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
    return new VectorSet() {
      @Override
      public int dimension() {
        return rows[0].length;
      }

      @Override
      public long size() {
        return rows.length;
      }

      @Override
      public void read(long index, float[] out) {
        System.arraycopy(rows[(int) index], 0, out, 0, out.length);
      }

      @Override
      public String description() {
        return "in-memory " + rows.length;
      }
    };
  }
}
