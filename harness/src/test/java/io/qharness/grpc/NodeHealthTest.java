package io.qharness.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Outlier ejection's decisions, on a clock the test moves. */
class NodeHealthTest {
  private static final long MS = 1_000_000L;
  private final List<String> events = new ArrayList<>();

  private NodeHealth health(int nodes, EjectionPolicy policy) {
    return new NodeHealth(
        nodes,
        policy,
        new NodeHealth.Listener() {
          @Override
          public void ejected(int node, String reason) {
            events.add("ejected " + node + ": " + reason);
          }

          @Override
          public void readmitted(int node, String how, long ejectedNanos) {
            events.add("readmitted " + node + " after " + ejectedNanos / MS + " ms: " + how);
          }
        });
  }

  /** Every node answers one call at {@code t}. */
  private static void allAnswer(NodeHealth h, int nodes, long t) {
    for (int i = 0; i < nodes; i++) {
      h.sent(i, t);
      h.answered(i, t + MS, MS);
    }
  }

  @Test
  void aFrozenNodeIsEjectedOnceItLeavesCallsUnansweredWhileItsPeersAnswer() {
    NodeHealth h = health(3, EjectionPolicy.defaults());
    long t = 1_000 * MS;
    allAnswer(h, 3, t);
    h.sent(1, t + 10 * MS); // node 1 freezes with calls outstanding
    h.sent(1, t + 20 * MS);
    for (long at = t; at < t + 1_000 * MS; at += 100 * MS) {
      h.sent(0, at);
      h.answered(0, at + MS, MS);
      h.sent(2, at);
      h.answered(2, at + MS, MS);
      assertThat(h.tick(at + 2 * MS)).isEmpty();
    }
    assertThat(h.admitted(1)).as("silent for less than the stall time").isTrue();
    h.sent(0, t + 1_050 * MS);
    h.answered(0, t + 1_051 * MS, MS);
    h.tick(t + 1_100 * MS);
    assertThat(h.admitted(1)).isFalse();
    assertThat(h.admitted(0)).isTrue();
    assertThat(events)
        .containsExactly(
            "ejected 1: no answer for 1.1 s with 2 calls outstanding while other nodes answered");
  }

  @Test
  void aSilenceThatEveryNodeSharesIsNotAnOutlier() {
    NodeHealth h = health(3, EjectionPolicy.defaults());
    long t = 1_000 * MS;
    allAnswer(h, 3, t);
    for (int i = 0; i < 3; i++) {
      h.sent(i, t + 10 * MS);
    }
    h.tick(t + 5_000 * MS); // the whole cluster stalls: measured, never hidden by ejections
    assertThat(events).isEmpty();
  }

  @Test
  void stallDetectionWaitsForFourTimesTheSlowestRecentAnswer() {
    NodeHealth h = health(2, EjectionPolicy.defaults());
    long t = 1_000 * MS;
    h.sent(0, t);
    h.answered(0, t + 500 * MS, 500 * MS); // calls here take half a second
    h.sent(1, t);
    h.answered(1, t + 400 * MS, 400 * MS);
    h.sent(0, t + 600 * MS);
    for (long at = t + 600 * MS; at < t + 2_300 * MS; at += 100 * MS) {
      h.sent(1, at);
      h.answered(1, at + MS, MS);
      h.tick(at + 2 * MS);
    }
    assertThat(events).as("1.7 s silent is within 4 x 0.5 s").isEmpty();
    h.sent(1, t + 2_900 * MS);
    h.answered(1, t + 2_901 * MS, MS);
    h.tick(t + 3_000 * MS);
    assertThat(events).hasSize(1).allMatch(e -> e.startsWith("ejected 0: no answer for 2.4 s"));
  }

  @Test
  void failuresInARowEjectAndAnAnswerInBetweenStartsTheCountAgain() {
    NodeHealth h = health(3, EjectionPolicy.defaults());
    long t = 1_000 * MS;
    allAnswer(h, 3, t - 10 * MS);
    for (int i = 0; i < 4; i++) {
      h.sent(2, t);
      h.failed(2, t, NodeHealth.Outcome.TIMEOUT, "deadline exceeded");
    }
    h.sent(2, t);
    h.answered(2, t, MS);
    h.sent(0, t);
    h.answered(0, t + MS, MS); // a peer succeeds during the streak: the failures are node 2's own
    for (int i = 0; i < 4; i++) {
      h.sent(2, t);
      h.failed(2, t, NodeHealth.Outcome.NODE_ERROR, "UNAVAILABLE: shard 1 has no replica");
    }
    assertThat(h.admitted(2)).isTrue();
    h.sent(2, t);
    h.failed(2, t, NodeHealth.Outcome.NODE_ERROR, "UNAVAILABLE: shard 1 has no replica");
    assertThat(h.admitted(2)).isFalse();
    assertThat(events)
        .containsExactly(
            "ejected 2: 5 failures in a row, the last: UNAVAILABLE: shard 1 has no replica");
  }

  @Test
  void failuresEveryNodeSharesEjectNone() {
    NodeHealth h = health(3, EjectionPolicy.defaults());
    long t = 1_000 * MS;
    allAnswer(h, 3, t);
    for (int round = 0; round < 10; round++) { // a shard no live node holds: all coordinators fail
      for (int i = 0; i < 3; i++) {
        h.sent(i, t);
        h.failed(i, t, NodeHealth.Outcome.NODE_ERROR, "UNAVAILABLE: no active replica");
      }
    }
    assertThat(events).isEmpty();
  }

  @Test
  void aRequestsOwnRefusalIsAnAnswerNotANodeFailure() {
    NodeHealth h = health(3, EjectionPolicy.defaults());
    for (int i = 0; i < 20; i++) {
      h.sent(0, MS);
      h.failed(0, MS, NodeHealth.Outcome.ANSWERED, "INVALID_ARGUMENT: wrong vector size");
    }
    assertThat(h.admitted(0)).isTrue();
    assertThat(events).isEmpty();
  }

  @Test
  void aLostConnectionEjectsAtOnceAndAHealthProbeBringsTheNodeBackAfterTheEjectionTime() {
    NodeHealth h = health(3, EjectionPolicy.defaults());
    long t = 1_000 * MS;
    h.sent(1, t);
    h.failed(1, t, NodeHealth.Outcome.CONNECTION_LOST, "connection refused");
    assertThat(h.admitted(1)).isFalse();
    assertThat(h.tick(t + 900 * MS)).as("no probe before the 1 s ejection").isEmpty();
    assertThat(h.tick(t + 1_000 * MS)).containsExactly(1);
    assertThat(h.tick(t + 1_100 * MS)).as("one probe at a time").isEmpty();
    h.probed(1, t + 1_200 * MS, false, "UNAVAILABLE");
    assertThat(h.admitted(1)).isFalse();
    assertThat(h.tick(t + 1_400 * MS)).isEmpty();
    assertThat(h.tick(t + 1_450 * MS)).as("probed again 250 ms later").containsExactly(1);
    h.probed(1, t + 1_500 * MS, true, "a health check answered");
    assertThat(h.admitted(1)).isTrue();
    assertThat(events)
        .containsExactly(
            "ejected 1: connection lost: connection refused",
            "readmitted 1 after 1500 ms: a health check answered");
  }

  @Test
  void ejectionsInARowDoubleTheWaitUpToTheMaximum() {
    EjectionPolicy p = EjectionPolicy.defaults();
    assertThat(p.ejectionTime(1)).isEqualTo(Duration.ofSeconds(1));
    assertThat(p.ejectionTime(2)).isEqualTo(Duration.ofSeconds(2));
    assertThat(p.ejectionTime(4)).isEqualTo(Duration.ofSeconds(8));
    assertThat(p.ejectionTime(6)).isEqualTo(Duration.ofSeconds(30));
    assertThat(p.ejectionTime(60)).isEqualTo(Duration.ofSeconds(30));

    NodeHealth h = health(3, p);
    long t = 1_000 * MS;
    h.failed(0, t, NodeHealth.Outcome.CONNECTION_LOST, "connection refused");
    h.tick(t + 1_000 * MS);
    h.probed(0, t + 1_000 * MS, true, "ok");
    h.failed(0, t + 1_500 * MS, NodeHealth.Outcome.CONNECTION_LOST, "connection refused");
    assertThat(h.tick(t + 3_400 * MS)).as("second ejection in a row: 2 s").isEmpty();
    assertThat(h.tick(t + 3_500 * MS)).containsExactly(0);
    h.probed(0, t + 3_500 * MS, true, "ok");
    // in for longer than 10 s: the next ejection is a first one again
    h.failed(0, t + 14_000 * MS, NodeHealth.Outcome.CONNECTION_LOST, "connection refused");
    assertThat(h.tick(t + 15_000 * MS)).containsExactly(0);
  }

  @Test
  void atMostHalfTheNodesAreEjectedAtOnceAndNeverTheOnlyOne() {
    NodeHealth h = health(3, EjectionPolicy.defaults());
    h.failed(0, MS, NodeHealth.Outcome.CONNECTION_LOST, "connection refused");
    h.failed(1, MS, NodeHealth.Outcome.CONNECTION_LOST, "connection refused");
    assertThat(h.admitted(0)).isFalse();
    assertThat(h.admitted(1)).as("3 nodes: one ejection at a time").isTrue();

    NodeHealth single = health(1, EjectionPolicy.defaults());
    single.failed(0, MS, NodeHealth.Outcome.CONNECTION_LOST, "connection refused");
    assertThat(single.admitted(0)).isTrue();
  }

  @Test
  void offKeepsEveryNodeInWhateverItDoes() {
    NodeHealth h = health(3, EjectionPolicy.off());
    long t = 1_000 * MS;
    allAnswer(h, 3, t);
    h.sent(1, t);
    h.failed(1, t, NodeHealth.Outcome.CONNECTION_LOST, "GOAWAY ENHANCE_YOUR_CALM too_many_resets");
    for (int i = 0; i < 10; i++) {
      h.failed(2, t, NodeHealth.Outcome.TIMEOUT, "deadline exceeded");
    }
    h.sent(0, t);
    assertThat(h.tick(t + 60_000 * MS)).isEmpty();
    assertThat(h.admitted(0) && h.admitted(1) && h.admitted(2)).isTrue();
    assertThat(events).isEmpty();
  }

  @Test
  void aNodeOnStandbyTakesNoCallsIsNeverEjectedAndComesInWhenAdmitted() {
    NodeHealth h = health(4, EjectionPolicy.defaults());
    h.standby(3, true);
    assertThat(h.admitted(3)).isFalse();
    assertThat(h.onStandby(3)).isTrue();
    long t = 1_000 * MS;
    allAnswer(h, 3, t);
    h.failed(3, t, NodeHealth.Outcome.CONNECTION_LOST, "connection refused");
    assertThat(h.tick(t + 5_000 * MS)).as("no probe of a standby node").isEmpty();
    assertThat(events).isEmpty();
    // 3 nodes in service: one may be ejected, and the standby one does not count
    h.failed(0, t, NodeHealth.Outcome.CONNECTION_LOST, "connection refused");
    h.failed(1, t, NodeHealth.Outcome.CONNECTION_LOST, "connection refused");
    assertThat(h.admitted(0)).isFalse();
    assertThat(h.admitted(1)).isTrue();
    h.standby(3, false);
    assertThat(h.admitted(3)).isTrue();
    assertThat(h.admitted(2)).isTrue();
  }
}
