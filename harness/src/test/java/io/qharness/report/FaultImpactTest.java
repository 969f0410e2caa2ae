package io.qharness.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.qharness.cluster.faults.FaultRunner;
import io.qharness.grpc.GrpcFailures;
import io.qharness.metrics.NodeHealthLog;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/**
 * Fault impact from scripted reporting intervals: which interval falls in which window, and the
 * recovery times measured from the end of the recovery action.
 */
class FaultImpactTest {
  private static final long S = 1000;

  /** One 1 s interval starting at {@code second}: {@code ok} responses of {@code ms}, errors. */
  private static OperationIntervals.Interval second(int second, int ok, double ms, int errors) {
    Histogram h = new Histogram(3);
    for (int i = 0; i < ok; i++) {
      h.recordValue((long) (ms * 1000));
    }
    return new OperationIntervals.Interval(
        second * S, (second + 1) * S, h, errors, new Histogram(3));
  }

  private static FaultRunner.Applied applied(
      String action, int node, long atMillis, long tookMillis, boolean ok) {
    return new FaultRunner.Applied(
        "+" + atMillis + "ms " + action + " node" + node,
        action,
        node,
        atMillis,
        atMillis,
        tookMillis,
        ok,
        ok ? null : "failed");
  }

  /**
   * search: p99 10 ms for 5 s; node 2 killed at 5 s (half the requests fail, 500 ms); restarted at
   * 10 s, the start taking 500 ms; errors until 12 s, p99 back under 1.5 x before at 13-14 s.
   */
  private static List<OperationIntervals.Interval> search() {
    List<OperationIntervals.Interval> l = new ArrayList<>();
    for (int t = 0; t < 5; t++) {
      l.add(second(t, 100, 10, 0));
    }
    for (int t = 5; t < 10; t++) {
      l.add(second(t, 50, 500, 50));
    }
    l.add(second(10, 80, 40, 5)); // straddles the restart's end: in no window
    l.add(second(11, 90, 30, 2)); // errors: not clean
    l.add(second(12, 100, 20, 0)); // clean, p99 still above 15 ms
    l.add(second(13, 100, 12, 0)); // p99 back
    l.add(second(14, 100, 10, 0));
    return l;
  }

  @Test
  void windowsAndRecoveryTimesCountFromTheEndOfTheRecoveryAction() {
    List<FaultImpact.Effect> effects =
        FaultImpact.analyse(
            List.of(applied("kill", 2, 5 * S, 20, true), applied("start", 2, 10 * S, 500, true)),
            Map.of("search", search()),
            15 * S);
    assertThat(effects).hasSize(1);
    FaultImpact.Effect e = effects.get(0);
    assertThat(e.fault()).isEqualTo("+5000ms kill node2");
    assertThat(e.recoveredBy()).isEqualTo("+10000ms start node2");
    assertThat(e.before().requests()).isEqualTo(500);
    assertThat(e.before().errors()).isZero();
    assertThat(e.before().p99Ms()).isCloseTo(10, within(0.05));
    assertThat(e.during().requests()).isEqualTo(500);
    assertThat(e.during().errorRate()).isCloseTo(0.5, within(1e-9));
    assertThat(e.during().p50Ms()).isCloseTo(500, within(1.0));
    // after = from 10.5 s on: the 10-11 s interval straddles it and counts nowhere
    assertThat(e.after().requests()).isEqualTo(92 + 100 + 100 + 100);
    assertThat(e.after().errors()).isEqualTo(2);
    assertThat(e.secondsToFirstCleanInterval()).isCloseTo(2.5, within(1e-9)); // ends at 13 s
    assertThat(e.secondsToP99Recovered()).isCloseTo(3.5, within(1e-9)); // ends at 14 s
  }

  @Test
  void aFaultWithoutRecoveryHasNoRecoveryTimes() {
    List<FaultImpact.Effect> effects =
        FaultImpact.analyse(
            List.of(applied("kill", 2, 5 * S, 20, true)), Map.of("search", search()), 15 * S);
    assertThat(effects)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.recoveredBy()).isNull();
              assertThat(e.secondsToFirstCleanInterval()).isNull();
              assertThat(e.secondsToP99Recovered()).isNull();
              // "during" runs to the end of the load
              assertThat(e.during().requests()).isEqualTo(500 + 85 + 92 + 300);
            });
    assertThat(FaultImpact.format(effects)).contains("no recovery");
  }

  @Test
  void failedFaultsRecoveriesOfOtherNodesAndIdleOperationsAreLeftOut() {
    List<OperationIntervals.Interval> upload = List.of(second(0, 100, 5, 0), second(1, 100, 5, 0));
    List<FaultImpact.Effect> effects =
        FaultImpact.analyse(
            List.of(
                applied("pause", 1, 3 * S, 10, false), // failed: no effect reported
                applied("kill", 2, 5 * S, 20, true),
                applied("start", 3, 8 * S, 500, true), // another node: not the recovery
                applied("start", 2, 10 * S, 500, true)),
            Map.of("search", search(), "upload", upload), // upload ended before the fault
            15 * S);
    assertThat(effects).extracting(FaultImpact.Effect::operation).containsExactly("search");
    assertThat(effects.get(0).recoveredBy()).isEqualTo("+10000ms start node2");
  }

  @Test
  void aRecoveryWithLatencyStillHighIsCleanButNotBack() {
    List<OperationIntervals.Interval> l = new ArrayList<>(search().subList(0, 12));
    l.add(second(12, 100, 200, 0));
    l.add(second(13, 100, 200, 0));
    List<FaultImpact.Effect> effects =
        FaultImpact.analyse(
            List.of(applied("kill", 2, 5 * S, 20, true), applied("start", 2, 10 * S, 500, true)),
            Map.of("search", l),
            14 * S);
    FaultImpact.Effect e = effects.get(0);
    assertThat(e.secondsToFirstCleanInterval()).isCloseTo(2.5, within(1e-9));
    assertThat(e.secondsToP99Recovered()).isNull();
    assertThat(FaultImpact.format(effects)).contains("not yet");
  }

  @Test
  void theCausesSayWhichNodeWasEjectedWhenAndWhatFailedOnResume() {
    List<String> hosts = List.of("h1:6334", "h2:6334", "h3:6334");
    NodeHealthLog log = new NodeHealthLog(hosts);
    log.ejected(1, "no answer for 1.1 s with 40 calls outstanding", 6_100);
    for (int i = 0; i < 40; i++) {
      log.failed(1, GrpcFailures.CUT_OFF, true, 6_100);
    }
    log.readmitted(1, "a health check answered", 7_000_000_000L, 13_100);
    for (int i = 0; i < 3; i++) {
      log.failed(1, "GOAWAY ENHANCE_YOUR_CALM too_many_resets", false, 13_050);
    }
    log.failed(0, "deadline exceeded", false, 30_000); // after the next fault: not this one's
    List<FaultRunner.Applied> faults =
        List.of(
            applied("pause", 2, 5_000, 10, true),
            applied("resume", 2, 13_000, 10, true),
            applied("kill", 1, 25_000, 10, true));

    List<FaultImpact.Cause> causes = FaultImpact.causes(faults, log, hosts);

    assertThat(causes)
        .extracting(FaultImpact.Cause::text)
        .containsExactly(
            "node2 (h2:6334) ejected at +6.1s: no answer for 1.1 s with 40 calls outstanding",
            "node2 (h2:6334) re-admitted at +13.1s (ejected 7.0 s, 0.1 s after +13000ms resume"
                + " node2): a health check answered",
            "calls in flight on node2 (h2:6334) were cut off when qharness ejected it: 40 calls"
                + " retried on other nodes (+6.1s..+6.1s)",
            "node2 (h2:6334) closed its connection with GOAWAY ENHANCE_YOUR_CALM too_many_resets"
                + " on resume: 3 calls failed (+13.1s..+13.1s)",
            "node1 (h1:6334) did not answer within the deadline: 1 call failed (+30.0s..+30.0s)");
    assertThat(causes).extracting(FaultImpact.Cause::fault).startsWith("+5000ms pause node2");
    assertThat(causes.get(4).fault()).isEqualTo("+25000ms kill node1");
    assertThat(FaultImpact.formatCauses(causes))
        .startsWith("  +5000ms pause node2: node2 (h2:6334) ejected at +6.1s");
  }
}
