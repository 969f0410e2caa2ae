package io.qharness.run;

import io.qharness.cluster.IndexReadiness;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * How long after the end of the load every node has indexed what was written: polls {@link
 * IndexReadiness} on its own thread from the end of the load (while the write audit runs) until
 * three readings in a row find it ready, or the wait runs out. One ready reading is no proof: an
 * optimiser may not have started yet.
 */
final class IndexAfterLoad {
  private static final int READY_IN_A_ROW = 3;
  private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(250);

  private final IndexReadiness readiness;
  private final String collection;
  private final Duration wait;
  private final Thread thread;
  private volatile IndexReadiness.Reading last;

  IndexAfterLoad(IndexReadiness readiness, String collection, Duration wait) {
    this.readiness = readiness;
    this.collection = collection;
    this.wait = wait;
    this.thread = new Thread(this::poll, "qharness-index-after-load");
    thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  private void poll() {
    long giveUp = System.nanoTime() + wait.toNanos();
    int inARow = 0;
    while (inARow < READY_IN_A_ROW && System.nanoTime() < giveUp) {
      try {
        boolean ready = readiness.check(collection).toCompletableFuture().join().ready();
        inARow = ready ? inARow + 1 : 0;
      } catch (RuntimeException e) {
        inARow = 0; // a node that cannot answer is not ready yet
      }
      last = readiness.last();
      if (inARow < READY_IN_A_ROW) {
        LockSupport.parkNanos(POLL_NANOS);
      }
    }
  }

  /** Waits for the polling to end (bounded by the wait) and returns the last reading, or null. */
  IndexReadiness.Reading await() {
    try {
      thread.join(wait.toMillis() + 15_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return last;
  }
}
