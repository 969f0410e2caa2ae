package io.qharness.cli;

import io.qharness.results.HarnessCost;
import java.util.Locale;

/** A run's {@link HarnessCost} in one console line. */
final class HarnessCosts {
  private HarnessCosts() {}

  static String line(HarnessCost c) {
    return String.format(
        Locale.ROOT,
        "qharness: harness cost %.1f CPU-s (launcher %.1f, Gatling JVM %.1f): load %.1f, fixed"
            + " %.1f%s",
        c.totalCpuSeconds(),
        c.launcherCpuSeconds(),
        c.gatlingJvmCpuSeconds(),
        c.loadCpuSeconds(),
        c.fixedCpuSeconds(),
        c.measuredCpuMicrosPerRequest() == null
            ? ""
            : String.format(
                Locale.ROOT,
                "; measured phase %.0f CPU µs per request",
                c.measuredCpuMicrosPerRequest()));
  }
}
