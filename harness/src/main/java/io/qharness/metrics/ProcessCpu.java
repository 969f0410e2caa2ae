package io.qharness.metrics;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * This process's CPU and that of its children it has waited for (the Gatling JVM, a peer tool),
 * from /proc/self/stat: the only place a child's whole CPU, its last moments included, can be read
 * once it has exited. Seconds; NaN off Linux.
 */
public record ProcessCpu(double selfSeconds, double childrenSeconds) {
  /** USER_HZ: 100 on every Linux architecture qharness runs on. */
  private static final double TICKS_PER_SECOND = 100.0;

  /** The figures as they stand now. */
  public static ProcessCpu now() {
    try {
      String stat = Files.readString(Path.of("/proc/self/stat"));
      // fields after the command name (which may hold spaces) in ')': state is field 3
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
      double self = (Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICKS_PER_SECOND;
      double children = (Long.parseLong(f[13]) + Long.parseLong(f[14])) / TICKS_PER_SECOND;
      return new ProcessCpu(self, children);
    } catch (IOException | RuntimeException e) {
      return new ProcessCpu(Double.NaN, Double.NaN);
    }
  }
}
