package io.qharness.run;

import io.qharness.metrics.InjectorLoad;
import io.qharness.metrics.RunListener;
import io.qharness.metrics.RunMetrics;
import io.qharness.metrics.UploadFigures;
import io.qharness.workload.PointBatches;
import java.io.PrintStream;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * A progress line for an upload each reporting interval: points done, rate and time left; at its
 * end, what the upload cost the injector process ({@link UploadFigures}).
 *
 * <p>The figures run from the moment the first uploader starts ({@link #uploaderStarts()}) to the
 * moment the last batch is acknowledged ({@link #ended()}), with the process's CPU read at both:
 * whole reporting intervals (5 s by default) around a 30-s upload would add up to a third to its
 * time, and the plain-client floor it is compared with is timed exactly.
 */
public final class UploadProgress implements RunListener {
  private final PointBatches upload;
  private final PrintStream out;
  private final Consumer<UploadFigures> figures;
  private final LongSupplier nanoClock;
  private final LongSupplier cpuNanos;
  private long startNanos;
  private long startCpuNanos = -1;
  private boolean started;
  private boolean done;

  public UploadProgress(PointBatches upload, PrintStream out, Consumer<UploadFigures> figures) {
    this(upload, out, figures, System::nanoTime, InjectorLoad::processCpuNanos);
  }

  UploadProgress(
      PointBatches upload,
      PrintStream out,
      Consumer<UploadFigures> figures,
      LongSupplier nanoClock,
      LongSupplier cpuNanos) {
    this.upload = upload;
    this.out = out;
    this.figures = figures;
    this.nanoClock = nanoClock;
    this.cpuNanos = cpuNanos;
  }

  /** Each uploader calls this before its first batch; the first call starts the clock. */
  public synchronized void uploaderStarts() {
    if (!started) {
      started = true;
      startCpuNanos = cpuNanos.getAsLong();
      startNanos = nanoClock.getAsLong();
    }
  }

  /** The last uploader calls this once every batch is acknowledged: the figures, and the line. */
  public synchronized void ended() {
    if (done || !started) {
      return;
    }
    done = true;
    long cpu = cpuNanos.getAsLong();
    double seconds = secondsSinceStart();
    long taken = upload.taken();
    String cost = "";
    if (cpu >= 0 && startCpuNanos >= 0) {
      UploadFigures f = UploadFigures.of(taken, seconds, (cpu - startCpuNanos) / 1e9);
      figures.accept(f);
      cost = String.format(Locale.ROOT, ", %.1f CPU µs per point", f.cpuMicrosPerPoint());
    }
    out.printf(
        Locale.ROOT,
        "[qharness upload] %,d/%,d points sent in %.1f s, %,.0f points/s%s%n",
        taken,
        upload.size(),
        seconds,
        taken / seconds,
        cost);
  }

  private double secondsSinceStart() {
    return Math.max(1e-3, (nanoClock.getAsLong() - startNanos) / 1e9);
  }

  @Override
  public synchronized void interval(RunMetrics.Interval interval) {
    long taken = upload.taken();
    if (done || !started || taken == 0) {
      return;
    }
    double seconds = secondsSinceStart();
    double rate = taken / seconds;
    long total = upload.size();
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
