package io.qharness.grpc;

import java.time.Duration;

/**
 * When a node stops getting new calls (outlier ejection, as gRPC's outlier detection and Envoy do
 * it) and how it comes back.
 *
 * @param enabled false sends every node its share whatever it does: what a client without ejection
 *     sees
 * @param failuresInARow timeouts or node failures in a row that eject a node
 * @param stallAfter how long a node may leave every call unanswered while its peers answer before
 *     it is ejected (a frozen process, a long pause); zero turns stall detection off
 * @param baseEjection the shortest ejection; it doubles with each ejection in a row, up to {@code
 *     maxEjection}, and ends when a health probe answers after it
 * @param maxEjection the longest wait before probing again
 */
public record EjectionPolicy(
    boolean enabled,
    int failuresInARow,
    Duration stallAfter,
    Duration baseEjection,
    Duration maxEjection) {
  public EjectionPolicy {
    if (failuresInARow < 1 || failuresInARow > 1000) {
      throw new IllegalArgumentException(
          "failures in a row before ejection must be within 1..1000, got " + failuresInARow);
    }
    if (stallAfter == null || stallAfter.isNegative()) {
      throw new IllegalArgumentException(
          "the stall time before ejection must be zero (off) or positive, got " + stallAfter);
    }
    if (baseEjection == null || baseEjection.isNegative()) {
      throw new IllegalArgumentException(
          "the ejection time must be zero or positive, got " + baseEjection);
    }
    if (maxEjection == null || maxEjection.compareTo(baseEjection) < 0) {
      throw new IllegalArgumentException(
          "the longest ejection (" + maxEjection + ") is shorter than the first (" + baseEjection);
    }
  }

  /** On: 5 failures in a row or 1 s without an answer eject a node for 1 s at first. */
  public static EjectionPolicy defaults() {
    return new EjectionPolicy(true, 5, Duration.ofSeconds(1), Duration.ofSeconds(1), MAX);
  }

  /** Off: every node keeps its share of calls whatever it does. */
  public static EjectionPolicy off() {
    return new EjectionPolicy(false, 5, Duration.ofSeconds(1), Duration.ofSeconds(1), MAX);
  }

  /** The longest wait between probes of an ejected node. */
  public static final Duration MAX = Duration.ofSeconds(30);

  /** The ejection time after {@code inARow} ejections in a row (1 for the first). */
  public Duration ejectionTime(int inARow) {
    long base = baseEjection.toNanos();
    int shift = Math.min(Math.max(0, inARow - 1), 20);
    long t = base << shift;
    return t < 0 || t > maxEjection.toNanos() ? maxEjection : Duration.ofNanos(t);
  }
}
