package io.qharness.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class OpenLoadTest {
  @Test
  void constantRateArrivalsAreEvenlySpaced() {
    OpenLoad load = OpenLoad.constant(100, Duration.ofSeconds(10));
    assertThat(load.arrivals()).isEqualTo(1000);
    assertThat(load.offsetNanos(0)).isZero();
    assertThat(load.offsetNanos(1)).isEqualTo(10_000_000L);
    assertThat(load.offsetNanos(999)).isEqualTo(9_990_000_000L);
  }

  @Test
  void rampArrivalsFollowTheIntegralOfTheRate() {
    // 0 -> 100/s over 10 s: 500 arrivals; N(t) = 5 t^2, so arrival i is at sqrt(i / 5) s
    OpenLoad load = OpenLoad.ramp(0, 100, Duration.ofSeconds(10));
    assertThat(load.arrivals()).isEqualTo(500);
    assertThat(load.offsetNanos(125) / 1e9).isCloseTo(5.0, within(1e-6));
    assertThat(load.offsetNanos(499) / 1e9).isCloseTo(Math.sqrt(499 / 5.0), within(1e-6));
    assertThat(load.rateAt(5_000_000_000L)).isCloseTo(50, within(1e-9));
  }

  @Test
  void stepsFollowEachOther() {
    OpenLoad load =
        OpenLoad.constant(10, Duration.ofSeconds(2))
            .thenConstant(0, Duration.ofSeconds(1))
            .thenConstant(20, Duration.ofSeconds(1));
    assertThat(load.arrivals()).isEqualTo(40);
    assertThat(load.offsetNanos(19) / 1e9).isCloseTo(1.9, within(1e-9));
    assertThat(load.offsetNanos(20) / 1e9)
        .isCloseTo(3.0, within(1e-9)); // the pause holds no arrival
    assertThat(load.offsetNanos(39) / 1e9).isCloseTo(3.95, within(1e-9));
    assertThat(load.duration()).isEqualTo(Duration.ofSeconds(4));
  }

  @Test
  void badStepsAreRefusedClearly() {
    assertThatThrownBy(() -> OpenLoad.constant(-1, Duration.ofSeconds(1)))
        .hasMessageContaining(">= 0 requests/s");
    assertThatThrownBy(() -> OpenLoad.constant(5, Duration.ZERO))
        .hasMessageContaining("positive duration");
  }

  @Test
  void aLoadCanEndWhenAConditionHolds() {
    java.util.concurrent.atomic.AtomicBoolean done =
        new java.util.concurrent.atomic.AtomicBoolean();
    OpenLoad load = OpenLoad.constant(100, java.time.Duration.ofMinutes(10)).until(done::get);
    org.assertj.core.api.Assertions.assertThat(load.ended()).isFalse();
    done.set(true);
    org.assertj.core.api.Assertions.assertThat(load.ended()).isTrue();
    org.assertj.core.api.Assertions.assertThat(load.arrivals())
        .as("the cap stays")
        .isEqualTo(60_000);
    org.assertj.core.api.Assertions.assertThat(
            OpenLoad.constant(1, java.time.Duration.ofSeconds(1)).ended())
        .isFalse();
  }

  @Test
  void theSlicesOfThreeInjectorsAreTheWholeScheduleArrivalForArrival() {
    OpenLoad whole =
        OpenLoad.ramp(10, 250, Duration.ofSeconds(4)).thenConstant(250, Duration.ofSeconds(3));
    java.util.List<Long> union = new java.util.ArrayList<>();
    long total = 0;
    for (int i = 0; i < 3; i++) {
      OpenLoad part = whole.slice(i, 3);
      total += part.arrivals();
      for (long j = 0; j < part.arrivals(); j++) {
        union.add(part.offsetNanos(j));
      }
      assertThat(part.rateAt(5_000_000_000L)).isEqualTo(250 / 3.0, within(1e-9));
    }
    java.util.Collections.sort(union);
    assertThat(total).isEqualTo(whole.arrivals());
    for (int k = 0; k < whole.arrivals(); k++) {
      assertThat(union.get(k)).isEqualTo(whole.offsetNanos(k));
    }
    assertThat(whole.slice(1, 3).toString()).endsWith("injector 1 of 3 sends every 3rd arrival");
    assertThatThrownBy(() -> whole.slice(3, 3)).hasMessageContaining("injector 0..2 of 3, got 3");
    assertThatThrownBy(() -> whole.slice(0, 2).slice(0, 2)).hasMessageContaining("already a slice");
  }
}
