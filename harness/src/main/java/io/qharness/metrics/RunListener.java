package io.qharness.metrics;

/**
 * Hooks into a run's measurements: interval logs, Pushgateway export, run records. Called from
 * the reporting thread, never from the request path.
 */
public interface RunListener {
  /** Once, before load, with the run's recorders. */
  default void started(RunMetrics metrics) {}

  /** After each sampling interval. */
  default void interval(RunMetrics.Interval interval) {}

  /** Once, at the end of the run, with the final figures. */
  default void ended(RunSummary summary) {}
}
