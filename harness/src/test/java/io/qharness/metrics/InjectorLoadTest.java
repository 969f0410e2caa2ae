package io.qharness.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The injector's own load, from scripted CPU and wall clocks: shares, cost per request, the busy
 * warning.
 */
class InjectorLoadTest {
  private final AtomicLong cpu = new AtomicLong();
  private final AtomicLong wall = new AtomicLong();
  private final AtomicReference<InjectorFigures> figures = new AtomicReference<>();
  private final ByteArrayOutputStream printed = new ByteArrayOutputStream();

  private InjectorLoad load(boolean embedded) {
    return new InjectorLoad(
        cpu::get,
        wall::get,
        2,
        embedded,
        op -> !op.startsWith("warm-up "),
        figures::set,
        new PrintStream(printed, true, StandardCharsets.UTF_8));
  }

  /**
   * One 1 s interval in which the process used {@code cores} cores and completed {@code requests}
   * calls.
   */
  private void interval(
      InjectorLoad l, RunMetrics m, OperationMetrics op, double cores, int requests) {
    long t = wall.get();
    for (int i = 0; i < requests; i++) {
      op.record(0, true, t, t + 1_000_000);
    }
    cpu.addAndGet((long) (cores * 1e9));
    wall.addAndGet(1_000_000_000L);
    l.interval(m.sample());
  }

  @Test
  void sharesCostPerRequestAndBusyIntervalsAreReported() {
    RunMetrics m = new RunMetrics(List.of("n1"));
    OperationMetrics op = m.operation("search");
    InjectorLoad l = load(false);
    l.started(m);
    interval(l, m, op, 0.2, 1000); // 10 % of 2 cores, 200 µs CPU per request
    interval(l, m, op, 1.9, 2000); // 95 %: busy, 950 µs CPU per request
    interval(l, m, op, 0.5, 0); // idle interval: counts for the share, not the cost
    l.ended(m.summary());
    InjectorFigures f = figures.get();
    assertThat(f.peakMachineShare()).isCloseTo(0.95, within(1e-9));
    assertThat(f.meanMachineShare()).isCloseTo((0.1 + 0.95 + 0.25) / 3, within(1e-9));
    assertThat(f.cpuMicrosPerRequestOverall()).isCloseTo(2.1e6 / 3000, within(1e-6));
    assertThat(f.busiestInterval().requestsPerSec()).isCloseTo(2000, within(1e-6));
    assertThat(f.busiestInterval().cpuMicrosPerRequest()).isCloseTo(950, within(1e-6));
    assertThat(f.busyIntervals()).hasSize(1);
    String out = printed.toString(StandardCharsets.UTF_8);
    assertThat(f.measuredPhase().cpuMicrosPerRequest()).isCloseTo(2.1e6 / 3000, within(1e-6));
    assertThat(out)
        .contains(
            "injector process: mean 43%, peak 95% of 2 cores; measured phase 1500 requests/s at"
                + " 53% (700 CPU µs per request)");
    assertThat(out).contains("WARNING").contains("1 interval(s)").contains("several injectors");
  }

  @Test
  void aQuietRunWarnsOfNothingAndTheEmbeddedClusterIsNamed() {
    RunMetrics m = new RunMetrics(List.of("n1"));
    OperationMetrics op = m.operation("search");
    InjectorLoad l = load(true);
    l.started(m);
    interval(l, m, op, 0.4, 500);
    l.ended(m.summary());
    assertThat(figures.get().busyIntervals()).isEmpty();
    assertThat(figures.get().includesEmbeddedCluster()).isTrue();
    String out = printed.toString(StandardCharsets.UTF_8);
    assertThat(out)
        .contains("injector + embedded test cluster process")
        .contains("upper bound")
        .doesNotContain("WARNING");
  }

  @Test
  void theRealProcessClockMeasuresSomething() {
    RunMetrics m = new RunMetrics(List.of("n1"));
    InjectorLoad l =
        new InjectorLoad(
            false,
            op -> true,
            figures::set,
            new PrintStream(printed, true, StandardCharsets.UTF_8));
    l.started(m);
    OperationMetrics op = m.operation("spin");
    long until = System.nanoTime() + 50_000_000L;
    double x = 0;
    while (System.nanoTime() < until) {
      x += Math.sqrt(x + 1);
      op.record(0, true, System.nanoTime(), System.nanoTime() + 1000);
    }
    l.interval(m.sample());
    l.ended(m.summary());
    assertThat(x).isPositive();
    assertThat(figures.get().peakMachineShare()).isGreaterThan(0);
    assertThat(figures.get().cpuMicrosPerRequestOverall()).isGreaterThan(0);
  }

  @Test
  void theCostPerRequestIsTheMeasuredPhasesNotTheWarmUpsWhileItStillCompiles() {
    RunMetrics m = new RunMetrics(List.of("n1"));
    OperationMetrics warm = m.operation("warm-up search");
    OperationMetrics search = m.operation("search");
    InjectorLoad l = load(false);
    l.started(m);
    interval(l, m, warm, 0.9, 1000); // JIT at work: 900 µs per request
    for (int i = 0; i < 500; i++) { // the warm-up ends inside this interval: not measured
      search.record(0, true, wall.get(), wall.get() + 1_000_000);
    }
    interval(l, m, warm, 0.6, 500);
    interval(l, m, search, 0.2, 1000); // measured: 200 µs per request
    interval(l, m, search, 0.2, 1000);
    l.ended(m.summary());
    InjectorFigures f = figures.get();
    assertThat(f.busiestInterval().cpuMicrosPerRequest())
        .as("the busiest interval was the warm-up's")
        .isCloseTo(900, within(1e-6));
    assertThat(f.measuredPhase().seconds()).isCloseTo(2, within(1e-9));
    assertThat(f.measuredPhase().cpuMicrosPerRequest()).isCloseTo(200, within(1e-6));
    assertThat(printed.toString(StandardCharsets.UTF_8))
        .contains("measured phase 1000 requests/s at 10% (200 CPU µs per request)");
  }
}
