package io.qharness.workload;

import org.slf4j.LoggerFactory;

/**
 * The distance kernels: a SIMD implementation on the JDK's Vector API when the JVM runs with {@code
 * --add-modules=jdk.incubator.vector} (qharness's launcher, Maven and test JVMs do), else the
 * scalar loops. One choice per JVM, so ground truth and the embedded test cluster rank alike;
 * {@code -Dqharness.kernel=scalar} forces the scalar ones.
 */
public interface Kernels {
  float dot(float[] a, float[] b, int off);

  float squaredL2(float[] a, float[] b, int off);

  float l1(float[] a, float[] b, int off);

  /** "scalar" or "vector-<bits>" (the SIMD width used). */
  String name();

  Kernels BEST = Choice.choose();

  /** Picks the kernels once per JVM. */
  final class Choice {
    private Choice() {}

    static Kernels choose() {
      if ("scalar".equals(System.getProperty("qharness.kernel"))
          || ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
        return ScalarKernels.INSTANCE;
      }
      try {
        return (Kernels)
            Class.forName("io.qharness.workload.VectorKernels")
                .getDeclaredConstructor()
                .newInstance();
      } catch (ReflectiveOperationException | LinkageError e) {
        LoggerFactory.getLogger(Kernels.class)
            .warn("SIMD kernels unavailable ({}); using scalar ones", e.toString());
        return ScalarKernels.INSTANCE;
      }
    }
  }
}
