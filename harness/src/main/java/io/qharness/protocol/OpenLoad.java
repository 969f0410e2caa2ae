package io.qharness.protocol;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.BooleanSupplier;

/**
 * An open-model arrival schedule: constant-rate and linearly ramped steps, in requests per second.
 * Arrival i is due when the integral of the rate reaches i, so arrival times are exact (no
 * millisecond quantisation) and latency can be measured from them.
 *
 * <pre>{@code
 * OpenLoad.constant(200, Duration.ofSeconds(60))
 * OpenLoad.ramp(0, 500, Duration.ofSeconds(30)).thenConstant(500, Duration.ofMinutes(2))
 * }</pre>
 */
public final class OpenLoad {
  private record Step(double from, double to, long nanos) {
    double seconds() {
      return nanos / 1e9;
    }

    double arrivals() {
      return (from + to) / 2 * seconds();
    }
  }

  private final List<Step> steps;
  private final double[] arrivalsBefore;
  private final long[] startNanos;
  private final BooleanSupplier endWhen;
  private final int sliceIndex;
  private final int sliceCount;

  private OpenLoad(List<Step> steps) {
    this(steps, null, 0, 1);
  }

  private OpenLoad(List<Step> steps, BooleanSupplier endWhen, int sliceIndex, int sliceCount) {
    this.endWhen = endWhen;
    this.sliceIndex = sliceIndex;
    this.sliceCount = sliceCount;
    this.steps = List.copyOf(steps);
    this.arrivalsBefore = new double[steps.size() + 1];
    this.startNanos = new long[steps.size() + 1];
    for (int k = 0; k < steps.size(); k++) {
      arrivalsBefore[k + 1] = arrivalsBefore[k] + steps.get(k).arrivals();
      startNanos[k + 1] = startNanos[k] + steps.get(k).nanos();
    }
  }

  /** {@code perSecond} requests per second for {@code duration}. */
  public static OpenLoad constant(double perSecond, Duration duration) {
    return new OpenLoad(List.of(step(perSecond, perSecond, duration)));
  }

  /**
   * A rate moving linearly from {@code from} to {@code to} requests per second over {@code
   * duration}.
   */
  public static OpenLoad ramp(double from, double to, Duration duration) {
    return new OpenLoad(List.of(step(from, to, duration)));
  }

  /**
   * This load, then {@code perSecond} arrivals per second for {@code duration}, e.g. {@code
   * OpenLoad.constant(100, d).thenConstant(200, d)}.
   */
  public OpenLoad thenConstant(double perSecond, Duration duration) {
    return then(step(perSecond, perSecond, duration));
  }

  /**
   * This load, then a rate rising linearly from {@code from} to {@code to} per second over {@code
   * duration}.
   */
  public OpenLoad thenRamp(double from, double to, Duration duration) {
    return then(step(from, to, duration));
  }

  private OpenLoad then(Step s) {
    List<Step> all = new ArrayList<>(steps);
    all.add(s);
    return new OpenLoad(all, endWhen, sliceIndex, sliceCount);
  }

  /**
   * This load, ending early once {@code done} says so: the schedule's duration becomes its longest.
   * E.g. a load that lasts until a scale event and its settling time are over. {@code done} is
   * asked before every arrival: keep it to a volatile read.
   */
  public OpenLoad until(BooleanSupplier done) {
    return new OpenLoad(steps, done, sliceIndex, sliceCount);
  }

  /**
   * Injector {@code index}'s share of this schedule when {@code count} injectors drive it together:
   * arrivals index, index + count, index + 2 count, ... of the whole schedule, at their exact
   * times. The shares interleave, so together they are the whole schedule, arrival for arrival (the
   * first ones take one more arrival when count does not divide it).
   */
  public OpenLoad slice(int index, int count) {
    if (sliceCount != 1) {
      throw new IllegalStateException("this load is already a slice (" + this + ")");
    }
    if (count < 1 || index < 0 || index >= count) {
      throw new IllegalArgumentException(
          "a slice is injector 0.." + (count - 1) + " of " + count + ", got " + index);
    }
    return new OpenLoad(steps, endWhen, index, count);
  }

  /** True once the condition given to {@link #until} holds (never without one). */
  public boolean ended() {
    return endWhen != null && endWhen.getAsBoolean();
  }

  private static Step step(double from, double to, Duration d) {
    if (!(from >= 0) || !(to >= 0) || Double.isInfinite(from) || Double.isInfinite(to)) {
      throw new IllegalArgumentException(
          "rates must be finite and >= 0 requests/s, got " + from + " and " + to);
    }
    if (d == null || d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException("a load step needs a positive duration, got " + d);
    }
    return new Step(from, to, d.toNanos());
  }

  /** Number of arrivals in the whole schedule. */
  public long arrivals() {
    long all = (long) Math.ceil(arrivalsBefore[steps.size()] - 1e-9);
    return all <= sliceIndex ? 0 : (all - sliceIndex + sliceCount - 1) / sliceCount;
  }

  /** How long the whole schedule lasts. */
  public Duration duration() {
    return Duration.ofNanos(startNanos[steps.size()]);
  }

  /** Offset of arrival {@code i} (0-based) from the start of the schedule, in nanoseconds. */
  public long offsetNanos(long i) {
    double x = sliceIndex + i * (double) sliceCount;
    int k = 0;
    while (k < steps.size() - 1 && x >= arrivalsBefore[k + 1]) {
      k++;
    }
    Step s = steps.get(k);
    double local = x - arrivalsBefore[k];
    double a = s.from();
    double slope = (s.to() - s.from()) / s.seconds();
    double t;
    if (Math.abs(slope) < 1e-12) {
      t = a == 0 ? s.seconds() : local / a;
    } else {
      // a t + slope t^2 / 2 = local
      t = (-a + Math.sqrt(Math.max(0, a * a + 2 * slope * local))) / slope;
    }
    return startNanos[k] + (long) (Math.min(t, s.seconds()) * 1e9);
  }

  /** The rate due at {@code offsetNanos} into the schedule, requests per second. */
  public double rateAt(long offsetNanos) {
    for (int k = 0; k < steps.size(); k++) {
      if (offsetNanos < startNanos[k + 1]) {
        Step s = steps.get(k);
        double f = (offsetNanos - startNanos[k]) / (double) s.nanos();
        return (s.from() + (s.to() - s.from()) * f) / sliceCount;
      }
    }
    return 0;
  }

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder();
    for (Step s : steps) {
      if (b.length() > 0) {
        b.append(", then ");
      }
      if (s.from() == s.to()) {
        b.append(
            String.format(Locale.ROOT, "%.1f/s for %s", s.from(), Duration.ofNanos(s.nanos())));
      } else {
        b.append(
            String.format(
                Locale.ROOT,
                "%.1f/s to %.1f/s over %s",
                s.from(),
                s.to(),
                Duration.ofNanos(s.nanos())));
      }
    }
    if (sliceCount > 1) {
      b.append(
          String.format(
              Locale.ROOT,
              " in all; injector %d of %d sends every %d%s arrival",
              sliceIndex,
              sliceCount,
              sliceCount,
              sliceCount == 2 ? "nd" : sliceCount == 3 ? "rd" : "th"));
    }
    return b.toString();
  }
}
