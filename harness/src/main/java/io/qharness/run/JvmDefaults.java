package io.qharness.run;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The injector JVM's default options, each added only where the user's own options leave that
 * choice open: a user who sets the heap, the collector or the JIT gets exactly what they set.
 *
 * <ul>
 *   <li>Serial collector: an injector keeps little live data (fixed-size histograms, no per-request
 *       objects), so a small young generation collects in about a millisecond, and it spends no CPU
 *       on concurrent collector threads or G1's write barriers.
 *   <li>A young generation sized to the upload's batches in flight ({@link #youngMb}), and a heap
 *       that starts just above it and grows only as far as the live data needs. The JVM's default
 *       initial heap, 1/64 of the machine's memory, is young space a load generator touches and
 *       never needs (384 MB resident on a 24 GiB machine); a young generation too small for the
 *       batches in flight promotes them and collects the whole heap over and over (84 full
 *       collections, 7 s of pauses in a 300k x 768-d upload with 8 MB).
 *   <li>Higher C2 thresholds: with the defaults the JVM spent more CPU compiling than the whole
 *       load of a short run (7 of 18 CPU-s of a 300k-point upload); methods now go to C2 only when
 *       they are really hot, which the request path is at the rates where its cost matters.
 * </ul>
 *
 * Measured figures behind these choices: docs/harness-cost.md.
 */
public final class JvmDefaults {
  private JvmDefaults() {}

  static final List<String> GC = List.of("-XX:+UseSerialGC");

  /** The young generation's bounds, MB. */
  public static final int MIN_YOUNG_MB = 16;

  static final int MAX_YOUNG_MB = 128;

  /**
   * A heap from just above the young generation. With the smallest young generation (searches and
   * small uploads) the old generation is also kept within 10-30 % free instead of the JVM's 40-70
   * %: 187-189 against 200-202 MB resident for the default workload, for a few more collections of
   * a heap of about 35 MB live. A large upload keeps the JVM's ratios: the tighter ones cost it 60
   * % more collection time (289 -> 458 ms over 300k x 768-d points) for 9 MB.
   */
  static List<String> heap(int youngMb) {
    List<String> heap =
        new ArrayList<>(List.of("-Xms" + (youngMb + 16) + "m", "-Xmn" + youngMb + "m"));
    if (youngMb <= MIN_YOUNG_MB) {
      heap.add("-XX:MinHeapFreeRatio=10");
      heap.add("-XX:MaxHeapFreeRatio=30");
    }
    return heap;
  }

  /**
   * A young generation that holds about eight rounds of the upload's batches in flight, each
   * present about three times (the points, the serialised request, the network's buffers), so that
   * batches die young: within 16..128 MB.
   */
  public static int youngMb(int dimension, int batchSize, int parallelism) {
    double inFlight = (double) parallelism * batchSize * (dimension * 4.0 + 64) * 3;
    long mb = Math.round(inFlight * 8 / (1 << 20));
    return (int) Math.max(MIN_YOUNG_MB, Math.min(MAX_YOUNG_MB, mb));
  }

  static final List<String> JIT =
      List.of(
          "-XX:Tier4InvocationThreshold=50000",
          "-XX:Tier4MinInvocationThreshold=20000",
          "-XX:Tier4CompileThreshold=60000",
          "-XX:Tier4BackEdgeThreshold=400000");

  /** glibc's malloc arenas: one per core and thread by default, each holding memory of its own. */
  private static final Map<String, String> ENVIRONMENT = Map.of("MALLOC_ARENA_MAX", "2");

  /** The user's {@code options} after the defaults they leave open: the JVM's options in full. */
  public static List<String> with(List<String> options, int youngMb) {
    List<String> all = missingFrom(options, youngMb);
    all.addAll(options);
    return all;
  }

  /** {@code pb} with the default environment, where its own leaves it open. */
  public static ProcessBuilder environment(ProcessBuilder pb) {
    ENVIRONMENT.forEach(pb.environment()::putIfAbsent);
    return pb;
  }

  /** The default options the user's {@code options} leave open, with the smallest young space. */
  static List<String> missingFrom(List<String> options) {
    return missingFrom(options, MIN_YOUNG_MB);
  }

  /** The default options the user's {@code options} leave open, to go before them. */
  static List<String> missingFrom(List<String> options, int youngMb) {
    List<String> out = new ArrayList<>();
    if (options.stream().noneMatch(JvmDefaults::choosesCollector)) {
      out.addAll(GC);
    }
    if (options.stream().noneMatch(JvmDefaults::sizesHeap)) {
      out.addAll(heap(youngMb));
    }
    if (options.stream().noneMatch(JvmDefaults::tunesJit)) {
      out.addAll(JIT);
    }
    return out;
  }

  static boolean choosesCollector(String o) {
    return o.matches("-XX:[+-]Use\\w*GC");
  }

  static boolean sizesHeap(String o) {
    return o.startsWith("-Xms")
        || o.startsWith("-Xmx")
        || o.startsWith("-Xmn")
        || o.startsWith("-XX:MaxRAM")
        || o.matches("-XX:(Initial|Min|Max)RAMPercentage=.*")
        || o.matches("-XX:(Initial|Max|Min)HeapSize=.*")
        || o.matches("-XX:(Max)?NewSize=.*")
        || o.matches("-XX:(Min|Max)HeapFreeRatio=.*");
  }

  static boolean tunesJit(String o) {
    return o.startsWith("-XX:Tier")
        || o.matches("-XX:[+-]TieredCompilation")
        || o.startsWith("-XX:CompileThreshold")
        || o.equals("-Xint")
        || o.equals("-Xcomp");
  }
}
