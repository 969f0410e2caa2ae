package io.qharness.metrics;

/** Where an operation's latency is measured from; stated in every summary. */
public enum LatencyOrigin {
  /**
   * From the time the open-model schedule intended the request to start: a stall in the cluster or
   * the injector shows up as latency (coordinated omission corrected).
   */
  INTENDED_START(
      "open model, measured from each request's intended start (coordinated omission corrected)"),
  /**
   * From the time the request was sent: closed models, where the next request waits for this one.
   */
  SEND_TIME(
      "measured from send time (closed model or unpaced; coordinated omission not corrected)");

  private final String description;

  LatencyOrigin(String description) {
    this.description = description;
  }

  public String description() {
    return description;
  }
}
