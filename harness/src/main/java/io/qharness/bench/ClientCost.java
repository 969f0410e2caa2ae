package io.qharness.bench;

import io.qharness.results.Json;
import io.qharness.results.MachineInfo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The client-cost benchmark's record ({@value #FILE} in a run directory): per rate, qharness's CPU
 * per search and resident memory beside the floor's, measured in the same run. The ratio to the
 * floor is the figure to track: absolute CPU figures move with whatever else the machine runs.
 *
 * @param format record format, 1
 * @param target "stub" (a server answering at once) or the real cluster's addresses
 * @param machine the machine measured on
 * @param settings warm-up, window, dimension, k and points, as given
 * @param rows one per rate
 */
public record ClientCost(
    int format, String target, MachineInfo machine, String settings, List<Row> rows) {
  public static final String FILE = "client-cost.json";
  public static final String FLOOR = "floor";
  public static final String QHARNESS = "qharness";
  public static final String LEAN = "qh-lean";

  /**
   * One rate: the floor, qharness as workloads run it, and qharness with {@code
   * gatlingStats(false)} ("lean": its own recorders only), each in its own JVM, measured back to
   * back.
   */
  public record Row(double rate, ProcessCost floor, ProcessCost qharness, ProcessCost lean) {
    /** qharness's CPU per search over the floor's: 1.0 costs what a plain client costs. */
    public double ratio() {
      return qharness.cpuMicrosPerRequest() / floor.cpuMicrosPerRequest();
    }

    /** Any client of the row was overloaded: its ratios are not judged. */
    public boolean overloaded() {
      return floor.overloaded() || qharness.overloaded() || lean.overloaded();
    }

    /** The lean variant's CPU per search over the floor's. */
    public double leanRatio() {
      return lean.cpuMicrosPerRequest() / floor.cpuMicrosPerRequest();
    }
  }

  /** The record in a run directory, or null when it has none. */
  public static ClientCost read(Path dir) {
    Path f = dir.resolve(FILE);
    if (!Files.isRegularFile(f)) {
      return null;
    }
    try {
      return Json.MAPPER.readValue(f.toFile(), ClientCost.class);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          f + " is not a readable client-cost record (" + e.getMessage() + "); rerun selfbench", e);
    }
  }

  public void write(Path dir) {
    try {
      Files.createDirectories(dir);
      Json.MAPPER.writerWithDefaultPrettyPrinter().writeValue(dir.resolve(FILE).toFile(), this);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The table the benchmark prints. */
  public String table() {
    StringBuilder s = new StringBuilder();
    s.append(
        String.format(
            Locale.ROOT,
            "%8s  %-9s %11s %14s %8s %8s %9s %7s %7s%n",
            "rate/s",
            "client",
            "achieved/s",
            "CPU µs/search",
            "x floor",
            "RSS MB",
            "peak MB",
            "errors",
            "recall"));
    boolean overloaded = false;
    for (Row r : rows) {
      line(s, r.rate(), r.floor(), 1.0);
      line(s, r.rate(), r.qharness(), r.ratio());
      line(s, r.rate(), r.lean(), r.leanRatio());
      overloaded |= r.overloaded();
    }
    if (overloaded) {
      s.append(
          "* overloaded: over 1 % of calls failed or the client fell over 5 % behind its rate; the"
              + " server set the pace, so these are not cost figures (lower the rate)\n");
    }
    return s.toString();
  }

  private static void line(StringBuilder s, double rate, ProcessCost c, double ratio) {
    s.append(
        String.format(
            Locale.ROOT,
            "%8.0f  %-9s %11.1f %14.1f %8.2f %8s %9s %7d %7s%n",
            rate,
            c.client() + (c.overloaded() ? "*" : ""),
            c.achievedRate(),
            c.cpuMicrosPerRequest(),
            ratio,
            mb(c.rssBytes()),
            mb(c.peakRssBytes()),
            c.errors(),
            Double.isNaN(c.meanRecall())
                ? "-"
                : String.format(Locale.ROOT, "%.3f", c.meanRecall())));
  }

  private static String mb(long bytes) {
    return bytes < 0 ? "-" : Long.toString(Math.round(bytes / 1048576.0));
  }

  /**
   * A candidate's ratios against a baseline's, rate by rate: a rate regresses when its ratio rose
   * by more than {@code tolerance} (0.15 = 15 %). Rates only one side measured are listed, not
   * judged.
   */
  public static Verdict compare(ClientCost baseline, ClientCost candidate, double tolerance) {
    List<String> lines = new ArrayList<>();
    boolean regression = false;
    lines.add(
        String.format(
            Locale.ROOT,
            "%8s %-9s %16s %17s %9s  %s",
            "rate/s",
            "client",
            "baseline x floor",
            "candidate x floor",
            "change",
            "verdict"));
    for (Row c : candidate.rows()) {
      Row b = baseline.rows().stream().filter(r -> r.rate() == c.rate()).findFirst().orElse(null);
      if (b == null) {
        lines.add(String.format(Locale.ROOT, "%8.0f  only in the candidate: not judged", c.rate()));
        continue;
      }
      if (b.overloaded() || c.overloaded()) {
        lines.add(
            String.format(
                Locale.ROOT,
                "%8.0f  overloaded in the %s: not judged",
                c.rate(),
                b.overloaded() ? "baseline" : "candidate"));
        continue;
      }
      regression |= judge(lines, c.rate(), QHARNESS, b.ratio(), c.ratio(), tolerance);
      regression |= judge(lines, c.rate(), LEAN, b.leanRatio(), c.leanRatio(), tolerance);
    }
    if (!baseline.target().equals("stub") || !candidate.target().equals("stub")) {
      if (!baseline.target().equals(candidate.target())) {
        lines.add(
            "note: the targets differ (baseline "
                + baseline.target()
                + ", candidate "
                + candidate.target()
                + ")");
      }
    }
    return new Verdict(regression, lines);
  }

  private static boolean judge(
      List<String> lines,
      double rate,
      String client,
      double before,
      double after,
      double tolerance) {
    double change = after / before - 1;
    boolean worse = change > tolerance;
    lines.add(
        String.format(
            Locale.ROOT,
            "%8.0f %-9s %16.2f %17.2f %+8.1f%%  %s",
            rate,
            client,
            before,
            after,
            100 * change,
            worse
                ? String.format(Locale.ROOT, "REGRESSION (more than +%.0f%%)", 100 * tolerance)
                : "pass"));
    return worse;
  }

  /** The outcome of {@link #compare}. */
  public record Verdict(boolean regression, List<String> lines) {}
}
