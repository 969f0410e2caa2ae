package io.qharness.protocol.internal;

import java.time.Duration;

/**
 * Client failover: a node whose transport fails (refused, reset, deadline) is skipped by node
 * selection for {@code cooldown}; idempotent calls that failed that way, or with UNAVAILABLE, are
 * retried on another node up to {@code maxRetries} times, within a budget of {@code budget} retries
 * per call made (plus a floor of 10), so a dead cluster is not hammered. Retries are counted and
 * reported; the latency of a retried call runs from its first attempt's (intended) start.
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

  /** No retries; failing nodes are still skipped for a second. */
  public static Failover none() {
    return new Failover(0, 0, Duration.ofSeconds(1));
  }

  public static Failover defaults() {
    return new Failover(2, 0.1, Duration.ofSeconds(1));
  }
}
