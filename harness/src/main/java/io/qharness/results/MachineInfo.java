package io.qharness.results;

import com.sun.management.OperatingSystemMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;

/** The injector machine, for run records: results from different machines are not comparable. */
public record MachineInfo(
    int cores,
    Long physicalMemoryBytes,
    long maxHeapBytes,
    String jvm,
    String os,
    String hostname) {

  public static MachineInfo current() {
    Long memory = null;
    if (ManagementFactory.getOperatingSystemMXBean() instanceof OperatingSystemMXBean os) {
      memory = os.getTotalMemorySize();
    }
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      host = "unknown";
    }
    return new MachineInfo(
        Runtime.getRuntime().availableProcessors(),
        memory,
        Runtime.getRuntime().maxMemory(),
        System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"),
        System.getProperty("os.name")
            + " "
            + System.getProperty("os.version")
            + " "
            + System.getProperty("os.arch"),
        host);
  }
}
