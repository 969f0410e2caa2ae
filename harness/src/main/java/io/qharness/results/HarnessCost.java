package io.qharness.results;

/**
 * What one run cost on the injector's machine, from {@code qharness run} to the record written
 * (run.json {@code harnessCost}, written by the launcher once the Gatling JVM has exited): the
 * load's share, and the fixed cost around it (JVM start-ups, Gatling, data set and ground truth,
 * probes, audit, reports).
 *
 * @param totalCpuSeconds the launcher's and the Gatling JVM's CPU, all threads
 * @param launcherCpuSeconds the launcher JVM's share (settings, probes, the record's last words)
 * @param gatlingJvmCpuSeconds the Gatling JVM's share, its report included
 * @param loadCpuSeconds the Gatling JVM's CPU in reporting intervals that had requests (upload,
 *     warm-up, measured phase; JIT and GC in them included)
 * @param fixedCpuSeconds {@code total - load}: what the run costs whatever its length
 * @param measuredCpuMicrosPerRequest CPU µs per request of the measured phase, null without one
 */
public record HarnessCost(
    double totalCpuSeconds,
    double launcherCpuSeconds,
    double gatlingJvmCpuSeconds,
    double loadCpuSeconds,
    double fixedCpuSeconds,
    Double measuredCpuMicrosPerRequest) {}
