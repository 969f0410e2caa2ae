package io.qharness.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Pattern;

/** Parsers for setting values; each throws with a short reason. */
final class Parsers {
  private Parsers() {}

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

  /** A share of a whole, as a fraction (0.01) or a percentage (1%), above 0 and at most 1. */
  static Function<String, Double> share() {
    return s -> {
      String t = s.trim();
      boolean percent = t.endsWith("%");
      double v;
      try {
        v = Double.parseDouble(percent ? t.substring(0, t.length() - 1).trim() : t);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("not a share");
      }
      v = percent ? v / 100 : v;
      if (!(v > 0 && v <= 1)) {
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

  static Function<String, Duration> duration(Duration min) {
    return s -> {
      Duration d = Durations.parse(s);
      if (d.compareTo(min) < 0) {
        throw new IllegalArgumentException("shorter than " + min.toMillis() + " ms");
      }
      return d;
    };
  }

  static <E extends Enum<E>> Function<String, E> enumOf(Class<E> type) {
    return s ->
        Enum.valueOf(type, s.trim().toUpperCase(Locale.ROOT).replace('-', '_').replace('.', '_'));
  }

  /** A value matching {@code regex}, case-insensitive, returned in lower case. */
  static Function<String, String> oneOfPattern(String regex, String allowed) {
    return s -> {
      String v = s.trim().toLowerCase(Locale.ROOT);
      if (!v.matches(regex)) {
        throw new IllegalArgumentException("not one of " + allowed);
      }
      return v;
    };
  }

  /** One of the given words, case-insensitive, returned in lower case. */
  static Function<String, String> oneOf(String... words) {
    return s -> {
      String v = s.trim().toLowerCase(Locale.ROOT);
      for (String w : words) {
        if (w.equals(v)) {
          return w;
        }
      }
      throw new IllegalArgumentException("not one of the allowed values");
    };
  }

  static Function<String, String> matching(String regex) {
    Pattern p = Pattern.compile(regex);
    return s -> {
      if (!p.matcher(s).matches()) {
        throw new IllegalArgumentException("is not of the allowed form");
      }
      return s;
    };
  }

  /** host:port with a valid port; an http:// prefix is refused with a hint. */
  static Function<String, String> hostPort() {
    return s -> {
      if (s.contains("://")) {
        throw new IllegalArgumentException("give host:port without a scheme");
      }
      int colon = s.lastIndexOf(':');
      if (colon <= 0) {
        throw new IllegalArgumentException("expected host:port");
      }
      int port;
      try {
        port = Integer.parseInt(s.substring(colon + 1));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("port is not a number");
      }
      if (port < 1 || port > 65535) {
        throw new IllegalArgumentException("port out of range");
      }
      return s;
    };
  }

  /**
   * Comma-separated whole numbers, each within [min, max], none repeated; kept in the given order.
   */
  static Function<String, List<Integer>> intList(int min, int max) {
    return s -> {
      List<Integer> out = new ArrayList<>();
      for (String part : s.split(",", -1)) {
        String t = part.trim();
        if (t.isEmpty()) {
          throw new IllegalArgumentException("has an empty entry");
        }
        int v;
        try {
          v = Integer.parseInt(t);
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("'" + t + "' is not a whole number");
        }
        if (v < min || v > max) {
          throw new IllegalArgumentException(v + " is out of range");
        }
        if (out.contains(v)) {
          throw new IllegalArgumentException(v + " is repeated");
        }
        out.add(v);
      }
      return List.copyOf(out);
    };
  }

  /**
   * A Qdrant collection name: 1..255 characters, none of those Qdrant refuses (they become file
   * names on the nodes).
   */
  static Function<String, String> collectionName() {
    return s -> {
      if (s.isEmpty() || s.length() > 255) {
        throw new IllegalArgumentException("must be 1..255 characters");
      }
      for (char c : new char[] {'<', '>', ':', '"', '/', '\\', '|', '?', '*', '\0', '\u001f'}) {
        if (s.indexOf(c) >= 0) {
          throw new IllegalArgumentException(
              "contains '"
                  + (c < ' ' ? String.format("\\u%04x", (int) c) : String.valueOf(c))
                  + "', which Qdrant refuses in collection names");
        }
      }
      return s;
    };
  }

  /** An instant as ISO-8601 UTC ({@code 2026-12-06T03:30:00.000Z}), to the millisecond. */
  static Function<String, java.time.Instant> instant() {
    return v -> {
      try {
        return java.time.Instant.parse(v.trim());
      } catch (java.time.format.DateTimeParseException e) {
        throw new IllegalArgumentException(
            "'" + v + "' is not an ISO-8601 UTC instant such as 2026-12-06T03:30:00Z");
      }
    };
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
