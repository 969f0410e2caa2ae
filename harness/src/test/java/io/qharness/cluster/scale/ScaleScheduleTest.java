package io.qharness.cluster.scale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ScaleScheduleTest {
  @Test
  void stepsAreReadInOrderWithOptionalTimes() {
    ScaleSchedule s = ScaleSchedule.parse("join node4; rebalance; 90s drain qdrant_node4", 3, 4);
    assertThat(s.steps())
        .containsExactly(
            new ScaleSchedule.Step(null, ScaleSchedule.Action.JOIN, 4),
            new ScaleSchedule.Step(null, ScaleSchedule.Action.REBALANCE, 0),
            new ScaleSchedule.Step(Duration.ofSeconds(90), ScaleSchedule.Action.DRAIN, 4));
    assertThat(s.toString()).isEqualTo("join node4; rebalance; +1m30s drain node4");
  }

  @Test
  void badSchedulesAreRefusedNamingTheFix() {
    assertThatThrownBy(() -> ScaleSchedule.parse("join node2", 3, 4))
        .hasMessageContaining(
            "node2 is in the cluster already; join one of the scale hosts (node4..node4)");
    assertThatThrownBy(() -> ScaleSchedule.parse("join node9", 3, 4))
        .hasMessageContaining("unknown node 'node9'; nodes are node1..node4");
    assertThatThrownBy(() -> ScaleSchedule.parse("rebalance", 3, 4))
        .hasMessageContaining("rebalance before any join has nowhere to spread to");
    assertThatThrownBy(() -> ScaleSchedule.parse("join node4; grow", 3, 4))
        .hasMessageContaining("unknown action 'grow'; known: join, rebalance, drain");
    assertThatThrownBy(() -> ScaleSchedule.parse("drain node4", 3, 4))
        .hasMessageContaining("node4 is not in the cluster then; join it first");
    assertThatThrownBy(() -> ScaleSchedule.parse("drain node1", 1, 1))
        .hasMessageContaining("drains every node");
    assertThatThrownBy(() -> ScaleSchedule.parse("5x join node4", 3, 4))
        .hasMessageContaining("scale step '5x join node4'");
    assertThatThrownBy(() -> ScaleSchedule.parse(" ; ", 3, 4)).hasMessageContaining("no step");
  }
}
