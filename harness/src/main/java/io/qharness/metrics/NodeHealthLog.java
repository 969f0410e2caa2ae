package io.qharness.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * What happened to the nodes during a run, beside the latency histograms: when each was ejected and
 * re-admitted (outlier ejection), and the failed and retried calls per node and cause, second by
 * second, so that a report can say which node failed how and when. Written on failure paths and by
 * the health watchdog only, never for a successful call.
 */
public final class NodeHealthLog {
  /** An ejection or re-admission. */
  public record Event(
      long atMillis, String node, String kind, String detail, Double ejectedSeconds) {
    public static final String EJECTED = "ejected";
    public static final String READMITTED = "readmitted";
  }

  /**
   * Calls to one node that failed for one cause: {@code failed} ended as errors, {@code retried}
   * were served by another node's retry (or failed there, counted in that node's tallies).
   */
  public record Tally(
      String node, String cause, long failed, long retried, long firstMillis, long lastMillis) {}

  private record Key(int node, String cause, long second) {}

  private final List<String> nodeNames;
  private final List<Event> events = new CopyOnWriteArrayList<>();
  private final Map<Key, AtomicLongArray> perSecond = new ConcurrentHashMap<>();
  private volatile boolean ejectionOn;

  public NodeHealthLog(List<String> nodeNames) {
    this.nodeNames = List.copyOf(nodeNames);
  }

  /** Whether outlier ejection ran: reports say so, since without it a frozen node keeps calls. */
  public void ejectionOn(boolean on) {
    this.ejectionOn = on;
  }

  public boolean ejectionOn() {
    return ejectionOn;
  }

  public void ejected(int node, String reason) {
    ejected(node, reason, System.currentTimeMillis());
  }

  public void ejected(int node, String reason, long atMillis) {
    events.add(new Event(atMillis, nodeNames.get(node), Event.EJECTED, reason, null));
  }

  public void readmitted(int node, String how, long ejectedNanos) {
    readmitted(node, how, ejectedNanos, System.currentTimeMillis());
  }

  public void readmitted(int node, String how, long ejectedNanos, long atMillis) {
    events.add(new Event(atMillis, nodeNames.get(node), Event.READMITTED, how, ejectedNanos / 1e9));
  }

  /**
   * One call to {@code node} failed for {@code cause}; {@code retried} when another node took it.
   */
  public void failed(int node, String cause, boolean retried) {
    failed(node, cause, retried, System.currentTimeMillis());
  }

  public void failed(int node, String cause, boolean retried, long now) {
    AtomicLongArray a = // failed, retried, first and last millis
        perSecond.computeIfAbsent(
            new Key(node, cause, now / 1000),
            k -> {
              AtomicLongArray x = new AtomicLongArray(4);
              x.set(2, now);
              return x;
            });
    a.incrementAndGet(retried ? 1 : 0);
    a.accumulateAndGet(2, now, Math::min);
    a.accumulateAndGet(3, now, Math::max);
  }

  public List<Event> events() {
    return List.copyOf(events);
  }

  /** Failures per node and cause within [fromMillis, toMillis), or of the whole run (0, MAX). */
  public List<Tally> tallies(long fromMillis, long toMillis) {
    Map<String, long[]> sums = new TreeMap<>();
    Map<String, String[]> names = new TreeMap<>();
    perSecond.forEach(
        (k, a) -> {
          long first = a.get(2);
          if (first < fromMillis || first >= toMillis) {
            return;
          }
          String id = k.node() + "\u0000" + k.cause();
          names.putIfAbsent(id, new String[] {nodeNames.get(k.node()), k.cause()});
          long[] s = sums.computeIfAbsent(id, x -> new long[] {0, 0, Long.MAX_VALUE, 0});
          s[0] += a.get(0);
          s[1] += a.get(1);
          s[2] = Math.min(s[2], first);
          s[3] = Math.max(s[3], a.get(3));
        });
    List<Tally> out = new ArrayList<>();
    sums.forEach(
        (id, s) -> {
          String[] n = names.get(id);
          out.add(new Tally(n[0], n[1], s[0], s[1], s[2], s[3]));
        });
    out.sort((a, b) -> Long.compare(b.failed() + b.retried(), a.failed() + a.retried()));
    return out;
  }

  /** Nothing to report: no ejection and no failed call. */
  public boolean quiet() {
    return events.isEmpty() && perSecond.isEmpty();
  }

  /** The console's lines, times from {@code originMillis}; empty when quiet. */
  public String format(long originMillis) {
    if (quiet()) {
      return "";
    }
    StringBuilder s = new StringBuilder();
    s.append("node health (outlier ejection ")
        .append(ejectionOn ? "on" : "off")
        .append("; times from the start of the run):\n");
    for (Event e : events) {
      s.append(
          String.format(
              Locale.ROOT,
              "  %s %s at +%.1f s%s: %s%n",
              e.node(),
              e.kind().equals(Event.READMITTED) ? "re-admitted" : e.kind(),
              (e.atMillis() - originMillis) / 1000.0,
              e.kind().equals(Event.READMITTED)
                  ? String.format(Locale.ROOT, " after %.1f s", e.ejectedSeconds())
                  : "",
              e.detail()));
    }
    for (Tally t : tallies(0, Long.MAX_VALUE)) {
      s.append(
          String.format(
              Locale.ROOT,
              "  %s %s: %d failed, %d retried on other nodes (+%.1f..+%.1f s)%n",
              t.node(),
              t.cause(),
              t.failed(),
              t.retried(),
              (t.firstMillis() - originMillis) / 1000.0,
              (t.lastMillis() - originMillis) / 1000.0));
    }
    return s.toString();
  }
}
