package io.qharness.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a scale event did: each step (join, rebalance, drain) with its time and outcome, each shard
 * transfer with its duration and rate and what users saw meanwhile, the placement before and after
 * as every node reported it, and why the event stopped if it did.
 *
 * @param startMillis when the load (and the schedule's clock) started
 * @param placementBefore per node, its own replicas, before the first step
 * @param placementAfter the same after the last step (or the failure)
 */
public record ScaleReport(
    String schedule,
    long startMillis,
    List<Step> steps,
    Map<String, List<String>> placementBefore,
    Map<String, List<String>> placementAfter,
    String failure) {

  /** One step of the schedule as it went. */
  public record Step(
      String step, long startMillis, long endMillis, String detail, List<Transfer> transfers) {
    public double seconds() {
      return (endMillis - startMillis) / 1000.0;
    }
  }

  /**
   * One shard transfer: its figures, and per operation the reporting intervals before the first
   * step, during the transfer and after its step.
   */
  public record Transfer(
      int shard,
      String from,
      String to,
      boolean copy,
      String method,
      long startMillis,
      long endMillis,
      Long points,
      Double pointsPerSec,
      Long bytes,
      Double bytesPerSec,
      String error,
      List<Impact> impact) {
    public double seconds() {
      return (endMillis - startMillis) / 1000.0;
    }

    Transfer withImpact(List<Impact> i) {
      return new Transfer(
          shard,
          from,
          to,
          copy,
          method,
          startMillis,
          endMillis,
          points,
          pointsPerSec,
          bytes,
          bytesPerSec,
          error,
          i);
    }

    /** Megabytes (10^6 bytes) of vectors and payloads per second, or "-" when unknown. */
    public String megabytesPerSec() {
      return bytesPerSec == null ? "-" : String.format(Locale.ROOT, "%.1f", bytesPerSec / 1e6);
    }
  }

  /** What one operation saw around one transfer. */
  public record Impact(
      String operation,
      FaultImpact.Window before,
      FaultImpact.Window during,
      FaultImpact.Window after) {}

  /**
   * The report with each transfer's impact from the run's reporting intervals: "before" is the load
   * before the first step, "during" every interval that overlaps the transfer, "after" the
   * intervals between the end of its step and the start of the next (or the end of the load).
   */
  public ScaleReport withImpact(Map<String, List<OperationIntervals.Interval>> ops) {
    long firstStep = steps.isEmpty() ? Long.MAX_VALUE : steps.get(0).startMillis();
    List<Step> out = new ArrayList<>();
    for (int k = 0; k < steps.size(); k++) {
      Step s = steps.get(k);
      long nextStart = k + 1 < steps.size() ? steps.get(k + 1).startMillis() : Long.MAX_VALUE;
      List<Transfer> transfers = new ArrayList<>();
      for (Transfer t : s.transfers()) {
        List<Impact> impact = new ArrayList<>();
        ops.forEach(
            (op, intervals) -> {
              List<OperationIntervals.Interval> before = new ArrayList<>();
              List<OperationIntervals.Interval> during = new ArrayList<>();
              List<OperationIntervals.Interval> after = new ArrayList<>();
              for (OperationIntervals.Interval i : intervals) {
                if (i.ok().getTotalCount() + i.errors() == 0) {
                  continue;
                }
                if (i.startMillis() >= startMillis && i.endMillis() <= firstStep) {
                  before.add(i);
                }
                if (i.endMillis() > t.startMillis() && i.startMillis() < t.endMillis()) {
                  during.add(i);
                }
                if (i.startMillis() >= s.endMillis() && i.endMillis() <= nextStart) {
                  after.add(i);
                }
              }
              if (!during.isEmpty()) {
                impact.add(
                    new Impact(
                        op,
                        FaultImpact.Window.of(before),
                        FaultImpact.Window.of(during),
                        FaultImpact.Window.of(after)));
              }
            });
        transfers.add(t.withImpact(impact));
      }
      out.add(new Step(s.step(), s.startMillis(), s.endMillis(), s.detail(), transfers));
    }
    return new ScaleReport(schedule, startMillis, out, placementBefore, placementAfter, failure);
  }

  /** The console's account: steps, a transfer table with impact, the placement before and after. */
  public String text() {
    StringBuilder s = new StringBuilder("scale event (" + schedule + "):\n");
    for (Step st : steps) {
      s.append(
          String.format(
              Locale.ROOT,
              "  +%.1fs %s, %.1f s: %s%n",
              (st.startMillis() - startMillis) / 1000.0,
              st.step(),
              st.seconds(),
              st.detail()));
    }
    if (failure != null) {
      s.append("  FAILED: ").append(failure).append('\n');
    }
    boolean header = false;
    for (Step st : steps) {
      for (Transfer t : st.transfers()) {
        if (!header) {
          s.append(
              String.format(
                  Locale.ROOT,
                  "shard transfers (p99 in ms; before = the load before the first step):%n"
                      + "%-7s %-18s %8s %10s %10s %6s  %-16s %15s %15s %15s%n",
                  "shard",
                  "move",
                  "seconds",
                  "points",
                  "points/s",
                  "MB/s",
                  "operation",
                  "before err/p99",
                  "during err/p99",
                  "after err/p99"));
          header = true;
        }
        String head =
            String.format(
                Locale.ROOT,
                "%-7d %-18s %8.2f %10s %10s %6s",
                t.shard(),
                abbreviate(t.from() + (t.copy() ? " +> " : " -> ") + t.to(), 18),
                t.seconds(),
                t.points() == null ? "-" : String.format(Locale.ROOT, "%,d", t.points()),
                t.pointsPerSec() == null
                    ? "-"
                    : String.format(Locale.ROOT, "%,.0f", t.pointsPerSec()),
                t.megabytesPerSec());
        if (t.impact().isEmpty()) {
          s.append(head).append('\n');
        }
        for (int i = 0; i < t.impact().size(); i++) {
          Impact im = t.impact().get(i);
          s.append(i == 0 ? head : " ".repeat(head.length()))
              .append(
                  String.format(
                      Locale.ROOT,
                      "  %-16s %15s %15s %15s%n",
                      abbreviate(im.operation(), 16),
                      w(im.before()),
                      w(im.during()),
                      w(im.after())));
        }
        if (t.error() != null) {
          s.append("        ").append(t.error()).append('\n');
        }
      }
    }
    placement(s, "placement before", placementBefore);
    placement(s, "placement after", placementAfter);
    return s.toString();
  }

  private static void placement(StringBuilder s, String title, Map<String, List<String>> p) {
    if (p == null) {
      return;
    }
    s.append(title).append(" (each node's own replicas):\n");
    p.forEach(
        (node, replicas) ->
            s.append("  ")
                .append(node)
                .append(": ")
                .append(replicas.isEmpty() ? "none" : String.join(", ", replicas))
                .append('\n'));
  }

  private static String w(FaultImpact.Window w) {
    return w.requests() == 0
        ? "-"
        : String.format(Locale.ROOT, "%.2f%%/%.1f", w.errorRate() * 100, w.p99Ms());
  }

  private static String abbreviate(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max - 1) + "~";
  }
}
