package io.qharness.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.qharness.cluster.NodeResources.Sample;
import io.qharness.results.RunFile.NodeUse;
import io.qharness.results.RunFile.PerPoint;
import io.qharness.results.RunFile.Phase;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResourceRecorderTest {
  private static final long S = 1_000_000_000L;

  private static Sample local(
      long at, double cpu, long rss, long points, long data, long disk, long opts) {
    return new Sample(
        "n1",
        at,
        30_000_000L,
        20_000_000L,
        100L,
        1L,
        8192L,
        5L,
        points,
        data,
        opts,
        opts * 2_000_000,
        cpu,
        rss,
        disk,
        null);
  }

  private static Sample remote(long at, long resident, long points, long data) {
    return new Sample(
        "n2", at, resident, resident, null, null, null, null, points, data, 0, 0, null, null, null,
        null);
  }

  @Test
  void aCounterBelowItsLastReadingCountsFromZeroAsAfterARestart() {
    Sample before = local(0, 10.0, 100_000_000, 0, 0, 0, 0);
    Sample restarted =
        new Sample(
            "n1",
            S,
            30_000_000L,
            20_000_000L,
            40L,
            1L,
            4096L,
            2L,
            0,
            0,
            0,
            0,
            0.5,
            50_000_000L,
            null,
            null);
    NodeUse u =
        ResourceRecorder.phase("restart", List.of(before), List.of(restarted)).nodes().get(0);
    assertThat(u.minorFaults()).as("100 before, 40 since the restart").isEqualTo(40);
    assertThat(u.readBytes()).as("8192 before, 4096 since the restart").isEqualTo(4096);
    assertThat(u.cpuSeconds()).as("10 s before, 0.5 s since the restart").isEqualTo(0.5);
  }

  @Test
  void aPhaseHasTheLevelsAtItsEndAndTheCountersGrowthOverIt() {
    Sample a = local(0, 10.0, 100_000_000, 0, 0, 0, 0);
    Sample b = local(4 * S, 12.0, 140_000_000, 10_000, 6_400_000, 15_000_000, 3);
    Phase p = ResourceRecorder.phase("upload", List.of(a), List.of(b));
    NodeUse u = p.nodes().get(0);
    assertThat(p.seconds()).isEqualTo(4.0);
    assertThat(u.cpuSeconds()).isEqualTo(2.0);
    assertThat(u.cpuCores()).isEqualTo(0.5);
    assertThat(u.rssBytes()).isEqualTo(140_000_000L);
    assertThat(u.diskBytes()).isEqualTo(15_000_000L);
    assertThat(u.points()).isEqualTo(10_000);
    assertThat(u.optimizations()).isEqualTo(3);
    assertThat(u.optimizationSeconds()).isEqualTo(6.0);
    assertThat(u.minorFaults()).as("unchanged counter").isZero();
  }

  @Test
  void bytesPerPointComeFromTheResidentSetWhenTheProcessesWereRead() {
    PerPoint pp =
        ResourceRecorder.perPoint(
            List.of(local(0, 0, 100_000_000, 0, 0, 0, 0)),
            List.of(local(S, 1, 130_000_000, 10_000, 6_400_000, 20_000_000, 0)));
    assertThat(pp.points()).isEqualTo(10_000);
    assertThat(pp.memoryBytes()).isEqualTo(3000.0);
    assertThat(pp.diskBytes()).isEqualTo(2000.0);
    assertThat(pp.dataBytes()).isEqualTo(640.0);
    assertThat(pp.memoryBasis()).contains("resident set");
  }

  @Test
  void withoutProcessesTheAllocatorGaugePlusTheMappedDataStandsIn() {
    PerPoint pp =
        ResourceRecorder.perPoint(
            List.of(remote(0, 20_000_000, 0, 0)),
            List.of(remote(S, 22_000_000, 10_000, 6_400_000)));
    // (2,000,000 allocator growth + 6,400,000 vectors and payloads) / 10,000 points
    assertThat(pp.memoryBytes()).isEqualTo(840.0);
    assertThat(pp.diskBytes()).isNull();
    assertThat(pp.memoryBasis()).contains("allocator");
  }

  @Test
  void noFigureWhenNoPointWasAddedOrANodeWasUnread() {
    Sample unread =
        new Sample(
            "n2", S, null, null, null, null, null, null, 0, 0, 0, 0, null, null, null, "refused");
    assertThat(ResourceRecorder.perPoint(List.of(remote(0, 1, 0, 0)), List.of(remote(S, 2, 0, 0))))
        .isNull();
    assertThat(ResourceRecorder.perPoint(List.of(remote(0, 1, 0, 0)), List.of(unread))).isNull();
  }
}
