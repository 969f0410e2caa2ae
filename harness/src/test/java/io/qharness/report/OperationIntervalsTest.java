package io.qharness.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two injectors' interval logs merge interval by interval, however far apart their runs started.
 */
class OperationIntervalsTest {
  @TempDir Path dir;

  private static final long T0 =
      1_764_000_000_000L; // a real epoch time: the log format tells relative from absolute by it

  private Path log(String name, long[][] spans, long latencyMicros, int perInterval)
      throws Exception {
    Path file = dir.resolve(name);
    try (PrintStream out = new PrintStream(file.toFile(), StandardCharsets.UTF_8)) {
      HistogramLogWriter w = new HistogramLogWriter(out);
      w.outputLogFormatVersion();
      w.outputStartTime(T0 + spans[0][0]);
      w.setBaseTime(T0 + spans[0][0]); // as IntervalLog writes: times relative to the run's start
      w.outputLegend();
      for (long[] span : spans) {
        Histogram h = new Histogram(3);
        h.recordValueWithCount(latencyMicros, perInterval);
        h.setStartTimeStamp(T0 + span[0]);
        h.setEndTimeStamp(T0 + span[1]);
        h.setTag("ok:search@127.0.0.1%3A6334");
        w.outputIntervalHistogram(h);
      }
    }
    return file;
  }

  @Test
  void injectorsStartedAtDifferentTimesMergeOnTheirAlignedIntervalEnds() throws Exception {
    // A started at 10.0 s, B at 12.3 s; both sample on multiples of 5 s (B a few ms late)
    Path a =
        log(
            "a.hlog",
            new long[][] {{10_000, 15_000}, {15_000, 20_000}, {20_000, 25_000}},
            1_000,
            500);
    Path b =
        log(
            "b.hlog",
            new long[][] {{12_300, 15_004}, {15_004, 20_003}, {20_003, 25_002}},
            3_000,
            250);

    Map<String, List<OperationIntervals.Interval>> ops = OperationIntervals.read(List.of(a, b));
    List<OperationIntervals.Interval> search = ops.get("search");
    assertThat(search).as("one merged interval per period, not one per injector").hasSize(3);
    OperationIntervals.Interval second = search.get(1);
    assertThat(second.ok().getTotalCount()).isEqualTo(750);
    assertThat(second.throughput()).isCloseTo(150.0, Offset.offset(0.5));
    assertThat(second.ok().getValueAtPercentile(50)).isEqualTo(1_000);
    assertThat(second.ok().getMaxValue()).isBetween(2_990L, 3_010L);
    assertThat(search.get(0).startMillis())
        .as("the first merged interval spans from the earlier start")
        .isEqualTo(T0 + 10_000);
  }
}
