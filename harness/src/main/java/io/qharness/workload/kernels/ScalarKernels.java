package io.qharness.workload.kernels;

/**
 * Plain loops. Four independent accumulators let the JIT pipeline them; float reductions are not
 * auto-vectorised by C2, since that would change the summation order.
 */
final class ScalarKernels implements Kernels {
  static final ScalarKernels INSTANCE = new ScalarKernels();

  @Override
  public String name() {
    return "scalar";
  }

  @Override
  public float dot(float[] a, float[] b, int off) {
    int n = a.length;
    float s0 = 0;
    float s1 = 0;
    float s2 = 0;
    float s3 = 0;
    int i = 0;
    for (; i + 3 < n; i += 4) {
      s0 += a[i] * b[off + i];
      s1 += a[i + 1] * b[off + i + 1];
      s2 += a[i + 2] * b[off + i + 2];
      s3 += a[i + 3] * b[off + i + 3];
    }
    for (; i < n; i++) {
      s0 += a[i] * b[off + i];
    }
    return (s0 + s1) + (s2 + s3);
  }

  @Override
  public float squaredL2(float[] a, float[] b, int off) {
    int n = a.length;
    float s0 = 0;
    float s1 = 0;
    float s2 = 0;
    float s3 = 0;
    int i = 0;
    for (; i + 3 < n; i += 4) {
      float d0 = a[i] - b[off + i];
      float d1 = a[i + 1] - b[off + i + 1];
      float d2 = a[i + 2] - b[off + i + 2];
      float d3 = a[i + 3] - b[off + i + 3];
      s0 += d0 * d0;
      s1 += d1 * d1;
      s2 += d2 * d2;
      s3 += d3 * d3;
    }
    for (; i < n; i++) {
      float d = a[i] - b[off + i];
      s0 += d * d;
    }
    return (s0 + s1) + (s2 + s3);
  }

  @Override
  public float l1(float[] a, float[] b, int off) {
    int n = a.length;
    float s0 = 0;
    float s1 = 0;
    int i = 0;
    for (; i + 1 < n; i += 2) {
      s0 += Math.abs(a[i] - b[off + i]);
      s1 += Math.abs(a[i + 1] - b[off + i + 1]);
    }
    for (; i < n; i++) {
      s0 += Math.abs(a[i] - b[off + i]);
    }
    return s0 + s1;
  }
}
