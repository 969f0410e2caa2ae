package io.qharness.metrics;

/**
 * Hooks into a run's measurements: interval logs, Pushgateway export, run records. Called from the
 * reporting thread, never from the request path.
 */
public interface RunListener {
  /** Once, before load, with the run's recorders. */
  default void started(RunMetrics metrics) {}

  /** After each sampling interval. */
  default void interval(RunMetrics.Interval interval) {}

  /**
   * When the run is stopped before its end because its input is wrong (e.g. the server refused the
   * collection's creation as invalid): {@code reason} names the problem and the fix.
   */
  default void stopped(String reason) {}

  /** Once, at the end of the run, with the final figures. */
  default void ended(RunSummary summary) {}
}
