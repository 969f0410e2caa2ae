package io.qharness.metrics;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.HdrHistogram.Histogram;

/**
 * Little's law as a check on the measurement: over the measured phase, throughput x mean latency
 * must equal the mean number of requests in flight, which is read independently (the calls
 * outstanding, read at random times about every 10 ms). The latency counts from each request's
 * intended start, the calls in flight from its send: when throughput x latency exceeds the calls in
 * flight, requests waited in the injector before they were sent (client queueing); when it falls
 * short, the latencies leave out time the calls were in flight: a broken measurement either way.
 */
public final class LittlesLaw implements RunListener {
  /** Beyond this relative difference the two sides disagree. */
  public static final double TOLERANCE = 0.2;

  /** Below this many requests in flight on average the check says nothing (too few to compare). */
  static final double MIN_IN_FLIGHT = 0.05;

  /**
   * The check's figures (run.json {@code littlesLaw}).
   *
   * @param seconds the measured intervals' length
   * @param requestsPerSec requests completed per second
   * @param meanLatencyMs their mean latency, from the intended start
   * @param predictedInFlight throughput x mean latency
   * @param measuredInFlight the mean of the calls outstanding, sampled
   * @param ratio predicted over measured
   * @param agrees within {@link #TOLERANCE}
   * @param verdict what it means, for people
   */
  public record Check(
      double seconds,
      double requestsPerSec,
      double meanLatencyMs,
      double predictedInFlight,
      double measuredInFlight,
      double ratio,
      boolean agrees,
      String verdict) {}

  private final Predicate<String> measuredOperation;
  private final Consumer<Check> sink;
  private final PrintStream out;
  private double seconds;
  private double inFlightSeconds;
  private double latencySeconds;
  private long requests;

  public LittlesLaw(Predicate<String> measuredOperation, Consumer<Check> sink, PrintStream out) {
    this.measuredOperation = measuredOperation;
    this.sink = sink;
    this.out = out;
  }

  @Override
  public synchronized void interval(RunMetrics.Interval interval) {
    if (Double.isNaN(interval.meanInFlight())) {
      return;
    }
    long n = 0;
    double latency = 0;
    for (RunMetrics.SeriesInterval s : interval.series()) {
      if (s.kind() == RunMetrics.Kind.LATENCY_OK || s.kind() == RunMetrics.Kind.LATENCY_KO) {
        if (!measuredOperation.test(s.operation())) {
          return; // an interval of the measured phase alone, as InjectorLoad's
        }
        Histogram h = s.histogram();
        n += h.getTotalCount();
        latency += h.getMean() * h.getTotalCount() / 1e6;
      }
    }
    if (n == 0) {
      return;
    }
    double t = (interval.endMillis() - interval.startMillis()) / 1000.0;
    seconds += t;
    inFlightSeconds += interval.meanInFlight() * t;
    latencySeconds += latency;
    requests += n;
  }

  /** The check over the intervals seen so far; null without a measured interval. */
  synchronized Check check() {
    if (seconds <= 0 || requests == 0) {
      return null;
    }
    double predicted = latencySeconds / seconds;
    double measured = inFlightSeconds / seconds;
    double ratio = measured > 0 ? predicted / measured : Double.POSITIVE_INFINITY;
    boolean small = Math.max(predicted, measured) < MIN_IN_FLIGHT;
    boolean agrees = small || Math.abs(ratio - 1) <= TOLERANCE;
    String verdict;
    if (small) {
      verdict = "too few requests in flight to compare";
    } else if (agrees) {
      verdict = "agree";
    } else if (predicted > measured) {
      verdict =
          String.format(
              Locale.ROOT,
              "requests waited in the injector before they were sent (%.1f ms on average): the"
                  + " injector fell behind its schedule; give it more cores or spread the load",
              (predicted - measured) / (requests / seconds) * 1000);
    } else {
      verdict =
          "the latencies leave out time the calls were in flight: the measurement is broken;"
              + " report it";
    }
    return new Check(
        seconds,
        requests / seconds,
        latencySeconds / requests * 1000,
        predicted,
        measured,
        ratio,
        agrees,
        verdict);
  }

  @Override
  public void ended(RunSummary summary) {
    Check c = check();
    if (c == null) {
      return;
    }
    sink.accept(c);
    out.printf(
        Locale.ROOT,
        "%sLittle's law: %.1f requests/s x %.2f ms mean latency = %.2f in flight, measured %.2f"
            + " (x%.2f): %s%n",
        c.agrees() ? "" : "WARNING: ",
        c.requestsPerSec(),
        c.meanLatencyMs(),
        c.predictedInFlight(),
        c.measuredInFlight(),
        c.ratio(),
        c.verdict());
  }
}
