package io.qharness.cluster;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The samples of one Prometheus text exposition ({@code /metrics}), enough to read a node's gauges
 * and counters by name and one label. Comments and malformed lines are skipped: a family a node
 * does not export is simply absent (null), as Qdrant leaves out families with no samples yet.
 */
final class PromText {
  private record Line(String labels, double value) {}

  private final Map<String, List<Line>> samples;

  private PromText(Map<String, List<Line>> samples) {
    this.samples = samples;
  }

  static PromText parse(String text) {
    Map<String, List<Line>> out = new HashMap<>();
    for (String raw : text.split("\n")) {
      String line = raw.trim();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      int brace = line.indexOf('{');
      int space = line.lastIndexOf(' ');
      int close = line.lastIndexOf('}');
      if (space < 0) {
        continue;
      }
      String name;
      String labels = "";
      String value;
      if (brace > 0 && close > brace) {
        name = line.substring(0, brace);
        labels = line.substring(brace + 1, close);
        value = line.substring(close + 1).trim().split(" ")[0];
      } else {
        String[] f = line.split("\\s+");
        name = f[0];
        value = f.length > 1 ? f[1] : "";
      }
      try {
        out.computeIfAbsent(name, k -> new ArrayList<>())
            .add(new Line(labels, Double.parseDouble(value)));
      } catch (NumberFormatException e) {
        // not a sample line
      }
    }
    return new PromText(out);
  }

  /** The first sample of {@code name}, rounded; null when the node does not export it. */
  Long value(String name) {
    List<Line> l = samples.get(name);
    return l == null || l.isEmpty() ? null : Math.round(l.get(0).value());
  }

  /** The sample of {@code name} whose {@code label} is {@code value}; null when there is none. */
  Long value(String name, String label, String value) {
    String wanted = label + "=\"" + value + "\"";
    for (Line l : samples.getOrDefault(name, List.of())) {
      for (String pair : l.labels().split(",")) {
        if (pair.trim().equals(wanted)) {
          return Math.round(l.value());
        }
      }
    }
    return null;
  }
}
