package io.qharness.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.qharness.metrics.OperationSummary;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ColdStartTest {
  private static OperationSummary op(String name, long count, long p50, long p99) {
    return new OperationSummary(
        name,
        "INTENDED_START",
        count,
        0,
        0,
        10,
        10,
        p50,
        p50,
        p99,
        p99,
        p99,
        p50,
        null,
        null,
        null,
        0,
        0,
        0,
        0,
        0,
        List.of(),
        null,
        null);
  }

  /** Intervals of 1 s from t=100 s: {start ms, p99 µs, count, end ms}. */
  private static List<double[]> intervals(double... p99Ms) {
    List<double[]> out = new ArrayList<>();
    for (int i = 0; i < p99Ms.length; i++) {
      out.add(new double[] {100_000 + 1000 * i, p99Ms[i] * 1000, 50, 101_000 + 1000 * i});
    }
    return out;
  }

  @Test
  void theNodesRestartUnlessEveryWarmSearchFailed() {
    assertThat(ColdStart.warmFailed("search warm", 0, 1500))
        .isEqualTo(
            "the nodes were not restarted: no 'search warm' search succeeded (1500 failed; their"
                + " errors are above), so there are no warm figures to compare with");
    assertThat(ColdStart.warmFailed("search warm", 1, 1499)).as("one succeeded").isNull();
    assertThat(ColdStart.warmFailed("search warm", 0, 0)).as("none sampled yet").isNull();
  }

  @Test
  void theColdP99SettlesWhenThreeIntervalsInARowStayWithinOneAndAHalfTimesTheWarmP99() {
    OperationSummary warm = op("warm", 500, 2_000, 10_000);
    OperationSummary cold = op("cold", 500, 3_000, 40_000);
    // warm p99 10 ms: anything above 15 ms is unsettled; the late spike is counted apart
    ColdStart.Latency l = ColdStart.latency(warm, cold, intervals(80, 40, 16, 12, 14, 9, 48, 11));
    assertThat(l.settledAfterSeconds()).isEqualTo(3.0);
    assertThat(l.intervalsAboveAfterSettling()).isEqualTo(1);
    assertThat(l.firstIntervalP99Ms()).isEqualTo(80.0);
    assertThat(l.warmP99Ms()).isEqualTo(10.0);
    assertThat(l.coldP99Ms()).isEqualTo(40.0);
    assertThat(l.intervalSeconds()).isEqualTo(1.0);
    assertThat(l.coldTimeline()).hasSize(8);
    assertThat(l.coldTimeline().get(2)).isEqualTo(new ColdStart.Point(2.0, 16.0, 50));
    assertThat(ColdStart.latency(warm, cold, intervals(12, 14)).settledAfterSeconds())
        .as("settled from the first search")
        .isZero();
    assertThat(ColdStart.latency(warm, cold, intervals(12, 30, 12, 12)).settledAfterSeconds())
        .as("never three in a row")
        .isNull();
    assertThat(ColdStart.latency(warm, cold, intervals(30, 12)).settledAfterSeconds())
        .as("a phase shorter than three intervals: within to its end")
        .isEqualTo(1.0);
    assertThat(ColdStart.latency(warm, null, intervals(12))).isNull();
  }

  @Test
  void theRestartNamesEveryNodeOrOneAndRefusesOthersNamingTheChoices() {
    assertThat(ColdRestart.nodes("all", 3)).containsExactly(1, 2, 3);
    assertThat(ColdRestart.nodes("Node2", 3)).containsExactly(2);
    assertThatThrownBy(() -> ColdRestart.nodes("node4", 3))
        .hasMessageContaining(
            "coldRestart=node4: use all, or one of the target's 3 nodes: node1 ..")
        .hasMessageContaining("node3");
    assertThatThrownBy(() -> ColdRestart.nodes("some", 1))
        .hasMessageContaining("use all, or one of the target's 1 nodes: node1");
  }
}
