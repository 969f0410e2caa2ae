package io.qharness.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IntervalLogTest {
  @TempDir Path dir;

  private static RunMetrics run(Path runDir, long seed) {
    RunMetrics m = new RunMetrics(List.of("127.0.0.1:6334", "127.0.0.1:6344"));
    IntervalLog log = new IntervalLog(runDir);
    log.started(m);
    SplittableRandom r = new SplittableRandom(seed);
    OperationMetrics upload = m.operation("upload batch");
    for (int interval = 0; interval < 3; interval++) {
      for (int i = 0; i < 500; i++) {
        long t = 1_000_000L;
        upload.record(i % 2, i % 25 != 0, t, t + r.nextLong(10_000, 5_000_000));
        upload.recordRecall(i % 2, r.nextInt(11) / 10.0);
      }
      log.interval(m.sample());
    }
    log.ended(m.summary());
    return m;
  }

  @Test
  void intervalsReadBackToTheRunsHistograms() {
    RunMetrics m = run(dir.resolve("a"), 1);
    Map<IntervalLog.Series, Histogram> read =
        IntervalLog.merge(List.of(dir.resolve("a").resolve(IntervalLog.FILE)));
    assertThat(read).hasSize(6); // ok, ko, recall x 2 nodes
    for (Map.Entry<IntervalLog.Series, Histogram> e : read.entrySet()) {
      IntervalLog.Series s = e.getKey();
      assertThat(s.operation()).isEqualTo("upload batch");
      Histogram expected = m.cumulative(s.operation(), s.node(), s.kind());
      assertThat(e.getValue().getTotalCount()).isEqualTo(expected.getTotalCount());
      assertThat(e.getValue().getValueAtPercentile(99))
          .isEqualTo(expected.getValueAtPercentile(99));
    }
  }

  @Test
  void logsOfSeveralInjectorsMerge() {
    RunMetrics a = run(dir.resolve("a"), 1);
    RunMetrics b = run(dir.resolve("b"), 2);
    Map<IntervalLog.Series, Histogram> merged =
        IntervalLog.merge(
            List.of(
                dir.resolve("a").resolve(IntervalLog.FILE),
                dir.resolve("b").resolve(IntervalLog.FILE)));
    IntervalLog.Series ok =
        new IntervalLog.Series(RunMetrics.Kind.LATENCY_OK, "upload batch", "127.0.0.1:6334");
    Histogram both = a.cumulative("upload batch", "127.0.0.1:6334", RunMetrics.Kind.LATENCY_OK);
    both.add(b.cumulative("upload batch", "127.0.0.1:6334", RunMetrics.Kind.LATENCY_OK));
    assertThat(merged.get(ok).getTotalCount()).isEqualTo(both.getTotalCount());
    assertThat(merged.get(ok).getValueAtPercentile(90)).isEqualTo(both.getValueAtPercentile(90));
  }

  @Test
  void aLogCutMidLineByACrashReadsUpToTheCut() throws Exception {
    run(dir.resolve("a"), 1);
    Path log = dir.resolve("a").resolve(IntervalLog.FILE);
    List<IntervalLog.Entry> whole = IntervalLog.read(log);
    String text = Files.readString(log);
    // the writer was killed halfway through its last histogram line
    Files.writeString(log, text.substring(0, text.length() - 40));
    assertThatThrownBy(() -> IntervalLog.read(log)).hasMessageContaining("corrupt");
    List<IntervalLog.Entry> upToCut = IntervalLog.readUpToCut(log);
    assertThat(upToCut).hasSize(whole.size() - 1);
    assertThat(upToCut.get(upToCut.size() - 1).endMillis()).isPositive();
  }

  @Test
  void aCorruptLogIsRefusedNamingTheFile() throws Exception {
    Path bad = dir.resolve("bad.hlog");
    Files.writeString(bad, "#[StartTime: 1 (seconds since epoch)]\n0.000,5.000,1.0,NOT-BASE64!!\n");
    assertThatThrownBy(() -> IntervalLog.merge(List.of(bad))).hasMessageContaining(bad.toString());
    assertThatThrownBy(() -> IntervalLog.merge(List.of(dir.resolve("missing.hlog"))))
        .hasMessageContaining("does not exist");
  }
}
