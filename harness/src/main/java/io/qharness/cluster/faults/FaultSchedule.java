package io.qharness.cluster.faults;

import io.qharness.config.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * A fault schedule, written as events separated by ';' (or new lines), each {@code <time> <action>
 * <node> [latency]} with the time counted from the start of the load:
 *
 * <pre>
 *   10s kill node2; 25s start node2; 30s pause 3; 33s resume qdrant_node3; 40s latency node1 50ms; 50s clear node1
 * </pre>
 *
 * Actions: stop, kill, start (after stop or kill), pause, resume, latency (test cluster only),
 * clear. Nodes: node1..nodeN, qdrant_node1..N (the compose services) or 1..N.
 */
public final class FaultSchedule {
  private final List<FaultEvent> events;

  private FaultSchedule(List<FaultEvent> events) {
    this.events = List.copyOf(events);
  }

  public static FaultSchedule empty() {
    return new FaultSchedule(List.of());
  }

  public List<FaultEvent> events() {
    return events;
  }

  public boolean isEmpty() {
    return events.isEmpty();
  }

  /**
   * Parses a schedule for a cluster of {@code nodes} nodes; every mistake names the event and what
   * is allowed.
   */
  public static FaultSchedule parse(String spec, int nodes) {
    List<FaultEvent> out = new ArrayList<>();
    if (spec == null || spec.isBlank()) {
      return empty();
    }
    for (String raw : spec.split("[;\\n]")) {
      String text = raw.trim();
      if (text.isEmpty()) {
        continue;
      }
      String[] f = text.split("\\s+");
      if (f.length < 3) {
        throw new IllegalArgumentException(
            "fault event '"
                + text
                + "': expected '<time> <action> <node> [latency]', e.g. '10s kill node2'");
      }
      Duration at;
      try {
        at = Durations.parse(f[0]);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "fault event '" + text + "': time '" + f[0] + "' is not a duration (e.g. 10s, 1m30s)");
      }
      FaultEvent.Action action;
      try {
        action = FaultEvent.Action.valueOf(f[1].toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "fault event '"
                + text
                + "': unknown action '"
                + f[1]
                + "'; allowed: stop, kill, start, pause, resume, latency, clear");
      }
      int node = node(f[2], nodes, text);
      Duration latency = null;
      if (action == FaultEvent.Action.LATENCY) {
        if (f.length != 4) {
          throw new IllegalArgumentException(
              "fault event '" + text + "': latency needs an amount, e.g. '40s latency node1 50ms'");
        }
        try {
          latency = Durations.parse(f[3]);
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException(
              "fault event '" + text + "': latency '" + f[3] + "' is not a duration (e.g. 50ms)");
        }
      } else if (f.length != 3) {
        throw new IllegalArgumentException(
            "fault event '" + text + "': unexpected '" + f[3] + "' after the node");
      }
      out.add(new FaultEvent(at, action, node, latency));
    }
    out.sort(Comparator.comparing(FaultEvent::at));
    return new FaultSchedule(out);
  }

  private static int node(String s, int nodes, String event) {
    String t = s.toLowerCase(Locale.ROOT);
    String digits =
        t.startsWith("qdrant_node") ? t.substring(11) : t.startsWith("node") ? t.substring(4) : t;
    int n;
    try {
      n = Integer.parseInt(digits);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "fault event '"
              + event
              + "': node '"
              + s
              + "' is not node1..node"
              + nodes
              + " (or qdrant_node1.., or 1..)");
    }
    if (n < 1 || n > nodes) {
      throw new IllegalArgumentException(
          "fault event '"
              + event
              + "': node "
              + n
              + " does not exist; the target has nodes 1.."
              + nodes);
    }
    return n;
  }

  /** Checks the injector can do every action, naming the first it cannot. */
  public void requireSupported(FaultInjector injector) {
    for (FaultEvent e : events) {
      if (!injector.supports(e.action())) {
        throw new IllegalArgumentException(
            "fault event '"
                + e.describe()
                + "': the "
                + injector.name()
                + " injector cannot "
                + e.action().label()
                + " (latency faults need the embedded test cluster)");
      }
    }
  }

  @Override
  public String toString() {
    List<String> s = new ArrayList<>();
    events.forEach(e -> s.add(e.describe()));
    return String.join("; ", s);
  }

  static String format(Duration d) {
    return Durations.format(d);
  }
}
