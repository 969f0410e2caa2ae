package io.qharness.bench;

import io.qharness.metrics.InjectorLoad;
import io.qharness.results.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What one client process spent on a measured window: CPU over requests completed, and its resident
 * memory. Read from inside the process, so a server elsewhere on the machine is not counted.
 *
 * @param client what was measured, e.g. "qharness" or "floor"
 * @param rate the intended requests per second
 * @param requests calls completed in the window
 * @param errors of those, failed calls
 * @param seconds the window's wall time
 * @param cpuSeconds the process's CPU time (all threads: JIT, GC and timers included) in the window
 * @param rssBytes resident memory at the window's end, -1 where /proc is missing
 * @param peakRssBytes the process's peak resident memory, -1 where /proc is missing
 * @param meanRecall recall@k over the window's responses, NaN when not measured
 */
public record ProcessCost(
    String client,
    double rate,
    long requests,
    long errors,
    double seconds,
    double cpuSeconds,
    long rssBytes,
    long peakRssBytes,
    double meanRecall) {

  /** CPU µs per completed request; NaN when none completed. */
  public double cpuMicrosPerRequest() {
    return requests == 0 ? Double.NaN : cpuSeconds * 1e6 / requests;
  }

  /**
   * More than 1 % of calls failed or the client fell more than 5 % behind its rate: the server, not
   * the client, set the pace, so CPU per search is not a cost figure.
   */
  public boolean overloaded() {
    return errors > 0.01 * requests || achievedRate() < 0.95 * rate;
  }

  /** Requests completed per second. */
  public double achievedRate() {
    return seconds <= 0 ? 0 : requests / seconds;
  }

  /** Written by a client process for the benchmark to read. */
  public void write(Path file) throws IOException {
    Files.writeString(file, Json.MAPPER.writeValueAsString(this));
  }

  static ProcessCost read(Path file) throws IOException {
    return Json.MAPPER.readValue(file.toFile(), ProcessCost.class);
  }

  /** Starts a window now. */
  public static Window start() {
    return new Window(InjectorLoad.processCpuNanos(), System.nanoTime());
  }

  /** The CPU and wall clock at a window's start. */
  public record Window(long cpuNanos, long wallNanos) {
    /** The window ending now; what completed in it may be counted later. */
    public Closed close() {
      long cpu = InjectorLoad.processCpuNanos();
      return new Closed(
          (System.nanoTime() - wallNanos) / 1e9,
          cpu < 0 || cpuNanos < 0 ? Double.NaN : (cpu - cpuNanos) / 1e9,
          InjectorLoad.procStatusBytes("VmRSS"),
          InjectorLoad.procStatusBytes("VmHWM"));
    }
  }

  /** A window's wall time, CPU time and memory at its end. */
  public record Closed(double seconds, double cpuSeconds, long rssBytes, long peakRssBytes) {
    public ProcessCost cost(String client, double rate, long requests, long errors, double recall) {
      return new ProcessCost(
          client, rate, requests, errors, seconds, cpuSeconds, rssBytes, peakRssBytes, recall);
    }
  }
}
