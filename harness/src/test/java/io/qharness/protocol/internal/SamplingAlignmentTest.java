package io.qharness.protocol.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Intervals end on wall-clock multiples of the period, so several injectors' intervals line up. */
class SamplingAlignmentTest {
  @Test
  void theFirstSampleFallsOnAMultipleOfThePeriodAtLeastHalfAPeriodAway() {
    for (long now : new long[] {12_300, 14_000, 15_000, 17_499, 17_501, 1_764_000_123_456L}) {
      long delay = QdrantComponents.firstSampleDelayMillis(now, 5_000);
      assertThat((now + delay) % 5_000).as("first sample of a run started at " + now).isZero();
      assertThat(delay).isBetween(2_500L, 7_500L);
    }
    assertThat(QdrantComponents.firstSampleDelayMillis(14_000, 5_000)).isEqualTo(6_000);
    assertThat(QdrantComponents.firstSampleDelayMillis(12_300, 5_000)).isEqualTo(2_700);
  }
}
