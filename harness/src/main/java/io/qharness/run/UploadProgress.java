package io.qharness.run;

import io.qharness.metrics.RunListener;
import io.qharness.metrics.RunMetrics;
import io.qharness.workload.PointBatches;
import java.io.PrintStream;
import java.util.Locale;

/** A progress line for an upload each reporting interval: points done, rate and time left. */
public final class UploadProgress implements RunListener {
  private final PointBatches upload;
  private final PrintStream out;
  private long startMillis;
  private boolean done;

  public UploadProgress(PointBatches upload, PrintStream out) {
    this.upload = upload;
    this.out = out;
  }

  @Override
  public void interval(RunMetrics.Interval interval) {
    long taken = upload.taken();
    if (done || taken == 0) {
      return;
    }
    long now = interval.endMillis();
    if (startMillis == 0) {
      startMillis = interval.startMillis();
    }
    double seconds = Math.max(0.001, (now - startMillis) / 1000.0);
    double rate = taken / seconds;
    long total = upload.size();
    if (upload.exhausted()) {
      done = true;
      out.printf(
          Locale.ROOT,
          "[qharness upload] %,d/%,d points sent, %,.0f points/s%n",
          taken,
          total,
          rate);
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
