package io.qharness.cluster.scale;

import io.qharness.config.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The steps of a scale event, in order: {@code join nodeN} (start it, wait until it is a ready
 * voter, then send it calls), {@code rebalance} (spread shard replicas onto the nodes that joined),
 * {@code drain nodeN} (stop sending it calls, move its replicas off, remove the peer, stop it). A
 * step may carry a time from the start of the load ({@code 30s join node4}); it starts then, and
 * never before the step ahead of it has finished and {@code steady} has passed.
 *
 * @param steps in order
 */
public record ScaleSchedule(List<Step> steps) {
  /** What a step does. */
  public enum Action {
    JOIN,
    REBALANCE,
    DRAIN;

    String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * One step: {@code node} is 1-based over the hosts and then the scale hosts (0 for rebalance);
   * {@code at} is null when the step only follows the one ahead of it.
   */
  public record Step(Duration at, Action action, int node) {
    public String describe() {
      return (at == null ? "" : "+" + Durations.format(at) + " ")
          + action.label()
          + (node > 0 ? " node" + node : "");
    }
  }

  /**
   * Parses "join node4; rebalance; 90s drain node4".
   *
   * @param members how many nodes are in the cluster at the start (node1..nodeM)
   * @param total members plus the nodes that may join (nodeM+1..nodeT)
   */
  public static ScaleSchedule parse(String text, int members, int total) {
    List<Step> steps = new ArrayList<>();
    boolean[] in = new boolean[total + 1];
    for (int i = 1; i <= members; i++) {
      in[i] = true;
    }
    boolean joined = false;
    for (String part : text.split(";")) {
      String p = part.trim();
      if (p.isEmpty()) {
        continue;
      }
      String[] w = p.split("\\s+");
      int k = 0;
      Duration at = null;
      if (Character.isDigit(w[0].charAt(0))) {
        try {
          at = Durations.parse(w[0]);
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("scale step '" + p + "': " + e.getMessage());
        }
        k = 1;
      }
      if (k >= w.length) {
        throw new IllegalArgumentException("scale step '" + p + "' has a time but no action");
      }
      Action action = action(w[k], p);
      int node = 0;
      if (action == Action.REBALANCE) {
        if (w.length > k + 1) {
          throw new IllegalArgumentException(
              "scale step '"
                  + p
                  + "': rebalance takes no node (it spreads onto every node joined)");
        }
        if (!joined) {
          throw new IllegalArgumentException(
              "scale step '" + p + "': rebalance before any join has nowhere to spread to");
        }
      } else {
        if (w.length != k + 2) {
          throw new IllegalArgumentException(
              "scale step '"
                  + p
                  + "': "
                  + action.label()
                  + " takes one node, e.g. "
                  + action.label()
                  + " node4");
        }
        node = node(w[k + 1], p, total);
        joined |= updateMembers(action, node, in, p, members, total);
      }
      steps.add(new Step(at, action, node));
    }
    if (steps.isEmpty()) {
      throw new IllegalArgumentException("the scale schedule has no step");
    }
    int count = 0;
    for (boolean b : in) {
      count += b ? 1 : 0;
    }
    if (count == 0) {
      throw new IllegalArgumentException("the scale schedule drains every node");
    }
    return new ScaleSchedule(List.copyOf(steps));
  }

  /**
   * Marks {@code node} in or out of the cluster for a join or drain, refusing a join of a member or
   * a drain of a node not in; true for a join.
   */
  private static boolean updateMembers(
      Action action, int node, boolean[] in, String p, int members, int total) {
    if (action == Action.JOIN) {
      if (in[node]) {
        throw new IllegalArgumentException(
            "scale step '"
                + p
                + "': node"
                + node
                + " is in the cluster already; join one of the scale hosts (node"
                + (members + 1)
                + ".."
                + "node"
                + total
                + ")");
      }
      in[node] = true;
    } else {
      if (!in[node]) {
        throw new IllegalArgumentException(
            "scale step '" + p + "': node" + node + " is not in the cluster then; join it first");
      }
      in[node] = false;
    }
    return action == Action.JOIN;
  }

  private static Action action(String word, String p) {
    try {
      return Action.valueOf(word.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "scale step '" + p + "': unknown action '" + word + "'; known: join, rebalance, drain");
    }
  }

  private static int node(String word, String step, int total) {
    String w = word.toLowerCase(Locale.ROOT);
    String digits =
        w.startsWith("qdrant_node") ? w.substring(11) : w.startsWith("node") ? w.substring(4) : w;
    try {
      int n = Integer.parseInt(digits);
      if (n >= 1 && n <= total) {
        return n;
      }
    } catch (NumberFormatException e) {
      // below
    }
    throw new IllegalArgumentException(
        "scale step '"
            + step
            + "': unknown node '"
            + word
            + "'; nodes are node1..node"
            + total
            + " (hosts, then scaleHosts)");
  }

  /** Nodes the cluster gains over the schedule: joins minus drains. */
  public int sizeChange() {
    int n = 0;
    for (Step s : steps) {
      n += s.action() == Action.JOIN ? 1 : s.action() == Action.DRAIN ? -1 : 0;
    }
    return n;
  }

  @Override
  public String toString() {
    return String.join("; ", steps.stream().map(Step::describe).toList());
  }
}
