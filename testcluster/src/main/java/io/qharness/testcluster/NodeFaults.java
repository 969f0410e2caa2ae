package io.qharness.testcluster;

import io.grpc.Status;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Fault knobs of one test node, applied to every gRPC call it coordinates: a fixed added latency
 * and a failure probability with the gRPC status to fail with. Changes apply to calls that arrive
 * afterwards.
 */
public final class NodeFaults {
  private volatile long latencyNanos;
  private volatile double errorRate;
  private volatile Status.Code errorCode = Status.Code.UNAVAILABLE;

  /** Adds {@code latency} before every call this node handles; zero removes it. */
  public NodeFaults latency(Duration latency) {
    if (latency.isNegative()) {
      throw new IllegalArgumentException("latency must not be negative, got " + latency);
    }
    this.latencyNanos = latency.toNanos();
    return this;
  }

  /** Fails a fraction {@code rate} (0..1) of calls with {@code code}. */
  public NodeFaults errors(double rate, Status.Code code) {
    if (rate < 0 || rate > 1) {
      throw new IllegalArgumentException("error rate must be within [0, 1], got " + rate);
    }
    if (code == Status.Code.OK) {
      throw new IllegalArgumentException("an injected error needs a non-OK status code");
    }
    this.errorRate = rate;
    this.errorCode = code;
    return this;
  }

  /** Removes every fault. */
  public NodeFaults clear() {
    latencyNanos = 0;
    errorRate = 0;
    return this;
  }

  long latencyNanos() {
    return latencyNanos;
  }

  /** The status to fail this call with, or null to let it through. */
  Status injectedFailure(String endpoint) {
    double rate = errorRate;
    if (rate > 0 && ThreadLocalRandom.current().nextDouble() < rate) {
      return Status.fromCode(errorCode)
          .withDescription("injected fault (qharness test cluster) on " + endpoint);
    }
    return null;
  }
}
