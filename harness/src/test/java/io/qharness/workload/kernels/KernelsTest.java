package io.qharness.workload.kernels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.qharness.workload.TestVectors;
import org.junit.jupiter.api.Test;

/** The SIMD kernels compute what the scalar ones do, for every length, offset and remainder. */
class KernelsTest {
  @Test
  void testsRunWithTheSimdKernelsAsMavenAndTheLauncherDo() {
    assertThat(Kernels.BEST.name()).startsWith("vector-");
  }

  @Test
  void simdAndScalarAgreeForEveryDimension() {
    Kernels simd = new VectorKernels();
    Kernels scalar = ScalarKernels.INSTANCE;
    for (int dim : new int[] {1, 3, 7, 8, 15, 16, 17, 31, 64, 100, 128, 129, 960}) {
      float[][] v = TestVectors.random(3, dim, dim);
      float[] flat = new float[dim * 2 + 5];
      System.arraycopy(v[1], 0, flat, 5, dim); // at an offset, as in the ground truth's blocks
      float tol = 1e-4f * dim;
      assertThat(simd.dot(v[0], flat, 5))
          .as("dot dim " + dim)
          .isCloseTo(scalar.dot(v[0], flat, 5), within(tol));
      assertThat(simd.squaredL2(v[0], flat, 5))
          .as("l2 dim " + dim)
          .isCloseTo(scalar.squaredL2(v[0], flat, 5), within(tol));
      assertThat(simd.l1(v[0], flat, 5))
          .as("l1 dim " + dim)
          .isCloseTo(scalar.l1(v[0], flat, 5), within(tol));
    }
  }
}
