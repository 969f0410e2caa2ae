package io.qharness.report;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Tolerances per metric, and per operation where given: how much worse the candidate may be before
 * it is a regression. Relative metrics take a percentage ({@code p99=10%}: p99 may rise 10 %;
 * {@code throughput=5%}: may drop 5 %); errors take percentage points ({@code errors=1%}); recall
 * an absolute drop ({@code recall=0.01}); {@code off} reports a metric without judging it. An
 * operation's name before a colon makes a tolerance its own ({@code search:p99=15%}, {@code
 * 'filtered search:p50=20%'}); it wins over the metric's tolerance for every operation.
 */
public final class Thresholds {
  private final Map<Metric, Double> tolerance = new EnumMap<>(Metric.class);
  private final Set<Metric> given = EnumSet.noneOf(Metric.class);
  private final Map<String, Map<Metric, Double>> perOperation = new TreeMap<>();
  private final Map<Metric, Double> runNoise = new EnumMap<>(Metric.class);

  public Thresholds() {
    for (Metric m : Metric.values()) {
      tolerance.put(m, m.defaultTolerance);
      runNoise.put(m, m.runNoise);
    }
  }

  /**
   * The allowance for the noise between identical runs on one run per side (see {@link RunNoise}):
   * a change worse than the tolerance but within it is inconclusive; NaN: none (judged on the run's
   * own intervals alone).
   */
  public double runNoise(Metric m) {
    return runNoise.get(m);
  }

  /**
   * Sets the allowances for the noise between runs from {@code metric=change} specs ({@code
   * p99=30%}, {@code errors=0.5%}), or {@code off} for none at all.
   */
  public Thresholds runNoise(List<String> specs) {
    for (String spec : specs) {
      if (spec.trim().equalsIgnoreCase("off")) {
        runNoise.replaceAll((m, v) -> Double.NaN);
        continue;
      }
      int eq = spec.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException(
            "run noise '" + spec + "' is not metric=change (e.g. p99=30%) or off");
      }
      runNoise.put(Metric.parse(spec.substring(0, eq)), tolerance(spec, spec.substring(eq + 1)));
    }
    return this;
  }

  public static Thresholds parse(List<String> specs) {
    Thresholds t = new Thresholds();
    for (String spec : specs) {
      int eq = spec.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException(
            "threshold '"
                + spec
                + "' is not [operation:]metric=value, e.g. p99=10%, search:p99=15%, recall=0.01"
                + " or max=off");
      }
      String key = spec.substring(0, eq);
      int colon = key.lastIndexOf(':');
      Metric m = Metric.parse(key.substring(colon + 1));
      double value = tolerance(spec, spec.substring(eq + 1));
      if (colon < 0) {
        t.tolerance.put(m, value);
        t.given.add(m);
      } else {
        String op = key.substring(0, colon).trim();
        if (op.isEmpty()) {
          throw new IllegalArgumentException(
              "threshold '" + spec + "' names no operation before ':', e.g. search:p99=15%");
        }
        t.set(op, m, value);
      }
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

  /** Sets a metric's tolerance for every operation (NaN: not judged). */
  public Thresholds set(Metric m, double value) {
    tolerance.put(m, value);
    return this;
  }

  /** Sets one operation's tolerance of a metric (NaN: not judged). */
  public Thresholds set(String operation, Metric m, double value) {
    perOperation.computeIfAbsent(operation, k -> new EnumMap<>(Metric.class)).put(m, value);
    return this;
  }

  /** Drops the operations' own tolerances of a metric, so that its one tolerance holds for all. */
  Thresholds clearOperations(Metric m) {
    perOperation.values().forEach(t -> t.remove(m));
    return this;
  }

  /** True when the user gave this metric's tolerance. */
  public boolean isSet(Metric m) {
    return given.contains(m);
  }

  /** The tolerance of a metric for every operation; NaN when it is not judged. */
  public double of(Metric m) {
    return tolerance.get(m);
  }

  /** The tolerance of an operation's metric: its own if set, else the metric's. */
  public double of(String operation, Metric m) {
    Map<Metric, Double> own = perOperation.get(operation);
    Double t = own == null ? null : own.get(m);
    return t == null ? of(m) : t;
  }

  /** The operations' own tolerances, operation by operation. */
  Map<String, Map<Metric, Double>> operations() {
    return perOperation;
  }

  public String describe(Metric m) {
    return describe(m, of(m));
  }

  /** A tolerance of a metric for people: +10%, -5%, +1.00 pp, -0.0100, or "not judged". */
  public static String describe(Metric m, double t) {
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
