package io.qharness.report;

import io.qharness.cluster.SearchPath;
import io.qharness.cluster.SearchPathShares;
import io.qharness.metrics.OperationSummary;
import io.qharness.metrics.RunSummary;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The recall/speed trade-off of a search-parameter sweep, read from a run's summary: one row per
 * operation named {@code search ef=N} (and {@code search exact}), and the smallest hnsw_ef whose
 * mean recall@k reaches the target. Warm-up operations are not steps.
 *
 * @param closedModel true when each step ran at a fixed concurrency (ok/s is the throughput the
 *     cluster sustained); false when each ran at a fixed offered rate (latency is the measure)
 */
public record EfSweep(
    List<Row> rows,
    double targetRecall,
    boolean closedModel,
    Row recommended,
    String verdict,
    List<String> caveats) {
  /** Request name of the step at {@code ef}. */
  public static String operation(int ef) {
    return "search ef=" + ef;
  }

  /** Request name of the exact-search reference step. */
  public static final String EXACT = "search exact";

  private static final Pattern STEP = Pattern.compile("search ef=(\\d+)");

  /**
   * One step. {@code ef} is null for the exact reference; recall fields are null when not measured;
   * {@code searchPaths} is what the nodes' telemetry counted during the step (null when not read).
   */
  public record Row(
      Integer ef,
      long requests,
      long errors,
      double okPerSec,
      double p50Ms,
      double p99Ms,
      Double recallMean,
      Double recallP5,
      SearchPathShares searchPaths) {
    public String label() {
      return ef == null ? "exact" : Integer.toString(ef);
    }

    Row withSearchPaths(SearchPathShares paths) {
      return new Row(ef, requests, errors, okPerSec, p50Ms, p99Ms, recallMean, recallP5, paths);
    }

    /** The share of searched vectors that went through the HNSW graph, as the table shows it. */
    public String hnswShare() {
      return searchPaths == null || !searchPaths.measured()
          ? "-"
          : String.format(Locale.ROOT, "%.0f%%", 100 * searchPaths.share(SearchPath.HNSW));
    }
  }

  /** The sweep in {@code summary}, or null when it has no sweep steps. */
  public static EfSweep of(RunSummary summary, double targetRecall, boolean closedModel) {
    List<Row> rows = new ArrayList<>();
    Row exact = null;
    for (OperationSummary o : summary.operations()) {
      Matcher m = STEP.matcher(o.name());
      boolean isExact = o.name().equals(EXACT);
      if (!m.matches() && !isExact) {
        continue;
      }
      Row r =
          new Row(
              isExact ? null : Integer.valueOf(m.group(1)),
              o.count(),
              o.errors(),
              o.throughputPerSec(),
              o.p50Micros() / 1000.0,
              o.p99Micros() / 1000.0,
              o.recallMean(),
              o.recallP5(),
              null);
      if (isExact) {
        exact = r;
      } else {
        rows.add(r);
      }
    }
    if (rows.isEmpty() && exact == null) {
      return null;
    }
    rows.sort(Comparator.comparing(Row::ef));
    if (exact != null) {
      rows.add(exact);
    }
    Row best = null;
    for (Row r : rows) {
      if (r.ef() != null && meets(r, targetRecall)) {
        best = r;
        break;
      }
    }
    return new EfSweep(
        List.copyOf(rows),
        targetRecall,
        closedModel,
        best,
        verdict(rows, targetRecall, best, closedModel),
        List.of());
  }

  /**
   * A sweep over a collection whose HNSW index held no vector (below Qdrant's indexing_threshold)
   * measured full scans at every ef: it says so and withdraws the recommendation. Unknown counts
   * (null) leave it as it is.
   */
  public EfSweep checkIndexed(String collection, long points, Long indexedVectors) {
    if (points == 0
        || indexedVectors == null
        || indexedVectors > 0
        || caveats.stream().anyMatch(c -> c.contains(NO_INDEX))) {
      return this;
    }
    return withCaveat(
        String.format(
            Locale.ROOT,
            "collection `%s` had %s (indexed_vectors_count 0 of %,d points: below its"
                + " indexing_threshold), so every step was a full scan and hnsw_ef changed nothing;"
                + " recreate it with indexingThreshold=1 (the sweep's default when it uploads)",
            collection,
            NO_INDEX,
            points),
        true);
  }

  private static final String NO_INDEX = "no HNSW index";

  /**
   * The same sweep with each step's search paths as the nodes' telemetry counted them ({@code
   * byOperation}: request name to shares), checked: hnsw_ef only matters to searches the HNSW graph
   * serves, so a step whose searched vectors mostly did not go through it (a segment below the
   * full_scan_threshold, or without an index, is scanned) voids the recommendation, with {@code
   * why} as the reason and the fix. Steps whose paths are unknown get a caveat saying so.
   */
  public EfSweep withSearchPaths(Function<String, SearchPathShares> byOperation, String why) {
    List<Row> withPaths = new ArrayList<>();
    for (Row r : rows) {
      withPaths.add(
          r.withSearchPaths(byOperation.apply(r.ef() == null ? EXACT : operation(r.ef()))));
    }
    Row best = recommended == null ? null : withPaths.get(rows.indexOf(recommended));
    EfSweep s =
        new EfSweep(List.copyOf(withPaths), targetRecall, closedModel, best, verdict, caveats);
    List<String> scanned = new ArrayList<>();
    List<String> unknown = new ArrayList<>();
    for (Row r : withPaths) {
      if (r.ef() == null) {
        continue;
      }
      if (r.searchPaths() == null || !r.searchPaths().measured()) {
        unknown.add("ef=" + r.ef());
      } else if (!r.searchPaths().hnswServed()) {
        scanned.add("ef=" + r.ef() + " (" + r.searchPaths().describe() + ")");
      }
    }
    if (!scanned.isEmpty()) {
      s =
          s.withCaveat(
              "searches were not served by the HNSW graph at "
                  + String.join("; ", scanned)
                  + ", so hnsw_ef changed nothing there: "
                  + why,
              true);
    }
    if (!unknown.isEmpty()) {
      s =
          s.withCaveat(
              "which search path served "
                  + String.join(", ", unknown)
                  + " is unknown (the nodes' telemetry counted no searches or could not be read):"
                  + " the recall figures stand, but whether they measure HNSW is unchecked",
              false);
    }
    return s;
  }

  /**
   * The same sweep with a caveat about how it was measured; one that {@code voids} the measurement
   * (e.g. the collection had no HNSW index) also withdraws the recommendation.
   */
  public EfSweep withCaveat(String caveat, boolean voids) {
    List<String> c = new ArrayList<>(caveats);
    c.add(caveat);
    return voids
        ? new EfSweep(
            rows,
            targetRecall,
            closedModel,
            null,
            "no hnsw_ef is recommended: " + caveat,
            List.copyOf(c))
        : new EfSweep(rows, targetRecall, closedModel, recommended, verdict, List.copyOf(c));
  }

  /**
   * A step qualifies with recall at the target and at most 1 % errors: a fast step that fails is no
   * answer.
   */
  private static boolean meets(Row r, double target) {
    return r.recallMean() != null
        && r.recallMean() >= target
        && r.requests() > 0
        && r.errors() <= 0.01 * r.requests();
  }

  private static String verdict(List<Row> rows, double target, Row best, boolean closedModel) {
    String t = String.format(Locale.ROOT, "%.3f", target);
    if (rows.stream().noneMatch(r -> r.recallMean() != null)) {
      return "recall was not measured (groundTruth=false or no expected ids): the sweep shows speed"
          + " only, no hnsw_ef is recommended";
    }
    if (best == null) {
      Row top =
          rows.stream()
              .filter(r -> r.ef() != null && r.recallMean() != null)
              .max(Comparator.comparing(Row::recallMean))
              .orElse(null);
      return "no hnsw_ef in the sweep reached mean recall@k "
          + t
          + " with at most 1 % errors"
          + (top == null
              ? ""
              : String.format(Locale.ROOT, " (best: %.4f at ef=%d)", top.recallMean(), top.ef()))
          + ": add larger values to efSweep, or build the index with larger hnswM /"
          + " hnswEfConstruct";
    }
    String speed =
        closedModel
            ? String.format(
                Locale.ROOT, "%.1f searches/s, p99 %.3f ms", best.okPerSec(), best.p99Ms())
            : String.format(Locale.ROOT, "p99 %.3f ms at the offered rate", best.p99Ms());
    return String.format(
        Locale.ROOT,
        "smallest hnsw_ef reaching mean recall@k %s: ef=%d (recall %.4f; %s)",
        t,
        best.ef(),
        best.recallMean(),
        speed);
  }

  /** A recall figure as the tables show it: four decimals, "-" when not measured. */
  public static String recall(Double value) {
    return value == null ? "-" : String.format(Locale.ROOT, "%.4f", value);
  }

  /** Markdown: a table of the steps and the recommendation. */
  public String toMarkdown(boolean testDouble) {
    StringBuilder s = new StringBuilder();
    s.append("## Search-parameter sweep (hnsw_ef)\n\n");
    s.append(
        closedModel
            ? "Each step ran at a fixed concurrency (closed model): ok/s is the throughput"
                + " sustained, latency is from send time.\n\n"
            : "Each step ran at the same offered rate (open model): latency is from each request's"
                + " intended start.\n\n");
    s.append(
        "| hnsw_ef | requests | errors | ok/s | p50 ms | p99 ms | recall@k mean | recall@k p5 |"
            + " HNSW-served |\n"
            + "|---|---|---|---|---|---|---|---|---|\n");
    for (Row r : rows) {
      s.append(
          String.format(
              Locale.ROOT,
              "| %s%s | %d | %d | %.1f | %.3f | %.3f | %s | %s | %s |%n",
              r.label(),
              r.equals(recommended) ? " **(recommended)**" : "",
              r.requests(),
              r.errors(),
              r.okPerSec(),
              r.p50Ms(),
              r.p99Ms(),
              recall(r.recallMean()),
              recall(r.recallP5()),
              r.hnswShare()));
    }
    s.append(
        "\n"
            + "HNSW-served: the share of searched vectors that went through the HNSW graph during"
            + " the step, from the nodes' per-segment search counters (the rest were plain scans or"
            + " exact searches).\n");
    s.append('\n').append(verdict).append(".\n");
    for (String c : caveats) {
      s.append("\n> **Caveat:** ").append(c).append('\n');
    }
    if (testDouble) {
      s.append(
          "\n"
              + "> Target: the embedded **test double**, which searches exactly: hnsw_ef does not"
              + " change its recall or speed, so this table demonstrates the sweep, not Qdrant's"
              + " trade-off.\n");
    }
    return s.toString();
  }

  /** A fixed-width table for the console. */
  public String toTable() {
    StringBuilder s = new StringBuilder();
    s.append(
        String.format(
            Locale.ROOT,
            "%-9s %9s %7s %9s %9s %9s %9s %9s %6s%n",
            "hnsw_ef",
            "requests",
            "errors",
            "ok/s",
            "p50 ms",
            "p99 ms",
            "recall",
            "rec p5",
            "HNSW"));
    for (Row r : rows) {
      s.append(
          String.format(
              Locale.ROOT,
              "%-9s %9d %7d %9.1f %9.3f %9.3f %9s %9s %6s%s%n",
              r.label(),
              r.requests(),
              r.errors(),
              r.okPerSec(),
              r.p50Ms(),
              r.p99Ms(),
              recall(r.recallMean()),
              recall(r.recallP5()),
              r.hnswShare(),
              r.equals(recommended) ? "  <- recommended" : ""));
    }
    s.append(verdict).append(System.lineSeparator());
    for (String c : caveats) {
      s.append("CAVEAT: ").append(c).append(System.lineSeparator());
    }
    return s.toString();
  }
}
