package io.qharness.config;

import java.time.Duration;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parsers for setting values; each throws with a short reason. */
final class Parsers {
  private Parsers() {}

  private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h)?");

  static Function<String, Integer> intIn(int min, int max) {
    return s -> {
      int v;
      try {
        v = Integer.parseInt(s);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("not a whole number");
      }
      if (v < min || v > max) {
        throw new IllegalArgumentException("out of range");
      }
      return v;
    };
  }

  static Function<String, Long> longIn(long min, long max) {
    return s -> {
      long v;
      try {
        v = Long.parseLong(s.replace("_", ""));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("not a whole number");
      }
      if (v < min || v > max) {
        throw new IllegalArgumentException("out of range");
      }
      return v;
    };
  }

  static Function<String, Double> doubleIn(double min, double max) {
    return s -> {
      double v;
      try {
        v = Double.parseDouble(s);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("not a number");
      }
      if (!(v >= min && v <= max)) {
        throw new IllegalArgumentException("out of range");
      }
      return v;
    };
  }

  static Function<String, Boolean> bool() {
    return s -> {
      switch (s.toLowerCase(Locale.ROOT)) {
        case "true":
        case "yes":
        case "on":
        case "1":
          return true;
        case "false":
        case "no":
        case "off":
        case "0":
          return false;
        default:
          throw new IllegalArgumentException("not a boolean");
      }
    };
  }

  /** "45s", "500ms", "2m", "1h", "1.5s", ISO-8601 "PT45S", or a bare number of seconds. */
  static Function<String, Duration> duration(Duration min) {
    return s -> {
      Duration d;
      if (s.toUpperCase(Locale.ROOT).startsWith("PT")) {
        d = Duration.parse(s.toUpperCase(Locale.ROOT));
      } else {
        Matcher m = DURATION.matcher(s.toLowerCase(Locale.ROOT));
        if (!m.matches()) {
          throw new IllegalArgumentException("not a duration");
        }
        double n = Double.parseDouble(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        double nanos;
        switch (unit) {
          case "ms":
            nanos = n * 1e6;
            break;
          case "m":
            nanos = n * 60e9;
            break;
          case "h":
            nanos = n * 3600e9;
            break;
          default:
            nanos = n * 1e9;
        }
        d = Duration.ofNanos((long) nanos);
      }
      if (d.compareTo(min) < 0) {
        throw new IllegalArgumentException("shorter than " + min.toMillis() + " ms");
      }
      return d;
    };
  }

  static <E extends Enum<E>> Function<String, E> enumOf(Class<E> type) {
    return s -> Enum.valueOf(type, s.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
  }

  static Function<String, String> nonEmpty() {
    return s -> {
      if (s.isBlank()) {
        throw new IllegalArgumentException("empty");
      }
      return s;
    };
  }
}
