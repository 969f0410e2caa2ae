package io.qharness.workload.truth;

import io.qharness.workload.vectors.InMemoryVectors;
import io.qharness.workload.vectors.SyntheticVectors;
import io.qharness.workload.vectors.VectorDistance;
import io.qharness.workload.vectors.VectorSet;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Self-bench of {@link GroundTruth}: scores per second (query x base vector pairs), arithmetic
 * rate, and the memory traffic it implies, next to a measured streaming-read bandwidth of this
 * machine so the figures say how close to the limit the kernel runs. Figures only: no pass/fail,
 * because shared machines are noisy.
 */
public final class GroundTruthBench {
  /** One measured configuration. */
  public record Result(
      VectorDistance distance,
      int dim,
      long base,
      int queries,
      int k,
      int threads,
      double seconds,
      double streamGBps) {
    public double pairsPerSecond() {
      return (double) base * queries / seconds;
    }

    /** Multiply-add counted as two operations per dimension, as for BLAS. */
    public double gflops() {
      return pairsPerSecond() * 2.0 * dim / 1e9;
    }

    /**
     * Bytes of base vectors the kernel reads per second from cache (each block is re-read per
     * query).
     */
    public double cacheGBps() {
      return pairsPerSecond() * dim * Float.BYTES / 1e9;
    }

    /**
     * Bytes per second of the base set pulled from memory (read once per run thanks to blocking).
     */
    public double memoryGBps() {
      return (double) base * dim * Float.BYTES / seconds / 1e9;
    }

    public String format() {
      return String.format(
          Locale.ROOT,
          "%-9s dim %4d  base %,9d  queries %,6d  k %3d  threads %d: %7.3f s  %,14.0f pairs/s "
              + " %6.2f GFLOP/s  cache reads %6.1f GB/s  memory reads %5.2f GB/s (stream read"
              + " bandwidth %5.1f GB/s)",
          distance.name().toLowerCase(Locale.ROOT),
          dim,
          base,
          queries,
          k,
          threads,
          seconds,
          pairsPerSecond(),
          gflops(),
          cacheGBps(),
          memoryGBps(),
          streamGBps);
    }
  }

  private GroundTruthBench() {}

  /** Runs one warm-up and {@code rounds} timed computations, returning the fastest. */
  public static Result run(
      VectorDistance distance, int dim, long base, int queries, int k, int threads, int rounds) {
    SyntheticVectors synthetic =
        new SyntheticVectors(SyntheticVectors.Kind.GAUSSIAN, dim, base, 42, 0, 1.0);
    VectorSet data = InMemoryVectors.copyOf(synthetic); // measure the kernel, not the generator
    float[][] q = new float[queries][dim];
    SyntheticVectors qs = synthetic.queries(queries);
    for (int i = 0; i < queries; i++) {
      qs.read(i, q[i]);
    }
    GroundTruth.compute(
        data, Math.min(base, 4096), q, distance, k, null, threads); // warm-up: JIT the kernel
    double best = Double.MAX_VALUE;
    for (int r = 0; r < Math.max(1, rounds); r++) {
      long t0 = System.nanoTime();
      GroundTruth.compute(data, base, q, distance, k, null, threads);
      best = Math.min(best, (System.nanoTime() - t0) / 1e9);
    }
    return new Result(
        distance, dim, base, queries, k, threads, best, streamReadGBps(threads, 64L << 20));
  }

  /** Sums a large float array per thread (no writes), the memory bandwidth a scan can hope for. */
  public static double streamReadGBps(int threads, long bytesPerThread) {
    int n = (int) (bytesPerThread / Float.BYTES);
    float[][] arrays = new float[threads][n];
    for (float[] a : arrays) {
      Arrays.fill(a, 1f);
    }
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      double best = Double.MAX_VALUE;
      for (int round = 0; round < 4; round++) {
        long t0 = System.nanoTime();
        Future<?>[] fs = new Future<?>[threads];
        for (int t = 0; t < threads; t++) {
          float[] a = arrays[t];
          fs[t] = pool.submit(() -> sum(a));
        }
        double sink = 0;
        for (Future<?> f : fs) {
          sink += (Float) f.get();
        }
        if (sink == 42) {
          System.out.print(""); // keeps the sums alive
        }
        best = Math.min(best, (System.nanoTime() - t0) / 1e9);
      }
      return (double) n * Float.BYTES * threads / best / 1e9;
    } catch (Exception e) {
      throw new IllegalStateException("stream bandwidth measurement failed", e);
    } finally {
      pool.shutdownNow();
    }
  }

  private static float sum(float[] a) {
    float s0 = 0;
    float s1 = 0;
    float s2 = 0;
    float s3 = 0;
    int i = 0;
    for (; i + 3 < a.length; i += 4) {
      s0 += a[i];
      s1 += a[i + 1];
      s2 += a[i + 2];
      s3 += a[i + 3];
    }
    for (; i < a.length; i++) {
      s0 += a[i];
    }
    return s0 + s1 + s2 + s3;
  }
}
