package io.qharness.workload.kernels;

import org.slf4j.LoggerFactory;

/**
 * The distance kernels: a SIMD implementation on the JDK's Vector API when the JVM runs with {@code
 * --add-modules=jdk.incubator.vector} (qharness's launcher, Maven and test JVMs do), else the
 * scalar loops. One choice per JVM, made at the first distance computed; the kernel setting ({@code
 * -Dqharness.kernel=scalar} or {@code QHARNESS_KERNEL=scalar}) forces the scalar ones.
 */
public interface Kernels {
  float dot(float[] a, float[] b, int off);

  float squaredL2(float[] a, float[] b, int off);

  float l1(float[] a, float[] b, int off);

  /** "scalar" or "vector-<bits>" (the SIMD width used). */
  String name();

  /** The system property of the kernel setting (the catalog's {@code kernel}). */
  String PROPERTY = "qharness.kernel";

  /** Its environment variable. */
  String ENVIRONMENT = "QHARNESS_KERNEL";

  Kernels BEST = Choice.choose();

  /** Picks the kernels once per JVM. */
  final class Choice {
    private Choice() {}

    static Kernels choose() {
      String asked = System.getProperty(PROPERTY, System.getenv(ENVIRONMENT));
      if ("scalar".equals(asked)
          || ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
        return ScalarKernels.INSTANCE;
      }
      try {
        return (Kernels)
            Class.forName("io.qharness.workload.kernels.VectorKernels")
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
