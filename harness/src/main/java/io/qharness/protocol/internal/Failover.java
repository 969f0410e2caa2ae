package io.qharness.protocol.internal;

import java.time.Duration;

/**
 * Client failover: idempotent calls that failed because their node or its connection was
 * unavailable (UNAVAILABLE, a GOAWAY, a connection cut when the node was ejected) are retried on
 * another node up to {@code maxRetries} times, within a budget of {@code budget} retries per call
 * made (plus a floor of 10), so a dead cluster is not hammered. {@code cooldown} is the shortest
 * outlier ejection (see {@link io.qharness.grpc.EjectionPolicy}). Retries are counted and reported;
 * the latency of a retried call runs from its first attempt's (intended) start.
 */
public record Failover(int maxRetries, double budget, Duration cooldown) {
  public Failover {
    if (maxRetries < 0 || maxRetries > 10) {
      throw new IllegalArgumentException("retries must be within 0..10, got " + maxRetries);
    }
    if (!(budget >= 0 && budget <= 1)) {
      throw new IllegalArgumentException(
          "retry budget must be within 0..1 (retries per call), got " + budget);
    }
    if (cooldown == null || cooldown.isNegative()) {
      throw new IllegalArgumentException(
          "failover cooldown must be zero or positive, got " + cooldown);
    }
  }

  /** No retries; failing nodes are still ejected for a second at first. */
  public static Failover none() {
    return new Failover(0, 0, Duration.ofSeconds(1));
  }

  public static Failover defaults() {
    return new Failover(2, 0.1, Duration.ofSeconds(1));
  }
}
