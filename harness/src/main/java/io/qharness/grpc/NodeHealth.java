package io.qharness.grpc;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Outlier ejection's bookkeeping, per node: a node whose calls time out or fail in a row, whose
 * connection breaks, or which leaves every call unanswered while its peers answer (a frozen
 * process), is ejected: node selection skips it until a health probe finds it answering again.
 *
 * <p>Why it matters: a client that keeps sending a frozen node its share piles up calls there and
 * cancels each at its deadline. Real Qdrant counts those cancellations (HTTP/2 RST_STREAM) when it
 * resumes as a rapid-reset attack and closes the connection with every call on it (GOAWAY
 * ENHANCE_YOUR_CALM too_many_resets).
 *
 * <p>The call path ({@link #admitted}, {@link #sent}, {@link #answered}, {@link #failed}) is
 * lock-free and allocates nothing; ejections and probes are rare and synchronized. No thread of its
 * own: {@link NodeEjection} calls {@link #tick} and runs the probes. At most half the nodes (at
 * least one of two or more) are ejected at once, so that a cluster-wide slowdown is measured, not
 * hidden.
 */
public final class NodeHealth {
  /** How a call ended, as outlier detection sees it. */
  public enum Outcome {
    /** The node answered: success, or a refusal that is the request's fault, not the node's. */
    ANSWERED,
    /** The node answered with a failure of its own (UNAVAILABLE, INTERNAL...). */
    NODE_ERROR,
    /** No answer within the deadline: a failure, and no sign of life. */
    TIMEOUT,
    /** The connection could not be made or was closed (refused, reset, GOAWAY): ejects at once. */
    CONNECTION_LOST,
    /** Cut off by qharness itself when it ejected the node: tells nothing new. */
    CUT_OFF
  }

  /** Told of every ejection and re-admission, on the thread that decided it. */
  public interface Listener {
    void ejected(int node, String reason);

    void readmitted(int node, String how, long ejectedNanos);
  }

  /** Slowest answers decay by half over this, so one slow phase does not blunt stall detection. */
  private static final long SLOWEST_HALF_LIFE_NANOS = 30_000_000_000L;

  /** A stall must also last this many times the slowest recent answer of any node. */
  private static final int STALL_OVER_SLOWEST = 4;

  private final EjectionPolicy policy;
  private final Listener listener;
  private final int nodes;
  private final AtomicIntegerArray outstanding;
  private final AtomicLongArray lastProgress;
  private final AtomicLongArray lastAnswer;
  private final AtomicLongArray lastSuccess;
  private final AtomicIntegerArray failuresInARow;
  private final AtomicLongArray slowest;
  private final AtomicIntegerArray ejected;
  private final AtomicIntegerArray standby;

  /** Some node is ejected or on standby: selection must look before it sends. */
  private volatile boolean anyOut;

  // ejection bookkeeping, under this object's lock
  private final long[] ejectedAt;
  private final long[] nextProbeAt;
  private final boolean[] probing;
  private final int[] ejectionsInARow;
  private final long[] readmittedAt;
  private long lastTick;

  public NodeHealth(int nodes, EjectionPolicy policy, Listener listener) {
    this.nodes = nodes;
    this.policy = policy;
    this.listener = listener;
    this.outstanding = new AtomicIntegerArray(nodes);
    this.lastProgress = new AtomicLongArray(nodes);
    this.lastAnswer = new AtomicLongArray(nodes);
    this.lastSuccess = new AtomicLongArray(nodes);
    this.failuresInARow = new AtomicIntegerArray(nodes);
    this.slowest = new AtomicLongArray(nodes);
    this.ejected = new AtomicIntegerArray(nodes);
    this.standby = new AtomicIntegerArray(nodes);
    this.ejectedAt = new long[nodes];
    this.nextProbeAt = new long[nodes];
    this.probing = new boolean[nodes];
    this.ejectionsInARow = new int[nodes];
    this.readmittedAt = new long[nodes];
  }

  public EjectionPolicy policy() {
    return policy;
  }

  /** Whether node selection may give this node a new call: one volatile read while none is out. */
  public boolean admitted(int node) {
    return !anyOut || (ejected.get(node) == 0 && standby.get(node) == 0);
  }

  /**
   * Puts a node on standby (no calls, no probes, no ejection: a node not yet in the cluster, or one
   * being drained out of it), or brings it into service. Whatever it was ejected for is forgotten.
   */
  public synchronized void standby(int node, boolean on) {
    standby.set(node, on ? 1 : 0);
    ejected.set(node, 0);
    failuresInARow.set(node, 0);
    probing[node] = false;
    long now = System.nanoTime();
    lastProgress.set(node, now);
    anyOut = ejectedCount() > 0 || standbyCount() > 0;
  }

  /** Whether the node is on standby. */
  public boolean onStandby(int node) {
    return standby.get(node) != 0;
  }

  /** Calls sent to the node and not answered yet. */
  public int outstanding(int node) {
    return outstanding.get(node);
  }

  /** A call was sent to the node at {@code now} (System.nanoTime). */
  public void sent(int node, long now) {
    if (outstanding.getAndIncrement(node) == 0) {
      lastProgress.set(node, now); // idle until now: the stall clock starts with this call
    }
  }

  /** The node answered a call (success or a request's own refusal) that took {@code tookNanos}. */
  public void answered(int node, long now, long tookNanos) {
    outstanding.decrementAndGet(node);
    lastProgress.set(node, now);
    lastAnswer.set(node, now);
    lastSuccess.set(node, now);
    if (failuresInARow.get(node) != 0) {
      failuresInARow.set(node, 0);
    }
    if (tookNanos > slowest.get(node)) {
      slowest.set(node, tookNanos); // racy maximum: good enough for a threshold
    }
  }

  /**
   * A call to the node failed; {@code cause} says how, for the ejection's reason (failure path
   * only).
   */
  public void failed(int node, long now, Outcome outcome, String cause) {
    if (outcome == Outcome.ANSWERED) {
      answered(node, now, 0);
      return;
    }
    outstanding.decrementAndGet(node);
    switch (outcome) {
      case CONNECTION_LOST -> eject(node, now, "connection lost: " + cause);
      case NODE_ERROR, TIMEOUT -> {
        if (outcome == Outcome.NODE_ERROR) { // it answered, so it is not frozen
          lastProgress.set(node, now);
          lastAnswer.set(node, now);
        }
        int inARow = failuresInARow.incrementAndGet(node);
        if (inARow >= policy.failuresInARow()
            && ejected.get(node) == 0
            && peersSucceededSince(node, lastSuccess.get(node))) {
          eject(node, now, inARow + " failures in a row, the last: " + cause);
        }
      }
      default -> {} // CUT_OFF: the ejection already happened
    }
  }

  /**
   * The watchdog's periodic step: stall detection, decay of the slowest answers, and the ejected
   * nodes due for a probe (each then reported through {@link #probed}).
   */
  public synchronized List<Integer> tick(long now) {
    if (!policy.enabled()) {
      return List.of();
    }
    decaySlowest(now);
    long stallNanos = policy.stallAfter().toNanos();
    if (stallNanos > 0) {
      long threshold = Math.max(stallNanos, STALL_OVER_SLOWEST * slowestAnswer());
      for (int i = 0; i < nodes; i++) {
        int out = outstanding.get(i);
        long silent = now - lastProgress.get(i);
        if (ejected.get(i) == 0
            && standby.get(i) == 0
            && out > 0
            && silent > threshold
            && peersAnswered(i, now, silent)) {
          eject(
              i,
              now,
              String.format(
                  Locale.ROOT,
                  "no answer for %.1f s with %d call%s outstanding while other nodes answered",
                  silent / 1e9,
                  out,
                  out == 1 ? "" : "s"));
        }
      }
    }
    List<Integer> due = new ArrayList<>();
    for (int i = 0; i < nodes; i++) {
      if (ejected.get(i) != 0 && !probing[i] && now - nextProbeAt[i] >= 0) {
        probing[i] = true;
        due.add(i);
      }
    }
    return due;
  }

  /** What a probe of an ejected node found: answering re-admits it, else it is probed again. */
  public void probed(int node, long now, boolean answering, String how) {
    long ejectedFor;
    synchronized (this) {
      probing[node] = false;
      if (ejected.get(node) == 0) {
        return;
      }
      if (!answering) {
        nextProbeAt[node] = now + probeInterval();
        return;
      }
      ejectedFor = now - ejectedAt[node];
      failuresInARow.set(node, 0);
      lastProgress.set(node, now);
      readmittedAt[node] = now;
      ejected.set(node, 0);
      anyOut = ejectedCount() > 0 || standbyCount() > 0;
    }
    listener.readmitted(node, how, ejectedFor);
  }

  /** Whether the node is ejected now. */
  public boolean ejected(int node) {
    return ejected.get(node) != 0;
  }

  /** The watchdog's period: a quarter of the stall time, within 10..250 ms. */
  public long tickNanos() {
    long stall = policy.stallAfter().toNanos();
    long t = stall == 0 ? 100_000_000L : stall / 4;
    return Math.max(10_000_000L, Math.min(250_000_000L, t));
  }

  private void eject(int node, long now, String reason) {
    synchronized (this) {
      if (!policy.enabled()
          || ejected.get(node) != 0
          || standby.get(node) != 0
          || ejectedCount() >= maxEjected()) {
        return;
      }
      // ejections in a row double the wait; a node that stayed in for a while starts over
      boolean wasStable =
          readmittedAt[node] == 0
              || now - readmittedAt[node] > Math.max(10 * policy.baseEjection().toNanos(), 10e9);
      ejectionsInARow[node] = wasStable ? 1 : ejectionsInARow[node] + 1;
      ejectedAt[node] = now;
      nextProbeAt[node] = now + policy.ejectionTime(ejectionsInARow[node]).toNanos();
      ejected.set(node, 1);
      anyOut = true;
    }
    listener.ejected(node, reason);
  }

  /** At most half the nodes in service (at least one of two or more) are ejected at once. */
  private int maxEjected() {
    int serving = nodes - standbyCount();
    return serving < 2 || !policy.enabled() ? 0 : Math.max(1, serving / 2);
  }

  private int standbyCount() {
    int n = 0;
    for (int i = 0; i < nodes; i++) {
      n += standby.get(i);
    }
    return n;
  }

  private int ejectedCount() {
    int n = 0;
    for (int i = 0; i < nodes; i++) {
      n += ejected.get(i);
    }
    return n;
  }

  /**
   * Pause between a failed probe and the next: a quarter of the base ejection, within 0.1..1 s. A
   * probe of a frozen node waits for its connection until its deadline and succeeds as soon as the
   * node resumes, so with short pauses the re-admission follows the resume closely.
   */
  private long probeInterval() {
    return Math.max(100_000_000L, Math.min(1_000_000_000L, policy.baseEjection().toNanos() / 4));
  }

  /**
   * Another admitted node succeeded after this one last did: its failures are its own, not the
   * cluster's (every coordinator fails a search that needs a shard no live node holds).
   */
  private boolean peersSucceededSince(int node, long since) {
    for (int j = 0; j < nodes; j++) {
      long success = lastSuccess.get(j);
      if (j != node && ejected.get(j) == 0 && success != 0 && success - since > 0) {
        return true;
      }
    }
    return false;
  }

  /** Another admitted node answered while this one was silent: the silence is its own. */
  private boolean peersAnswered(int node, long now, long silent) {
    for (int j = 0; j < nodes; j++) {
      long answer = lastAnswer.get(j);
      if (j != node && ejected.get(j) == 0 && answer != 0 && now - answer < silent) {
        return true;
      }
    }
    return false;
  }

  private long slowestAnswer() {
    long max = 0;
    for (int i = 0; i < nodes; i++) {
      max = Math.max(max, slowest.get(i));
    }
    return max;
  }

  private void decaySlowest(long now) {
    if (lastTick != 0) {
      double factor = Math.pow(0.5, (double) (now - lastTick) / SLOWEST_HALF_LIFE_NANOS);
      for (int i = 0; i < nodes; i++) {
        slowest.set(i, (long) (slowest.get(i) * factor));
      }
    }
    lastTick = now;
  }
}
