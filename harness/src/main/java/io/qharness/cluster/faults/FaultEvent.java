package io.qharness.cluster.faults;

import io.qharness.config.Durations;
import java.time.Duration;
import java.util.Locale;

/**
 * One planned fault: at {@code at} after the load starts, do {@code action} to node {@code node}
 * (1-based).
 */
public record FaultEvent(Duration at, Action action, int node, Duration latency) {
  /** What can be done to a node. */
  public enum Action {
    STOP(false),
    KILL(false),
    START(true),
    PAUSE(false),
    RESUME(true),
    LATENCY(false),
    CLEAR(true);

    /** True for actions that end a fault (the node comes back). */
    public final boolean recovery;

    Action(boolean recovery) {
      this.recovery = recovery;
    }

    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public String describe() {
    return "+"
        + Durations.format(at)
        + " "
        + action.label()
        + " node"
        + node
        + (action == Action.LATENCY ? " " + Durations.format(latency) : "");
  }
}
