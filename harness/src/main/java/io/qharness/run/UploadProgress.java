package io.qharness.run;

import io.qharness.metrics.InjectorLoad;
import io.qharness.metrics.RunListener;
import io.qharness.metrics.RunMetrics;
import io.qharness.metrics.UploadFigures;
import io.qharness.workload.PointBatches;
import java.io.PrintStream;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * A progress line for an upload each reporting interval: points done, rate and time left; at its
 * end, what the upload cost the injector process ({@link UploadFigures}).
 */
public final class UploadProgress implements RunListener {
  private final PointBatches upload;
  private final PrintStream out;
  private final Consumer<UploadFigures> figures;
  private long startMillis;
  private long startCpuNanos = -1;
  private long lastCpuNanos = -1;
  private boolean done;

  public UploadProgress(PointBatches upload, PrintStream out, Consumer<UploadFigures> figures) {
    this.upload = upload;
    this.out = out;
    this.figures = figures;
  }

  @Override
  public void started(RunMetrics metrics) {
    lastCpuNanos = InjectorLoad.processCpuNanos();
  }

  @Override
  public void interval(RunMetrics.Interval interval) {
    if (done) {
      return;
    }
    long cpu = InjectorLoad.processCpuNanos();
    long cpuAtStart = lastCpuNanos;
    lastCpuNanos = cpu;
    long taken = upload.taken();
    if (taken == 0) {
      return;
    }
    long now = interval.endMillis();
    if (startMillis == 0) {
      startMillis = interval.startMillis();
      // the CPU reading at the start of this interval (or, listening from mid-run, at its end)
      startCpuNanos = cpuAtStart >= 0 ? cpuAtStart : cpu;
    }
    double seconds = Math.max(0.001, (now - startMillis) / 1000.0);
    double rate = taken / seconds;
    long total = upload.size();
    if (upload.exhausted()) {
      done = true;
      String cost = "";
      if (cpu >= 0 && startCpuNanos >= 0) {
        UploadFigures f = UploadFigures.of(taken, seconds, (cpu - startCpuNanos) / 1e9);
        figures.accept(f);
        cost = String.format(Locale.ROOT, ", %.1f CPU µs per point", f.cpuMicrosPerPoint());
      }
      out.printf(
          Locale.ROOT,
          "[qharness upload] %,d/%,d points sent, %,.0f points/s%s%n",
          taken,
          total,
          rate,
          cost);
      return;
    }
    long etaSeconds = rate > 0 ? (long) Math.ceil((total - taken) / rate) : -1;
    out.printf(
        Locale.ROOT,
        "[qharness upload] %,d/%,d points (%.0f%%), %,.0f points/s, ETA %s%n",
        taken,
        total,
        100.0 * taken / total,
        rate,
        etaSeconds < 0 ? "?" : etaSeconds + "s");
  }
}
