package io.qharness.simulation;

import static org.assertj.core.api.Assertions.assertThat;

import io.qharness.metrics.OperationSummary;
import java.util.List;
import org.junit.jupiter.api.Test;

class PhaseComparisonTest {
  private static OperationSummary op(String name, long count, long p50, long p99, Double recall) {
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
        recall,
        recall,
        recall,
        recall == null ? 0 : count,
        0,
        0,
        0,
        0,
        List.of(),
        null,
        null);
  }

  @Test
  void setsTheOperationUnderTheConditionBesideTheSameWithoutIt() {
    PhaseComparison c = new PhaseComparison("during", "after", "while the optimizer ran", null);
    assertThat(
            c.line(
                op("during", 200, 12_480, 177_540, 0.9997),
                op("after", 1500, 2_220, 5_950, 0.9994)))
        .isEqualTo(
            "qharness: while the optimizer ran: 200 searches, p50 12.48 ms, p99 177.54 ms, recall"
                + " 0.9997; after it: p50 2.22 ms, p99 5.95 ms, recall 0.9994; p99 x29.84");
    assertThat(c.line(null, op("after", 10, 1, 1, null)))
        .isEqualTo(
            "qharness: no search overlapped while the optimizer ran: it was over before the first"
                + " one");
    assertThat(c.line(op("during", 1, 1, 1, null), null)).isNull();
  }
}
