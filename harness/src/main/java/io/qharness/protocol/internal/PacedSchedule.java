package io.qharness.protocol.internal;

import io.qharness.protocol.OpenLoad;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One action's progress through an {@link OpenLoad}: the schedule starts when the first driver
 * arrives, and drivers (one or more virtual users) claim due arrivals one at a time.
 */
final class PacedSchedule {
  private final OpenLoad load;
  private final long total;
  private final AtomicLong next = new AtomicLong();
  private final AtomicLong startNanos = new AtomicLong();

  PacedSchedule(OpenLoad load) {
    this.load = load;
    this.total = load.arrivals();
  }

  void start(long nowNanos) {
    startNanos.compareAndSet(0, nowNanos);
  }

  /** Index of the next unclaimed arrival; {@code >= total()} when the schedule is done. */
  long peek() {
    return next.get();
  }

  long total() {
    return total;
  }

  boolean claim(long i) {
    return next.compareAndSet(i, i + 1);
  }

  long intendedNanos(long i) {
    return startNanos.get() + load.offsetNanos(i);
  }

  OpenLoad load() {
    return load;
  }
}
