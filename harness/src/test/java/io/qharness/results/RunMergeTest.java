package io.qharness.results;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.qharness.metrics.IntervalLog;
import io.qharness.metrics.OperationMetrics;
import io.qharness.metrics.OperationSummary;
import io.qharness.metrics.RunMetrics;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run of three injectors merged: each percentile of the merged record is the percentile of all
 * the samples the three sent (never a mean of their percentiles), counts add up, and the parts'
 * write audits are joined. A missing or unfinished part is refused by name.
 */
class RunMergeTest {
  private static final List<String> NODES = List.of("127.0.0.1:6334", "127.0.0.1:6344");
  @TempDir Path results;

  /** One injector's part: its samples (latencies skewed differently per part) and its record. */
  private static void part(Path runDir, int index, int count, Histogram allSamples) {
    RunRecord r =
        RunRecord.beginIn(
            runDir.resolve(RunMerge.PARTS).resolve(Integer.toString(index)),
            "three",
            "Test",
            Map.of("searchRate", "300"),
            RunFile.TargetInfo.of(RunFile.TargetKind.QDRANT, NODES));
    r.put(
        RunFile.Section.INJECTORS,
        new RunFile.Injectors(count, index, "2026-12-06T03:30:00Z", null),
        false);
    r.put(
        RunFile.Section.LOAD,
        Map.of("search", "300.0/s for PT10S in all; injector " + index + " of 3 sends every 3rd"),
        false);
    r.put(
        RunFile.Section.AUDIT,
        Map.of("acknowledgedWrites", 100 + index, "missing", 0, "vectorsChecked", true),
        false);
    RunMetrics m = new RunMetrics(NODES);
    IntervalLog log = new IntervalLog(r.dir());
    log.started(m);
    r.started(m);
    SplittableRandom rnd = new SplittableRandom(index);
    OperationMetrics search = m.operation("search");
    for (int interval = 0; interval < 4; interval++) {
      for (int i = 0; i < 400 * (index + 1); i++) {
        long latencyNanos = 1000L * rnd.nextLong(200, 2000 + 20_000L * index);
        search.record(i % 2, true, 0, latencyNanos);
        allSamples.recordValue(latencyNanos / 1000);
      }
      log.interval(m.sample());
    }
    m.sample();
    log.ended(m.summary());
    r.ended(m.summary());
  }

  @Test
  void mergedPercentilesAreThoseOfAllTheSamples() {
    Path run = results.resolve("three");
    Histogram all = new Histogram(3);
    for (int i = 0; i < 3; i++) {
      part(run, i, 3, all);
    }
    RunRecord.Loaded merged = RunMerge.merge(run);

    OperationSummary search = merged.summary().operation("search");
    assertThat(search.count()).isEqualTo(all.getTotalCount()).isEqualTo(4 * (400 + 800 + 1200));
    for (double p : new double[] {50, 90, 99, 99.9}) {
      long expected = all.getValueAtPercentile(p);
      long got =
          p == 50
              ? search.p50Micros()
              : p == 90 ? search.p90Micros() : p == 99 ? search.p99Micros() : search.p999Micros();
      assertThat(got).as("p" + p + " of all samples").isEqualTo(expected);
    }
    assertThat(search.maxMicros()).isEqualTo(all.getMaxValue());
    Histogram fromLog =
        IntervalLog.merge(List.of(run.resolve(IntervalLog.FILE))).entrySet().stream()
            .filter(e -> e.getKey().kind() == RunMetrics.Kind.LATENCY_OK)
            .map(Map.Entry::getValue)
            .reduce(
                new Histogram(3),
                (a, b) -> {
                  a.add(b);
                  return a;
                });
    assertThat(fromLog).isEqualTo(all);

    assertThat(merged.complete()).isTrue();
    assertThat(merged.run().injectors().count()).isEqualTo(3);
    assertThat(merged.run().injectors().parts()).hasSize(3);
    assertThat(merged.json().path("audit").path("acknowledgedWrites").asLong()).isEqualTo(303);
    assertThat(merged.json().path("audit").path("vectorsChecked").asBoolean()).isTrue();
    assertThat(merged.json().path("load").path("search").asText())
        .isEqualTo("300.0/s for PT10S, shared by 3 injectors");
  }

  @Test
  void aMissingPartIsRefusedByName() {
    Path run = results.resolve("three");
    Histogram all = new Histogram(3);
    part(run, 0, 3, all);
    part(run, 2, 3, all);
    assertThatThrownBy(() -> RunMerge.merge(run))
        .hasMessageContaining("injector 1 of 3 has no record in")
        .hasMessageContaining("share the results directory");
    assertThatThrownBy(() -> RunMerge.merge(results.resolve("none")))
        .hasMessageContaining("not a run of several injectors");
  }
}
