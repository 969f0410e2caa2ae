package io.qharness.run;

import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.exitHereIf;

import io.gatling.javaapi.core.ChainBuilder;
import io.qharness.cluster.faults.FaultInjector;
import io.qharness.metrics.OperationSummary;
import io.qharness.metrics.RunListener;
import io.qharness.metrics.RunMetrics;
import io.qharness.metrics.RunSummary;
import io.qharness.results.RunFile;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import org.HdrHistogram.Histogram;

/**
 * A cold start: the same searches warm, then right after the nodes restarted (see {@link
 * ColdRestart}), with the time until the cold searches' p99 settles: the start of the first {@link
 * #SETTLE_RUN} sampling intervals in a row whose p99 stayed within {@link #SETTLE_FACTOR} x the
 * warm p99, counted from the first cold search. The record ({@code coldStart}) sets warm and cold
 * side by side with the page faults and the bytes read from disk of each phase.
 */
public final class ColdStart implements RunListener {
  /** A cold interval within this factor of the warm p99 counts as settled. */
  public static final double SETTLE_FACTOR = 1.5;

  /** Settled: this many intervals in a row within the factor (a shorter phase: all of it). */
  public static final int SETTLE_RUN = 3;

  public static final String WARM_PHASE = "warm";
  public static final String RESTART_PHASE = "restart";
  public static final String COLD_PHASE = "cold";

  private final QharnessRun run;
  private final ColdRestart restart;
  private final FaultInjector injector;
  private final String warmOp;
  private final String coldOp;
  private final List<double[]> coldIntervals = new ArrayList<>(); // {startMillis, p99 µs, count}
  private volatile RunMetrics metrics;
  private volatile CompletableFuture<ColdRestart.Result> pending;
  private volatile ColdRestart.Result result;
  private Latency latency;
  private RunFile.ServerResources resources;
  private boolean serverRead;

  /** One interval of the cold searches: seconds from the first one, its p99 and its count. */
  public record Point(double atSeconds, double p99Ms, long searches) {}

  /** The searches' latency, warm against cold, and how long the cold p99 took to settle. */
  public record Latency(
      long warmSearches,
      double warmP50Ms,
      double warmP99Ms,
      long coldSearches,
      double coldP50Ms,
      double coldP99Ms,
      Double firstIntervalP99Ms,
      Double settledAfterSeconds,
      int intervalsAboveAfterSettling,
      double intervalSeconds,
      List<Point> coldTimeline) {}

  /** run.json {@code coldStart}. */
  public record Report(
      ColdRestart.Result restart,
      Latency latency,
      Long warmMajorFaults,
      Long coldMajorFaults,
      Long warmReadBytes,
      Long coldReadBytes,
      String note) {}

  ColdStart(QharnessRun run, ColdRestart restart, String warmOp, String coldOp) {
    this.run = run;
    this.restart = restart;
    this.injector = restart.injector(); // refuses what cannot restart the nodes, before any load
    this.warmOp = warmOp;
    this.coldOp = coldOp;
  }

  /**
   * The restart as steps of a chain: enters the restart phase, restarts the nodes on a thread of
   * its own while the chain polls, and stops the run when the nodes did not come back.
   */
  public ChainBuilder restart() {
    return exec(run.enter(RESTART_PHASE))
        .exec(
            session -> {
              String notWarm = warmFailed();
              if (notWarm != null) {
                pending = CompletableFuture.completedFuture(restart.notRestarted(notWarm));
                return session;
              }
              run.nodesDown(restart.nodes(), true);
              pending =
                  CompletableFuture.supplyAsync(() -> restart.restart(injector))
                      .whenComplete((r, e) -> run.nodesDown(restart.nodes(), false));
              return session;
            })
        .asLongAs(session -> !pending.isDone())
        .on(exec(session -> session).pause(Duration.ofMillis(200)))
        .exec(
            session -> {
              result = pending.join();
              PrintStream out = run.out();
              if (result.failure() != null) {
                out.println(
                    "qharness: the cold restart failed, so the cold searches are skipped: "
                        + result.failure());
                return session.markAsFailed();
              }
              out.printf(
                  Locale.ROOT,
                  "qharness: restarted node%s %s: down in %.1f s, ready %.1f s after the start%s%n",
                  result.nodes().size() == 1 ? "" : "s",
                  result.nodes(),
                  result.downSeconds(),
                  result.startToReadySeconds(),
                  result.cacheCommand() == null
                      ? " (the OS page cache was kept: set coldCacheCommand to empty it)"
                      : "; cache command: " + result.cacheOutcome());
              return session;
            })
        .exitHereIfFailed();
  }

  /**
   * Why the nodes must not restart, or null: every warm search sampled so far failed (a cluster
   * that fails its searches has no warm figures to set the cold ones beside, and a restart would
   * hide why it failed). Sampled: the last interval's searches are not counted yet.
   */
  private String warmFailed() {
    RunMetrics m = metrics;
    return m == null
        ? null
        : warmFailed(
            warmOp,
            m.cumulative(warmOp, RunMetrics.Kind.LATENCY_OK).getTotalCount(),
            m.cumulative(warmOp, RunMetrics.Kind.LATENCY_KO).getTotalCount());
  }

  /** Pure: the reason not to restart after {@code ok} and {@code failed} warm searches, or null. */
  static String warmFailed(String warmOp, long ok, long failed) {
    if (ok > 0 || failed == 0) {
      return null;
    }
    return "the nodes were not restarted: no '"
        + warmOp
        + "' search succeeded ("
        + failed
        + " failed; their errors are above), so there are no warm figures to compare with";
  }

  @Override
  public void started(RunMetrics metrics) {
    this.metrics = metrics;
  }

  /**
   * Put before the cold searches: ends the scenario when the restart failed, since searches on
   * nodes that were never restarted (or some of them) would be recorded as cold and are not.
   */
  public ChainBuilder skipUnlessRestarted() {
    return exitHereIf(session -> restartFailed());
  }

  /** True once a restart ended without every node back and ready. */
  private boolean restartFailed() {
    ColdRestart.Result r = result;
    return r != null && r.failure() != null;
  }

  @Override
  public synchronized void interval(RunMetrics.Interval interval) {
    Histogram h = new Histogram(3);
    for (RunMetrics.SeriesInterval s : interval.series()) {
      if (s.operation().equals(coldOp)
          && (s.kind() == RunMetrics.Kind.LATENCY_OK || s.kind() == RunMetrics.Kind.LATENCY_KO)) {
        h.add(s.histogram());
      }
    }
    if (h.getTotalCount() > 0) {
      coldIntervals.add(
          new double[] {
            interval.startMillis(),
            h.getValueAtPercentile(99),
            h.getTotalCount(),
            interval.endMillis()
          });
    }
  }

  /**
   * The load's figures: Gatling ends the protocol after the simulation's after-hook, so this comes
   * after {@link #serverRead}; the record is completed with them, as the run is sealed.
   */
  @Override
  public synchronized void ended(RunSummary summary) {
    latency = latency(summary.operation(warmOp), summary.operation(coldOp), coldIntervals);
    if (serverRead) {
      write(false);
    }
  }

  /** At the run's close, with the server's phases read: recorded now, completed by ended(). */
  synchronized void serverRead(RunFile.ServerResources phases) {
    this.resources = phases;
    this.serverRead = true;
    write(latency == null);
  }

  private void write(boolean partial) {
    Report r = report(resources);
    if (!partial) {
      lines(r).forEach(run.out()::println);
    }
    run.record().put(RunFile.Section.COLD_START, r, partial);
  }

  /**
   * Pure: warm against cold, and when the cold p99 settled (intervals: start, p99 µs, n, end): the
   * start of the first {@link #SETTLE_RUN} intervals in a row within {@link #SETTLE_FACTOR} x the
   * warm p99, from the first cold search (null when there is no such run); the intervals above the
   * limit after it are counted apart, so a late spike shows without moving the settling time.
   */
  static Latency latency(OperationSummary warm, OperationSummary cold, List<double[]> intervals) {
    if (warm == null || cold == null || intervals.isEmpty()) {
      return null;
    }
    double start = intervals.get(0)[0];
    double limit = SETTLE_FACTOR * warm.p99Micros();
    List<Point> timeline = new ArrayList<>();
    double width = 0;
    Integer settledAt = null;
    int within = 0;
    for (int k = 0; k < intervals.size(); k++) {
      double[] i = intervals.get(k);
      timeline.add(new Point(round((i[0] - start) / 1000), round(i[1] / 1000), (long) i[2]));
      width = Math.max(width, (i[3] - i[0]) / 1000);
      within = i[1] <= limit ? within + 1 : 0;
      boolean shortPhase = intervals.size() < SETTLE_RUN && k == intervals.size() - 1;
      if (settledAt == null && within > 0 && (within == SETTLE_RUN || shortPhase)) {
        settledAt = k - within + 1;
      }
    }
    int late = 0;
    for (int k = settledAt == null ? intervals.size() : settledAt; k < intervals.size(); k++) {
      late += intervals.get(k)[1] > limit ? 1 : 0;
    }
    return new Latency(
        warm.count(),
        round(warm.p50Micros() / 1000.0),
        round(warm.p99Micros() / 1000.0),
        cold.count(),
        round(cold.p50Micros() / 1000.0),
        round(cold.p99Micros() / 1000.0),
        round(intervals.get(0)[1] / 1000),
        settledAt == null ? null : round((intervals.get(settledAt)[0] - start) / 1000),
        late,
        round(width),
        timeline);
  }

  /** The record of what is known so far. */
  synchronized Report report(RunFile.ServerResources resources) {
    Long[] warm = io(resources, WARM_PHASE);
    Long[] cold = io(resources, COLD_PHASE);
    String note =
        result != null && result.cacheCommand() == null
            ? "the OS page cache was kept across the restart: only Qdrant started cold"
            : null;
    return new Report(result, latency, warm[0], cold[0], warm[1], cold[1], note);
  }

  /** Major faults and bytes read over a phase, summed over the nodes (null where unread). */
  private static Long[] io(RunFile.ServerResources resources, String phase) {
    if (resources == null) {
      return new Long[2];
    }
    for (RunFile.Phase p : resources.phases()) {
      if (p.name().equals(phase)) {
        Long faults = 0L;
        Long read = 0L;
        for (RunFile.NodeUse n : p.nodes()) {
          faults = n.majorFaults() == null || faults == null ? null : faults + n.majorFaults();
          read = n.readBytes() == null || read == null ? null : read + n.readBytes();
        }
        return new Long[] {faults, read};
      }
    }
    return new Long[2];
  }

  static List<String> lines(Report r) {
    List<String> out = new ArrayList<>();
    Latency l = r.latency();
    if (l == null) {
      return out;
    }
    out.add(
        String.format(
            Locale.ROOT,
            "qharness: cold start: warm p50 %.2f ms, p99 %.2f ms; cold p50 %.2f ms, p99 %.2f ms,"
                + " first %.0f s p99 %.2f ms; %s",
            l.warmP50Ms(),
            l.warmP99Ms(),
            l.coldP50Ms(),
            l.coldP99Ms(),
            l.intervalSeconds(),
            l.firstIntervalP99Ms(),
            l.settledAfterSeconds() == null
                ? "p99 never settled within " + SETTLE_FACTOR + "x the warm p99"
                : String.format(
                    Locale.ROOT,
                    "p99 within %.1fx the warm p99 from %.1f s on%s",
                    SETTLE_FACTOR,
                    l.settledAfterSeconds(),
                    l.intervalsAboveAfterSettling() == 0
                        ? ""
                        : " ("
                            + l.intervalsAboveAfterSettling()
                            + " interval(s) above it later)")));
    if (r.coldMajorFaults() != null || r.coldReadBytes() != null) {
      out.add(
          String.format(
              Locale.ROOT,
              "qharness: cold start: major page faults warm %s, cold %s; read from disk warm %s,"
                  + " cold %s",
              r.warmMajorFaults(),
              r.coldMajorFaults(),
              mb(r.warmReadBytes()),
              mb(r.coldReadBytes())));
    }
    return out;
  }

  private static String mb(Long bytes) {
    return bytes == null ? "unread" : String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
  }

  private static double round(double v) {
    return Math.round(v * 100) / 100.0;
  }
}
