package io.qharness.results;

import java.lang.management.ManagementFactory;

/** The injector machine, for run records: results from different machines are not comparable. */
public record MachineInfo(
    int cores, Long physicalMemoryBytes, long maxHeapBytes, String jvm, String os, String hostname) {

  public static MachineInfo current() {
    Long memory = null;
    if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
      memory = os.getTotalMemorySize();
    }
    String host;
    try {
      host = java.net.InetAddress.getLocalHost().getHostName();
    } catch (java.io.IOException e) {
      host = "unknown";
    }
    return new MachineInfo(
        Runtime.getRuntime().availableProcessors(),
        memory,
        Runtime.getRuntime().maxMemory(),
        System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"),
        System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"),
        host);
  }
}
