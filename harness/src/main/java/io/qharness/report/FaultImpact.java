package io.qharness.report;

import io.qharness.cluster.faults.FaultRunner;
import io.qharness.grpc.GrpcFailures;
import io.qharness.metrics.NodeHealthLog;
import io.qharness.metrics.OperationMetrics;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * What each fault did to each operation, from the run's reporting intervals: error rate and latency
 * before, during and after it, and how long recovery took. "During" runs from the fault to the next
 * recovery event on the same node (start, resume, clear) or the end of the load; "after" from that
 * recovery on. Resolution is one reporting interval.
 */
public final class FaultImpact {
  /** Error rate, latency and recall (null where not measured) of one window. */
  public record Window(
      long requests, long errors, double errorRate, double p50Ms, double p99Ms, Double recall) {
    public static Window of(List<OperationIntervals.Interval> intervals) {
      Histogram h = new Histogram(3);
      Histogram recall = new Histogram(3);
      long errors = 0;
      for (OperationIntervals.Interval i : intervals) {
        h.add(i.ok());
        recall.add(i.recall());
        errors += i.errors();
      }
      long all = h.getTotalCount() + errors;
      return new Window(
          all,
          errors,
          all == 0 ? 0 : (double) errors / all,
          h.getTotalCount() == 0 ? Double.NaN : h.getValueAtPercentile(50) / 1000.0,
          h.getTotalCount() == 0 ? Double.NaN : h.getValueAtPercentile(99) / 1000.0,
          recall.getTotalCount() == 0 ? null : recall.getMean() / OperationMetrics.RECALL_SCALE);
    }
  }

  /** One fault's effect on one operation. */
  public record Effect(
      String fault,
      String recoveredBy,
      String operation,
      Window before,
      Window during,
      Window after,
      Double secondsToFirstCleanInterval,
      Double secondsToP99Recovered) {}

  /** A sentence on what one fault did to the nodes: an ejection, a re-admission, failures. */
  public record Cause(String fault, String text) {}

  private FaultImpact() {}

  /**
   * What the node health log says about each fault, in its window (from the fault to the next fault
   * that is not a recovery): which node was ejected and re-admitted when, and which calls failed or
   * were retried, by node and cause. {@code nodes} are the hosts in fault-schedule order (node1
   * first).
   */
  public static List<Cause> causes(
      List<FaultRunner.Applied> faults, NodeHealthLog log, List<String> nodes) {
    List<Cause> out = new ArrayList<>();
    List<FaultRunner.Applied> starts = new ArrayList<>();
    for (FaultRunner.Applied f : faults) {
      if (f.ok() && !isRecovery(f.action())) {
        starts.add(f);
      }
    }
    if (starts.isEmpty()) {
      return out;
    }
    long origin = starts.get(0).appliedAtMillis() - starts.get(0).plannedOffsetMillis();
    for (int k = 0; k < starts.size(); k++) {
      FaultRunner.Applied fault = starts.get(k);
      long t0 = fault.appliedAtMillis();
      long t1 = k + 1 < starts.size() ? starts.get(k + 1).appliedAtMillis() : Long.MAX_VALUE;
      FaultRunner.Applied recovery = recoveryOf(faults, fault);
      for (NodeHealthLog.Event e : log.events()) {
        if (e.atMillis() < t0 || e.atMillis() >= t1) {
          continue;
        }
        String who = label(e.node(), nodes);
        if (e.kind().equals(NodeHealthLog.Event.EJECTED)) {
          out.add(
              new Cause(
                  fault.event(),
                  String.format(
                      Locale.ROOT,
                      "%s ejected at %s: %s",
                      who,
                      at(e.atMillis(), origin),
                      e.detail())));
        } else {
          String since =
              recovery == null || e.atMillis() < recovery.appliedAtMillis()
                  ? ""
                  : String.format(
                      Locale.ROOT,
                      ", %.1f s after %s",
                      (e.atMillis() - recovery.appliedAtMillis()) / 1000.0,
                      recovery.event());
          out.add(
              new Cause(
                  fault.event(),
                  String.format(
                      Locale.ROOT,
                      "%s re-admitted at %s (ejected %.1f s%s): %s",
                      who,
                      at(e.atMillis(), origin),
                      e.ejectedSeconds(),
                      since,
                      e.detail())));
        }
      }
      for (NodeHealthLog.Tally t : log.tallies(t0, t1)) {
        out.add(new Cause(fault.event(), tallyText(t, recovery, nodes, origin)));
      }
    }
    return out;
  }

  /** Calls that failed or were retried on a node for one cause, and when; said on resume. */
  private static String tallyText(
      NodeHealthLog.Tally t, FaultRunner.Applied recovery, List<String> nodes, long origin) {
    boolean onResume =
        recovery != null
            && label(t.node(), nodes).startsWith("node" + recovery.node() + " ")
            && t.firstMillis() >= recovery.appliedAtMillis()
            && t.firstMillis() <= recovery.appliedAtMillis() + recovery.tookMillis() + 5000
            && (t.cause().startsWith("GOAWAY") || t.cause().startsWith("connection"));
    StringBuilder text =
        new StringBuilder(GrpcFailures.causeSentence(t.cause(), label(t.node(), nodes)));
    if (onResume) {
      text.append(" on ").append(recovery.action());
    }
    text.append(": ");
    if (t.failed() > 0) {
      text.append(t.failed()).append(t.failed() == 1 ? " call failed" : " calls failed");
    }
    if (t.retried() > 0) {
      text.append(t.failed() > 0 ? ", " : "")
          .append(t.retried())
          .append(t.retried() == 1 ? " call" : " calls")
          .append(" retried on other nodes");
    }
    text.append(
        String.format(
            Locale.ROOT, " (%s..%s)", at(t.firstMillis(), origin), at(t.lastMillis(), origin)));
    return text.toString();
  }

  private static FaultRunner.Applied recoveryOf(
      List<FaultRunner.Applied> faults, FaultRunner.Applied fault) {
    int f = faults.indexOf(fault);
    for (int r = f + 1; r < faults.size(); r++) {
      FaultRunner.Applied c = faults.get(r);
      if (c.node() == fault.node() && isRecovery(c.action()) && c.ok()) {
        return c;
      }
    }
    return null;
  }

  /** "node2 (127.0.0.1:6344)" for a host of the schedule's nodes, else the host. */
  private static String label(String host, List<String> nodes) {
    int i = nodes.indexOf(host);
    return i < 0 ? host : "node" + (i + 1) + " (" + host + ")";
  }

  private static String at(long millis, long origin) {
    return String.format(Locale.ROOT, "+%.1fs", (millis - origin) / 1000.0);
  }

  /** The causes under the impact table, one line each. */
  public static String formatCauses(List<Cause> causes) {
    StringBuilder s = new StringBuilder();
    for (Cause c : causes) {
      s.append("  ").append(c.fault()).append(": ").append(c.text()).append('\n');
    }
    return s.toString();
  }

  public static List<Effect> analyse(
      List<FaultRunner.Applied> faults,
      Map<String, List<OperationIntervals.Interval>> ops,
      long loadEndMillis) {
    List<Effect> out = new ArrayList<>();
    long loadStart =
        ops.values().stream()
            .flatMap(List::stream)
            .filter(i -> i.ok().getTotalCount() + i.errors() > 0)
            .mapToLong(OperationIntervals.Interval::startMillis)
            .min()
            .orElse(0);
    for (int f = 0; f < faults.size(); f++) {
      FaultRunner.Applied fault = faults.get(f);
      if (!fault.ok() || isRecovery(fault.action())) {
        continue;
      }
      FaultRunner.Applied recovery = recoveryOf(faults, fault);
      long t0 = fault.appliedAtMillis();
      long t1 =
          recovery == null ? Long.MAX_VALUE : recovery.appliedAtMillis() + recovery.tookMillis();
      for (Map.Entry<String, List<OperationIntervals.Interval>> op : ops.entrySet()) {
        List<OperationIntervals.Interval> before = new ArrayList<>();
        List<OperationIntervals.Interval> during = new ArrayList<>();
        List<OperationIntervals.Interval> after = new ArrayList<>();
        for (OperationIntervals.Interval i : op.getValue()) {
          if (i.ok().getTotalCount() + i.errors() == 0) {
            continue;
          }
          if (i.endMillis() <= t0 && i.startMillis() >= loadStart) {
            before.add(i);
          } else if (i.startMillis() >= t0 && i.endMillis() <= t1) {
            during.add(i);
          } else if (i.startMillis() >= t1) {
            after.add(i);
          }
        }
        if (during.isEmpty() && after.isEmpty()) {
          continue; // the operation did not run during or after this fault (e.g. the upload)
        }
        Window b = Window.of(before);
        Double firstClean = null;
        Double p99Back = null;
        if (recovery != null) {
          for (OperationIntervals.Interval i : after) {
            if (firstClean == null && i.errors() == 0 && i.ok().getTotalCount() > 0) {
              firstClean = Math.max(0, (i.endMillis() - t1) / 1000.0);
            }
            if (p99Back == null
                && !Double.isNaN(b.p99Ms())
                && i.ok().getTotalCount() > 0
                && i.ok().getValueAtPercentile(99) / 1000.0
                    <= Math.max(1.5 * b.p99Ms(), b.p99Ms() + 1)) {
              p99Back = Math.max(0, (i.endMillis() - t1) / 1000.0);
            }
          }
        }
        out.add(
            new Effect(
                fault.event(),
                recovery == null ? null : recovery.event(),
                op.getKey(),
                b,
                Window.of(during),
                Window.of(after),
                firstClean,
                p99Back));
      }
    }
    return out;
  }

  private static boolean isRecovery(String action) {
    return action.equals("start") || action.equals("resume") || action.equals("clear");
  }

  public static String format(List<Effect> effects) {
    if (effects.isEmpty()) {
      return "";
    }
    StringBuilder s = new StringBuilder("fault impact (per reporting interval; p99 in ms):\n");
    s.append(
        String.format(
            Locale.ROOT,
            "%-28s %-16s %17s %17s %17s %10s %10s%n",
            "fault",
            "operation",
            "before err/p99",
            "during err/p99",
            "after err/p99",
            "clean in",
            "p99 back"));
    for (Effect e : effects) {
      s.append(
          String.format(
              Locale.ROOT,
              "%-28s %-16s %17s %17s %17s %10s %10s%n",
              abbreviate(e.fault(), 28),
              abbreviate(e.operation(), 16),
              w(e.before()),
              w(e.during()),
              w(e.after()),
              sec(e.secondsToFirstCleanInterval(), e.recoveredBy()),
              sec(e.secondsToP99Recovered(), e.recoveredBy())));
    }
    return s.toString();
  }

  private static String w(Window w) {
    return w.requests() == 0
        ? "-"
        : String.format(Locale.ROOT, "%.2f%%/%.1f", w.errorRate() * 100, w.p99Ms());
  }

  private static String sec(Double d, String recovery) {
    if (recovery == null) {
      return "no recovery";
    }
    return d == null ? "not yet" : String.format(Locale.ROOT, "%.1f s", d);
  }

  private static String abbreviate(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max - 1) + "~";
  }
}
