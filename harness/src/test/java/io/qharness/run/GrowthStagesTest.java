package io.qharness.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.qharness.metrics.OperationMetrics;
import io.qharness.metrics.RunMetrics;
import io.qharness.results.RunFile.Growth;
import io.qharness.results.RunFile.GrowthStage;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class GrowthStagesTest {
  private final AtomicLong acked = new AtomicLong();

  private static RunMetrics.Interval interval(long start, String op, int searches, long micros) {
    Histogram ok = new Histogram(3);
    Histogram recall = new Histogram(3);
    for (int i = 0; i < searches; i++) {
      ok.recordValue(micros);
      recall.recordValue((long) OperationMetrics.RECALL_SCALE);
    }
    return new RunMetrics.Interval(
        start,
        start + 250,
        List.of(
            new RunMetrics.SeriesInterval(op, "n1", RunMetrics.Kind.LATENCY_OK, ok),
            new RunMetrics.SeriesInterval(op, "n1", RunMetrics.Kind.RECALL, recall)));
  }

  @Test
  void eachIntervalGoesToTheStageTheFillReachedInItsMiddle() {
    GrowthStages g = new GrowthStages("search", acked::get, 1000, 4);
    acked.set(100); // 0..100, middle 50: first stage
    g.interval(interval(0, "search", 10, 2000));
    acked.set(400); // 100..400, middle 250: second stage
    g.interval(interval(250, "search", 10, 4000));
    g.interval(interval(500, "upsert", 99, 9000)); // another operation: not counted
    acked.set(1000); // 400..1000, middle 700: third stage; the last stage gets nothing
    g.interval(interval(750, "search", 5, 8000));

    Growth out = g.result();
    assertThat(out.stages()).extracting(GrowthStage::searches).containsExactly(10L, 10L, 5L, 0L);
    assertThat(out.stages())
        .extracting(GrowthStage::pointsAtEnd)
        .containsExactly(100L, 400L, 1000L, 1000L);
    GrowthStage second = out.stages().get(1);
    assertThat(second.fromPct()).isEqualTo(25.0);
    assertThat(second.p50Ms()).isCloseTo(4.0, org.assertj.core.data.Offset.offset(0.01));
    assertThat(second.recallMean()).isEqualTo(1.0);
    assertThat(second.ingestPointsPerSec()).isEqualTo(1200.0); // 300 points in 0.25 s
    assertThat(out.stages().get(3).p50Ms()).as("a stage no search fell in has no figures").isNull();
  }

  @Test
  void theLastStageEndsAtTheWritesAcknowledgedAfterTheLastSearchInterval() {
    GrowthStages g = new GrowthStages("search", acked::get, 6000, 5);
    acked.set(4800);
    g.interval(interval(0, "search", 10, 2000));
    acked.set(5888); // the last interval with searches closes before the last acknowledgements
    g.interval(interval(250, "search", 10, 2000));
    acked.set(6000);

    assertThat(g.result().stages().get(4).pointsAtEnd()).isEqualTo(6000L);
  }

  @Test
  void theReportingIntervalSplitsEachStageInFourWithin100MsAnd1s() {
    GrowthStages five = new GrowthStages("search", acked::get, 4000, 5);
    assertThat(five.stageDuration(800)).isEqualTo(Duration.ofSeconds(1));
    assertThat(five.interval(800)).isEqualTo(Duration.ofMillis(200));
    assertThat(new GrowthStages("search", acked::get, 1_000_000, 10).interval(1000))
        .as("100 s stages: at most 1 s")
        .isEqualTo(Duration.ofSeconds(1));
    assertThat(new GrowthStages("search", acked::get, 100, 10).interval(1000))
        .as("10 ms stages: at least 100 ms")
        .isEqualTo(Duration.ofMillis(100));
  }
}
