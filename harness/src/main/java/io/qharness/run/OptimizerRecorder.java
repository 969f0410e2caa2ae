package io.qharness.run;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.qharness.cluster.Optimizations;
import io.qharness.cluster.Optimizations.Optimization;
import io.qharness.cluster.Optimizations.Snapshot;
import io.qharness.cluster.QdrantRest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.function.IntPredicate;

/**
 * What the optimiser did in each phase of a run, from Qdrant 1.19's optimizations endpoint polled
 * every second on a thread of its own: each optimisation (by uuid) once, in the phase it started
 * in, with its optimizer, points, seconds and seconds per stage. Qdrant keeps only the last 16
 * optimisations of each shard replica, so reading them as they finish is what keeps them all.
 */
final class OptimizerRecorder {
  static final long POLL_MILLIS = 1000;

  /** Idle readings in a row (seconds) before the optimiser counts as done after a load. */
  static final int SETTLE_READINGS = 3;

  private static final int COMPLETED = 64;

  private final QdrantRest rest;
  private final List<String> addresses;
  private final String collection;
  private final Map<String, Optimization> seen = new LinkedHashMap<>();
  private final List<Mark> marks = new ArrayList<>();
  private Snapshot last;
  private String unavailable;
  private int polls;
  private int idleStreak;
  private final IntPredicate down;
  private volatile boolean stopped;
  private volatile boolean settled;
  private Thread thread;

  /** A phase that started at {@code at}; null name: the load's end. */
  record Mark(String phase, Instant at) {}

  /** The optimiser's work in one phase. */
  record Use(int count, double seconds, long points) {}

  /** One phase: its optimisations per optimizer, and seconds per stage over all of them. */
  record PhaseOptimizations(
      String phase,
      int optimizations,
      double seconds,
      Map<String, Use> byOptimizer,
      Map<String, Double> stageSeconds) {}

  /** run.json {@code optimizer}. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Report(
      String source,
      int polls,
      List<PhaseOptimizations> phases,
      int runningAtEnd,
      int queuedAtEnd,
      String note) {}

  /**
   * @param down the nodes (1-based) a fault or a restart has taken down, which are not asked: a
   *     Qdrant stopping on SIGTERM serves an open REST connection for as long as it stays busy, up
   *     to 30 s, and a poll a second kept ours busy; the node outlived its stop, and a start
   *     meanwhile panicked on the WAL lock the old process still held
   */
  OptimizerRecorder(QdrantRest rest, List<String> addresses, String collection, IntPredicate down) {
    this.rest = rest;
    this.addresses = List.copyOf(addresses);
    this.collection = collection;
    this.down = down;
  }

  synchronized void phase(String name) {
    marks.add(new Mark(name, Instant.now()));
    idleStreak = 0; // settled counts readings from this phase on: a write may just have queued one
    settled = false;
    if (thread == null && name != null && !addresses.isEmpty()) {
      thread = new Thread(this::poll, "qharness-optimizer");
      thread.setDaemon(true);
      thread.start();
    }
  }

  private void poll() {
    while (!stopped) {
      readOnce();
      try {
        TimeUnit.MILLISECONDS.sleep(POLL_MILLIS);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** One reading from the first node that answers, of those not taken down on purpose. */
  void readOnce() {
    String why = null;
    boolean asked = false;
    for (int n = 1; n <= addresses.size(); n++) {
      if (down.test(n)) {
        continue;
      }
      asked = true;
      String a = addresses.get(n - 1);
      try {
        add(Optimizations.read(rest, a, collection, COMPLETED).join());
        return;
      } catch (CompletionException e) {
        why = a + ": " + (e.getCause() == null ? e : e.getCause()).getMessage();
      }
    }
    if (!asked) {
      return; // every node is down on purpose: nothing to read, and nothing wrong
    }
    synchronized (this) {
      unavailable = why;
    }
  }

  synchronized void add(Snapshot s) {
    polls++;
    last = s;
    idleStreak = s.idle() ? idleStreak + 1 : 0;
    settled = idleStreak >= SETTLE_READINGS;
    unavailable = null;
    for (Optimization o : s.running()) {
      seen.putIfAbsent(o.uuid(), o);
    }
    for (Optimization o : s.completed()) {
      seen.put(o.uuid(), o); // finished: its duration and stages are known now
    }
  }

  /** Stops polling after one last reading. */
  void stop() {
    stopped = true;
    if (thread != null) {
      thread.interrupt();
      try {
        thread.join(5000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      readOnce();
    }
  }

  synchronized Report report() {
    if (polls == 0) {
      return unavailable == null
          ? null
          : new Report(
              null,
              0,
              List.of(),
              0,
              0,
              "the optimizations endpoint (Qdrant 1.17+) did not answer: " + unavailable);
    }
    return new Report(
        "GET " + Optimizations.path(collection, COMPLETED),
        polls,
        byPhase(List.copyOf(seen.values()), marks),
        last.running().size(),
        last.queuedOptimizations(),
        null);
  }

  /** Pure: each optimisation in the phase it started in (before the first mark: not counted). */
  static List<PhaseOptimizations> byPhase(List<Optimization> all, List<Mark> marks) {
    List<PhaseOptimizations> out = new ArrayList<>();
    for (int i = 0; i < marks.size(); i++) {
      Mark m = marks.get(i);
      if (m.phase() == null) {
        continue;
      }
      Instant from = m.at();
      Instant to = i + 1 < marks.size() ? marks.get(i + 1).at() : Instant.MAX;
      Map<String, double[]> use = new TreeMap<>();
      Map<String, Double> stages = new LinkedHashMap<>();
      int count = 0;
      double seconds = 0;
      for (Optimization o : all) {
        if (o.startedAt() == null || o.startedAt().isBefore(from) || !o.startedAt().isBefore(to)) {
          continue;
        }
        count++;
        double s = o.seconds() == null ? 0 : o.seconds();
        seconds += s;
        double[] u = use.computeIfAbsent(o.optimizer(), k -> new double[3]);
        u[0]++;
        u[1] += s;
        u[2] += o.points();
        o.stageSeconds().forEach((k, v) -> stages.merge(k, v, Double::sum));
      }
      Map<String, Use> byOptimizer = new LinkedHashMap<>();
      use.forEach((k, u) -> byOptimizer.put(k, new Use((int) u[0], round(u[1]), (long) u[2])));
      Map<String, Double> rounded = new LinkedHashMap<>();
      stages.forEach((k, v) -> rounded.put(k, round(v)));
      out.add(new PhaseOptimizations(m.phase(), count, round(seconds), byOptimizer, rounded));
    }
    return out;
  }

  private static double round(double v) {
    return Math.round(v * 1000) / 1000.0;
  }

  /** One console line per phase with optimisations. */
  static List<String> lines(Report r) {
    List<String> out = new ArrayList<>();
    if (r.note() != null) {
      out.add("qharness: optimizer: " + r.note());
      return out;
    }
    for (PhaseOptimizations p : r.phases()) {
      if (p.optimizations() == 0) {
        continue;
      }
      StringBuilder b =
          new StringBuilder(
              String.format(
                  Locale.ROOT,
                  "qharness: optimizer in %s: %d optimisation(s), %.2f s (",
                  p.phase(),
                  p.optimizations(),
                  p.seconds()));
      List<String> parts = new ArrayList<>();
      p.byOptimizer().forEach((k, u) -> parts.add(k + " " + u.count()));
      b.append(String.join(", ", parts)).append(')');
      List<Map.Entry<String, Double>> top = new ArrayList<>(p.stageSeconds().entrySet());
      top.removeIf(e -> e.getKey().contains("/") || e.getValue() < 0.0005);
      top.sort(Map.Entry.<String, Double>comparingByValue().reversed());
      if (!top.isEmpty()) {
        b.append(": ");
        List<String> s = new ArrayList<>();
        for (int i = 0; i < Math.min(4, top.size()); i++) {
          s.add(
              String.format(Locale.ROOT, "%s %.2f s", top.get(i).getKey(), top.get(i).getValue()));
        }
        b.append(String.join(", ", s));
      }
      out.add(b.toString());
    }
    if (r.runningAtEnd() > 0 || r.queuedAtEnd() > 0) {
      out.add(
          String.format(
              Locale.ROOT,
              "qharness: optimizer at the end: %d running, %d queued",
              r.runningAtEnd(),
              r.queuedAtEnd()));
    }
    return out;
  }

  /**
   * Nothing ran or waited in the optimiser for the last {@link #SETTLE_READINGS} readings in a row:
   * a volatile read, cheap enough to ask before every arrival of a load.
   */
  boolean settled() {
    return settled;
  }

  /** Readings so far. */
  synchronized int polls() {
    return polls;
  }
}
