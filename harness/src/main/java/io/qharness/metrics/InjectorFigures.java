package io.qharness.metrics;

import java.util.List;

/**
 * The injector process's own load over a run, as {@link InjectorLoad} measured it and run.json
 * records it ({@code injectorProcess}).
 *
 * @param cores the machine's cores
 * @param includesEmbeddedCluster the embedded test double ran in the same process: an upper bound
 * @param meanMachineShare the process's CPU over the run, as a share of the machine (0..1)
 * @param peakMachineShare the busiest interval's share of the machine
 * @param busiestInterval the interval with the most requests per second
 * @param measuredPhase the intervals of the measured phase alone (no upload, no warm-up), null when
 *     none was told apart
 * @param cpuMicrosPerRequestOverall CPU per request over the intervals that had requests, fixed
 *     costs (JIT, GC, ground truth, background threads) included
 * @param requests requests completed in the measured intervals
 * @param cpuSecondsWithRequests the process's CPU in the intervals that had requests: the load's
 *     share of {@code processCpuSeconds}
 * @param processCpuSeconds the process's CPU from its start to the load's end (JVM start-up,
 *     Gatling, data set and ground truth included)
 * @param gcCollections garbage collections during the run
 * @param gcMillis time spent in them
 * @param busyShare the share at or above which an interval counts as busy
 * @param busyIntervals the busy intervals, as "from-to s" since the run's start
 */
public record InjectorFigures(
    int cores,
    boolean includesEmbeddedCluster,
    double meanMachineShare,
    double peakMachineShare,
    Busiest busiestInterval,
    Measured measuredPhase,
    double cpuMicrosPerRequestOverall,
    long requests,
    double cpuSecondsWithRequests,
    double processCpuSeconds,
    long gcCollections,
    long gcMillis,
    double busyShare,
    List<String> busyIntervals) {

  /**
   * The busiest interval: at low rates fixed costs dominate the overall figure, so this is what a
   * request costs when it matters.
   */
  public record Busiest(double requestsPerSec, double machineShare, double cpuMicrosPerRequest) {}

  /**
   * The measured phase: what a request costs once JIT, upload and warm-up are behind. A short run's
   * busiest interval can fall in the warm-up, where compilation inflates it several times.
   */
  public record Measured(
      double seconds, double requestsPerSec, double machineShare, double cpuMicrosPerRequest) {}
}
