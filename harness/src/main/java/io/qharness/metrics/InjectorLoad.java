package io.qharness.metrics;

import com.sun.management.OperatingSystemMXBean;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

/**
 * Watches the injector's own process each reporting interval: CPU used as a share of the machine,
 * requests completed, GC. A load generator that saturates its machine queues requests itself and
 * reports that queueing as the cluster's latency; this makes that visible instead of silent: a
 * warning names the intervals where the process used at least {@link #BUSY_SHARE} of all cores.
 *
 * <p>With the embedded test cluster the process also runs the cluster, so the figures are an upper
 * bound on the injector's own cost, and say so.
 */
public final class InjectorLoad implements RunListener {
  /** A machine share at or above this leaves the injector no headroom. */
  public static final double BUSY_SHARE = 0.85;

  /** One interval's reading; {@code measured}: every request in it was of the measured phase. */
  public record Reading(
      long endMillis, double seconds, double machineShare, long requests, boolean measured) {}

  private final LongSupplier cpuNanos;
  private final LongSupplier wallNanos;
  private final int cores;
  private final boolean includesCluster;
  private final Consumer<InjectorFigures> sink;
  private final PrintStream out;
  private final Predicate<String> measuredOperation;
  private final List<Reading> readings = new ArrayList<>();
  private long lastCpuNanos;
  private long lastWallNanos;
  private long startGcCount;
  private long startGcMillis;
  private double cpuSecondsWithRequests;
  private long requests;
  private volatile double latestShare = Double.NaN;

  /**
   * @param includesCluster true when the embedded test cluster runs in this process
   * @param measuredOperation true for the operations of the measured phase (not the upload, not the
   *     warm-up)
   * @param sink receives the run's figures at the end (for the run record)
   */
  public InjectorLoad(
      boolean includesCluster,
      Predicate<String> measuredOperation,
      Consumer<InjectorFigures> sink,
      PrintStream out) {
    this(
        InjectorLoad::processCpuNanos,
        System::nanoTime,
        Runtime.getRuntime().availableProcessors(),
        includesCluster,
        measuredOperation,
        sink,
        out);
  }

  InjectorLoad(
      LongSupplier cpuNanos,
      LongSupplier wallNanos,
      int cores,
      boolean includesCluster,
      Predicate<String> measuredOperation,
      Consumer<InjectorFigures> sink,
      PrintStream out) {
    this.cpuNanos = cpuNanos;
    this.wallNanos = wallNanos;
    this.cores = cores;
    this.includesCluster = includesCluster;
    this.measuredOperation = measuredOperation;
    this.sink = sink;
    this.out = out;
  }

  @Override
  public synchronized void started(RunMetrics metrics) {
    lastCpuNanos = cpuNanos.getAsLong();
    lastWallNanos = wallNanos.getAsLong();
    startGcCount = gcCount();
    startGcMillis = gcMillis();
  }

  @Override
  public synchronized void interval(RunMetrics.Interval interval) {
    long cpu = cpuNanos.getAsLong();
    long wall = wallNanos.getAsLong();
    if (cpu < 0 || wall <= lastWallNanos) {
      return; // the JVM cannot measure process CPU here
    }
    long n = 0;
    boolean measured = true;
    for (RunMetrics.SeriesInterval s : interval.series()) {
      if (s.kind() == RunMetrics.Kind.LATENCY_OK || s.kind() == RunMetrics.Kind.LATENCY_KO) {
        n += s.histogram().getTotalCount();
        measured &= measuredOperation.test(s.operation());
      }
    }
    Reading r =
        new Reading(
            interval.endMillis(),
            (wall - lastWallNanos) / 1e9,
            (cpu - lastCpuNanos) / (double) (wall - lastWallNanos) / cores,
            n,
            measured && n > 0);
    readings.add(r);
    latestShare = r.machineShare();
    if (n > 0) {
      cpuSecondsWithRequests += (cpu - lastCpuNanos) / 1e9;
      requests += n;
    }
    lastCpuNanos = cpu;
    lastWallNanos = wall;
  }

  /** The last interval's CPU share of the machine (0..1), NaN before the first interval. */
  public double latestShare() {
    return latestShare;
  }

  @Override
  public synchronized void ended(RunSummary summary) {
    InjectorFigures f = figures(summary.startMillis());
    if (f == null) {
      return;
    }
    sink.accept(f);
    String who = includesCluster ? "injector + embedded test cluster" : "injector";
    out.printf(
        Locale.ROOT,
        "%s process: mean %.0f%%, peak %.0f%% of %d cores; %s; GC %s collections, %s ms%n",
        who,
        100 * f.meanMachineShare(),
        100 * f.peakMachineShare(),
        cores,
        perRequest(f),
        f.gcCollections(),
        f.gcMillis());
    List<String> busy = f.busyIntervals();
    if (!busy.isEmpty()) {
      out.printf(
          Locale.ROOT,
          "WARNING: the %s process used at least %.0f%% of this machine's %d cores in %d"
              + " interval(s) (%s): latencies there may include the injector's own queueing; %s%n",
          who,
          100 * BUSY_SHARE,
          cores,
          busy.size(),
          String.join(", ", busy.subList(0, Math.min(5, busy.size())))
              + (busy.size() > 5 ? ", ..." : ""),
          includesCluster
              ? "the embedded test double shares the machine: lower the rates, or run against a"
                  + " real cluster on other machines"
              : "lower the rates, or spread the load over several injectors and merge their runs"
                  + " (qharness report A B ...)");
    }
  }

  /**
   * What a request cost, for people: over the measured phase, or the busiest interval when the run
   * had no phase of measured operations alone.
   */
  public static String perRequest(InjectorFigures f) {
    String bound =
        f.includesEmbeddedCluster()
            ? ", an upper bound: the test double runs in the same process"
            : "";
    InjectorFigures.Measured m = f.measuredPhase();
    if (m != null) {
      return String.format(
          Locale.ROOT,
          "measured phase %.0f requests/s at %.0f%% (%.0f CPU µs per request%s)",
          m.requestsPerSec(),
          100 * m.machineShare(),
          m.cpuMicrosPerRequest(),
          bound);
    }
    InjectorFigures.Busiest b = f.busiestInterval();
    return String.format(
        Locale.ROOT,
        "busiest interval %.0f requests/s at %.0f%% (%.0f CPU µs per request%s)",
        b.requestsPerSec(),
        100 * b.machineShare(),
        b.cpuMicrosPerRequest(),
        bound);
  }

  /** The run's figures: null when no interval was measured. */
  synchronized InjectorFigures figures(long runStartMillis) {
    if (readings.isEmpty()) {
      return null;
    }
    double seconds = 0;
    double shareSeconds = 0;
    double peak = 0;
    Reading busiest = readings.get(0);
    List<String> busy = new ArrayList<>();
    double measuredSeconds = 0;
    double measuredCpuSeconds = 0;
    long measuredRequests = 0;
    for (Reading r : readings) {
      if (r.measured()) {
        measuredSeconds += r.seconds();
        measuredCpuSeconds += r.machineShare() * cores * r.seconds();
        measuredRequests += r.requests();
      }
      if (r.requests() / r.seconds() > busiest.requests() / busiest.seconds()) {
        busiest = r;
      }
      seconds += r.seconds();
      shareSeconds += r.machineShare() * r.seconds();
      peak = Math.max(peak, r.machineShare());
      if (r.machineShare() >= BUSY_SHARE && r.requests() > 0) {
        double end = (r.endMillis() - runStartMillis) / 1000.0;
        busy.add(String.format(Locale.ROOT, "%.0f-%.0f s", Math.max(0, end - r.seconds()), end));
      }
    }
    return new InjectorFigures(
        cores,
        includesCluster,
        seconds > 0 ? shareSeconds / seconds : 0.0,
        peak,
        new InjectorFigures.Busiest(
            busiest.requests() / busiest.seconds(),
            busiest.machineShare(),
            busiest.requests() > 0
                ? busiest.machineShare() * cores * busiest.seconds() * 1e6 / busiest.requests()
                : 0.0),
        measuredRequests == 0
            ? null
            : new InjectorFigures.Measured(
                measuredSeconds,
                measuredRequests / measuredSeconds,
                measuredCpuSeconds / cores / measuredSeconds,
                measuredCpuSeconds * 1e6 / measuredRequests),
        requests > 0 ? cpuSecondsWithRequests * 1e6 / requests : 0.0,
        requests,
        cpuSecondsWithRequests,
        Math.max(0, cpuNanos.getAsLong()) / 1e9,
        gcCount() - startGcCount,
        gcMillis() - startGcMillis,
        BUSY_SHARE,
        List.copyOf(busy));
  }

  /** A field of /proc/self/status in bytes ("VmRSS", "VmHWM"), or -1 off Linux. */
  public static long procStatusBytes(String field) {
    return procStatusBytes("self", field);
  }

  /** The same field of another process, or -1 once it is gone. */
  public static long procStatusBytes(long pid, String field) {
    return procStatusBytes(Long.toString(pid), field);
  }

  private static long procStatusBytes(String process, String field) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", process, "status"))) {
        if (line.startsWith(field + ":")) {
          String[] parts = line.substring(field.length() + 1).trim().split("\\s+");
          return Long.parseLong(parts[0]) * 1024;
        }
      }
    } catch (IOException | RuntimeException e) {
      return -1;
    }
    return -1;
  }

  /** The process's CPU time in ns (all threads), or -1 where the JVM cannot tell. */
  public static long processCpuNanos() {
    if (ManagementFactory.getOperatingSystemMXBean() instanceof OperatingSystemMXBean os) {
      return os.getProcessCpuTime();
    }
    return -1;
  }

  private static long gcCount() {
    long n = 0;
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      n += Math.max(0, gc.getCollectionCount());
    }
    return n;
  }

  private static long gcMillis() {
    long n = 0;
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      n += Math.max(0, gc.getCollectionTime());
    }
    return n;
  }
}
