package io.qharness.run;

import io.qharness.metrics.OperationMetrics;
import io.qharness.metrics.RunListener;
import io.qharness.metrics.RunMetrics;
import io.qharness.results.RunFile.Growth;
import io.qharness.results.RunFile.GrowthStage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.LongSupplier;
import org.HdrHistogram.Histogram;

/**
 * Searches while a collection fills from empty, by fill stage: each reporting interval's latencies
 * and recall of one operation go to the stage that the acknowledged points reached at the
 * interval's middle. Runs on the reporting thread, so nothing is kept per request.
 */
public final class GrowthStages implements RunListener {
  private final String operation;
  private final LongSupplier acknowledged;
  private final long total;
  private final Stage[] stages;
  private long lastFill;

  private static final class Stage {
    final Histogram ok = new Histogram(3);
    final Histogram recall = new Histogram(3);
    long errors;
    double seconds;
    long fillFrom = -1;
    long fillTo;
  }

  GrowthStages(String operation, LongSupplier acknowledged, long total, int stages) {
    if (stages < 1 || stages > 100) {
      throw new IllegalArgumentException("growthStages must be within 1..100, got " + stages);
    }
    this.operation = operation;
    this.acknowledged = acknowledged;
    this.total = total;
    this.stages = new Stage[stages];
    for (int i = 0; i < stages; i++) {
      this.stages[i] = new Stage();
    }
  }

  @Override
  public synchronized void interval(RunMetrics.Interval iv) {
    long fill = acknowledged.getAsLong();
    Stage s = stages[stageOf((lastFill + fill) / 2)];
    boolean any = false;
    for (RunMetrics.SeriesInterval series : iv.series()) {
      if (!series.operation().equals(operation)) {
        continue;
      }
      switch (series.kind()) {
        case LATENCY_OK -> {
          s.ok.add(series.histogram());
          any = true;
        }
        case LATENCY_KO -> {
          s.errors += series.histogram().getTotalCount();
          any = true;
        }
        case RECALL -> s.recall.add(series.histogram());
        default -> {}
      }
    }
    if (any) {
      s.seconds += (iv.endMillis() - iv.startMillis()) / 1000.0;
      s.fillFrom = s.fillFrom < 0 ? lastFill : s.fillFrom;
      s.fillTo = fill;
    }
    reached(fill);
    lastFill = fill;
  }

  /**
   * A stage's points at end is the fill last seen within it, whether or not searches fell in that
   * interval: the last writes are often acknowledged after the last search interval closes.
   */
  private void reached(long fill) {
    Stage s = stages[stageOf(fill)];
    s.fillTo = Math.max(s.fillTo, fill);
  }

  /** How long one fill stage lasts when the fill keeps ingestRate points per second. */
  Duration stageDuration(double ingestRate) {
    return Duration.ofNanos((long) (total / ingestRate / stages.length * 1e9));
  }

  /**
   * The reporting interval for these stages: a quarter of a stage, within 100 ms..1 s, so each
   * stage is made of several intervals and a stage a search stall overlaps still gets searches.
   */
  Duration interval(double ingestRate) {
    long millis = stageDuration(ingestRate).toMillis() / 4 / 100 * 100;
    return Duration.ofMillis(Math.max(100, Math.min(1000, millis)));
  }

  private int stageOf(long fill) {
    int i = (int) (fill * stages.length / Math.max(1, total));
    return Math.max(0, Math.min(stages.length - 1, i));
  }

  /** The stages so far; a stage no search fell in has no figures. */
  public synchronized Growth result() {
    reached(acknowledged.getAsLong());
    List<GrowthStage> out = new ArrayList<>();
    double scale = OperationMetrics.RECALL_SCALE;
    for (int i = 0; i < stages.length; i++) {
      Stage s = stages[i];
      boolean ok = s.ok.getTotalCount() > 0;
      boolean recall = s.recall.getTotalCount() > 0;
      long searches = s.ok.getTotalCount() + s.errors;
      out.add(
          new GrowthStage(
              round(100.0 * i / stages.length),
              round(100.0 * (i + 1) / stages.length),
              s.fillTo,
              round(s.seconds),
              searches,
              s.errors,
              s.seconds > 0 ? round(searches / s.seconds) : 0,
              s.seconds > 0 && s.fillFrom >= 0 ? round((s.fillTo - s.fillFrom) / s.seconds) : 0,
              ok ? s.ok.getValueAtPercentile(50) / 1000.0 : null,
              ok ? s.ok.getValueAtPercentile(99) / 1000.0 : null,
              recall ? Math.round(s.recall.getMean() / scale * 10_000) / 10_000.0 : null,
              recall ? s.recall.getMinValue() / scale : null));
    }
    return new Growth(operation, total, out);
  }

  private static double round(double v) {
    return Math.round(v * 100) / 100.0;
  }

  /** The stages as a console table. */
  static String describe(Growth g) {
    StringBuilder b = new StringBuilder();
    b.append(
        String.format(
            Locale.ROOT,
            "%-11s %10s %9s %9s %10s %10s %10s %8s%n",
            "fill",
            "points",
            "searches",
            "search/s",
            "ingest/s",
            "p50 ms",
            "p99 ms",
            "recall"));
    for (GrowthStage s : g.stages()) {
      b.append(
          String.format(
              Locale.ROOT,
              "%3.0f-%3.0f %%   %,10d %9d %9.1f %10.0f %10s %10s %8s%n",
              s.fromPct(),
              s.toPct(),
              s.pointsAtEnd(),
              s.searches(),
              s.searchesPerSec(),
              s.ingestPointsPerSec(),
              s.p50Ms() == null ? "-" : String.format(Locale.ROOT, "%.3f", s.p50Ms()),
              s.p99Ms() == null ? "-" : String.format(Locale.ROOT, "%.3f", s.p99Ms()),
              s.recallMean() == null ? "-" : String.format(Locale.ROOT, "%.4f", s.recallMean())));
    }
    return b.toString();
  }
}
