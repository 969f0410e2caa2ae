package io.qharness.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class LittlesLawTest {
  private final AtomicReference<LittlesLaw.Check> recorded = new AtomicReference<>();
  private final ByteArrayOutputStream console = new ByteArrayOutputStream();
  private final LittlesLaw law =
      new LittlesLaw(
          op -> !op.startsWith("warm-up"),
          recorded::set,
          new PrintStream(console, true, StandardCharsets.UTF_8));

  /** One second of {@code count} requests of {@code micros} each, {@code inFlight} on average. */
  private static RunMetrics.Interval second(
      long startMillis, String op, int count, long micros, double inFlight) {
    Histogram h = new Histogram(3);
    h.recordValueWithCount(micros, count);
    return new RunMetrics.Interval(
        startMillis,
        startMillis + 1000,
        List.of(new RunMetrics.SeriesInterval(op, "n1", RunMetrics.Kind.LATENCY_OK, h)),
        inFlight);
  }

  private String printed() {
    law.ended(null);
    return console.toString(StandardCharsets.UTF_8);
  }

  @Test
  void anHonestMeasurementAgrees() {
    for (int i = 0; i < 10; i++) {
      law.interval(second(i * 1000L, "search", 100, 10_000, 1.02)); // 100/s x 10 ms = 1 in flight
    }
    assertThat(printed()).contains("Little's law").contains("agree").doesNotContain("WARNING");
    LittlesLaw.Check c = recorded.get();
    assertThat(c.requestsPerSec()).isCloseTo(100, within(0.1));
    assertThat(c.predictedInFlight()).isCloseTo(1.0, within(0.01));
    assertThat(c.agrees()).isTrue();
  }

  @Test
  void latenciesAboveWhatWasInFlightMeanTheInjectorQueued() {
    for (int i = 0; i < 10; i++) {
      law.interval(second(i * 1000L, "search", 100, 10_000, 0.5)); // sent 5 ms late on average
    }
    assertThat(printed()).contains("WARNING").contains("waited in the injector").contains("5.0 ms");
    assertThat(recorded.get().ratio()).isCloseTo(2.0, within(0.01));
  }

  /** A published row: 1,215 requests/s at 4 ms mean with 100 clients always waiting. */
  @Test
  void aPublishedRowWithTooFewRequestsInFlightFails() {
    for (int i = 0; i < 10; i++) {
      law.interval(second(i * 1000L, "search", 1215, 4_000, 100));
    }
    assertThat(printed()).contains("WARNING").contains("leave out time");
    assertThat(recorded.get().predictedInFlight()).isCloseTo(4.86, within(0.01));
    assertThat(recorded.get().agrees()).isFalse();
  }

  @Test
  void onlyTheMeasuredPhaseCountsAndUnsampledIntervalsAreLeftOut() {
    law.interval(second(0, "warm-up search", 100, 500_000, 1)); // far off: ignored
    law.interval(new RunMetrics.Interval(1000, 2000, second(0, "search", 100, 10_000, 1).series()));
    law.interval(second(2000, "search", 100, 10_000, 1.0));
    printed();
    assertThat(recorded.get().seconds()).isEqualTo(1.0);
    assertThat(recorded.get().agrees()).isTrue();
  }

  @Test
  void saysNothingWithoutAMeasuredInterval() {
    law.interval(second(0, "warm-up search", 100, 10_000, 1));
    assertThat(printed()).isEmpty();
    assertThat(recorded.get()).isNull();
  }
}
