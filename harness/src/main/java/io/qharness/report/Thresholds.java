package io.qharness.report;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Tolerances per metric: how much worse the candidate may be before it is a regression. Relative
 * metrics take a percentage ({@code p99=10%}: p99 may rise 10 %; {@code throughput=5%}: may drop 5
 * %); errors take percentage points ({@code errors=1%}); recall an absolute drop ({@code
 * recall=0.01}); {@code off} reports a metric without judging it.
 */
public final class Thresholds {
  private final Map<Metric, Double> tolerance = new EnumMap<>(Metric.class);
  private final Set<Metric> given = EnumSet.noneOf(Metric.class);

  public Thresholds() {
    for (Metric m : Metric.values()) {
      tolerance.put(m, m.defaultTolerance);
    }
  }

  public static Thresholds parse(List<String> specs) {
    Thresholds t = new Thresholds();
    for (String spec : specs) {
      int eq = spec.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException(
            "threshold '" + spec + "' is not metric=value, e.g. p99=10% or recall=0.01 or max=off");
      }
      Metric m = Metric.parse(spec.substring(0, eq));
      double value = tolerance(spec, spec.substring(eq + 1));
      t.tolerance.put(m, value);
      t.given.add(m);
    }
    return t;
  }

  /**
   * A tolerance as given after "metric=" in {@code spec}: a percentage (10%), a number (0.01), or
   * "off" (NaN: not judged); negative or unreadable values are refused, naming {@code spec}.
   */
  public static double tolerance(String spec, String given) {
    String v = given.trim().toLowerCase(Locale.ROOT);
    if (v.equals("off")) {
      return Double.NaN;
    }
    double value;
    try {
      value =
          v.endsWith("%")
              ? Double.parseDouble(v.substring(0, v.length() - 1)) / 100
              : Double.parseDouble(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "threshold '" + spec + "': '" + v + "' is not a number, a percentage or 'off'");
    }
    if (!(value >= 0) || Double.isInfinite(value)) {
      throw new IllegalArgumentException(
          "threshold '"
              + spec
              + "': the tolerance must be zero or positive (how much worse is allowed)");
    }
    return value;
  }

  /** Sets a metric's tolerance (NaN: not judged). */
  public Thresholds set(Metric m, double value) {
    tolerance.put(m, value);
    return this;
  }

  /** True when the user gave this metric's tolerance. */
  public boolean isSet(Metric m) {
    return given.contains(m);
  }

  /** The tolerance of a metric; NaN when it is not judged. */
  public double of(Metric m) {
    return tolerance.get(m);
  }

  public String describe(Metric m) {
    double t = of(m);
    if (Double.isNaN(t)) {
      return "not judged";
    }
    return switch (m.kind) {
      case RELATIVE_RISE -> String.format(Locale.ROOT, "+%.0f%%", t * 100);
      case RELATIVE_DROP -> String.format(Locale.ROOT, "-%.0f%%", t * 100);
      case ABSOLUTE_RISE -> String.format(Locale.ROOT, "+%.2f pp", t * 100);
      case ABSOLUTE_DROP -> String.format(Locale.ROOT, "-%.4f", t);
    };
  }
}
