package io.qharness.workload.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * SIMD kernels on the JDK's Vector API (incubating in Java 17): one lane-wise fused multiply-add
 * per vector register width, reduced once at the end. Loaded only when the module is present.
 */
final class VectorKernels implements Kernels {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

  @Override
  public String name() {
    return "vector-" + S.vectorBitSize();
  }

  @Override
  public float dot(float[] a, float[] b, int off) {
    int n = a.length;
    int bound = S.loopBound(n);
    FloatVector acc = FloatVector.zero(S);
    int i = 0;
    for (; i < bound; i += S.length()) {
      acc = FloatVector.fromArray(S, a, i).fma(FloatVector.fromArray(S, b, off + i), acc);
    }
    float s = acc.reduceLanes(VectorOperators.ADD);
    for (; i < n; i++) {
      s += a[i] * b[off + i];
    }
    return s;
  }

  @Override
  public float squaredL2(float[] a, float[] b, int off) {
    int n = a.length;
    int bound = S.loopBound(n);
    FloatVector acc = FloatVector.zero(S);
    int i = 0;
    for (; i < bound; i += S.length()) {
      FloatVector d = FloatVector.fromArray(S, a, i).sub(FloatVector.fromArray(S, b, off + i));
      acc = d.fma(d, acc);
    }
    float s = acc.reduceLanes(VectorOperators.ADD);
    for (; i < n; i++) {
      float d = a[i] - b[off + i];
      s += d * d;
    }
    return s;
  }

  @Override
  public float l1(float[] a, float[] b, int off) {
    int n = a.length;
    int bound = S.loopBound(n);
    FloatVector acc = FloatVector.zero(S);
    int i = 0;
    for (; i < bound; i += S.length()) {
      acc = acc.add(FloatVector.fromArray(S, a, i).sub(FloatVector.fromArray(S, b, off + i)).abs());
    }
    float s = acc.reduceLanes(VectorOperators.ADD);
    for (; i < n; i++) {
      s += Math.abs(a[i] - b[off + i]);
    }
    return s;
  }
}
