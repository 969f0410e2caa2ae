package io.qharness.report.render;

import io.qharness.metrics.InjectorFigures;
import io.qharness.metrics.InjectorLoad;
import io.qharness.metrics.IntervalLog;
import io.qharness.metrics.OperationMetrics;
import io.qharness.metrics.OperationSummary;
import io.qharness.report.EfSweep;
import io.qharness.report.OperationIntervals;
import io.qharness.results.Json;
import io.qharness.results.RunFile;
import io.qharness.results.RunRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/**
 * A run's report as Markdown, from its record: what ran against what, the summary, what the server
 * did (index readiness, search paths), notes, the injector's own load, and each operation interval
 * by interval. Several runs (the injectors of one distributed test) are merged from their interval
 * logs.
 */
public final class RunReport {
  private RunReport() {}

  /** The report of one run, or of several merged. */
  public static String markdown(List<RunRecord.Loaded> runs) {
    List<Path> logs = new ArrayList<>();
    for (RunRecord.Loaded r : runs) {
      Path log = r.dir().resolve(IntervalLog.FILE);
      if (Files.isRegularFile(log)) {
        logs.add(log);
      }
    }
    StringBuilder s = new StringBuilder();
    RunRecord.Loaded first = runs.get(0);
    s.append("# qharness run ")
        .append(runs.size() == 1 ? first.runId() : runs.size() + " runs merged")
        .append("\n\n");
    runs.forEach(r -> header(s, r));
    target(s, first.run());
    if (runs.size() == 1 && first.summary() != null) {
      s.append("\n## Summary\n\n```\n").append(first.summary().toTable()).append("```\n");
      RunFile.FilterSelectivity f = first.run().filters();
      if (f != null) {
        s.append(
            String.format(
                Locale.ROOT,
                "\nFiltered queries (keyword `%s`, payload index: %s) matched %.2f %% of the points"
                    + " on average, %.2f %% to %.2f %% over %d queries.\n",
                f.field(),
                f.payloadIndex(),
                100 * f.matchedShareMean(),
                100 * f.matchedShareMin(),
                100 * f.matchedShareMax(),
                f.queries()));
      }
    }
    for (RunRecord.Loaded r : runs) {
      serverSide(s, r.run(), runs.size() > 1 ? " of `" + r.runId() + "`" : "");
    }
    for (RunRecord.Loaded r : runs) {
      List<String> notes = r.run().notes() == null ? List.of() : r.run().notes();
      for (String n : notes) {
        s.append("\n> **Note")
            .append(runs.size() > 1 ? " (`" + r.runId() + "`)" : "")
            .append(":** ")
            .append(n)
            .append('\n');
      }
    }
    EfSweep sweep = runs.size() == 1 ? efSweep(first) : null;
    if (sweep != null) {
      s.append('\n').append(sweep.toMarkdown(first.run().testDouble()));
    }
    for (RunRecord.Loaded r : runs) {
      injector(s, r.run().injectorProcess(), runs.size() > 1 ? " of `" + r.runId() + "`" : "");
    }
    Map<String, List<OperationIntervals.Interval>> ops = OperationIntervals.read(logs);
    if (runs.size() > 1) {
      mergedSummary(s, ops);
    }
    perInterval(s, ops);
    s.append("\n## Configuration\n\n| setting | value |\n|---|---|\n");
    Map<String, String> config = first.run().config() == null ? Map.of() : first.run().config();
    config.forEach((k, v) -> s.append("| ").append(k).append(" | `").append(v).append("` |\n"));
    return s.toString();
  }

  /**
   * Repeated runs of one workload side by side: per operation, each run's throughput, p50 and p99,
   * with the spread between runs (the noise a verdict on one run cannot see).
   */
  public static String repeated(List<RunRecord.Loaded> runs) {
    StringBuilder s = new StringBuilder();
    s.append("## ").append(runs.size()).append(" repeated runs\n\n");
    Map<String, List<double[]>> byOp = new TreeMap<>();
    for (RunRecord.Loaded r : runs) {
      if (r.summary() == null) {
        continue;
      }
      for (OperationSummary o : r.summary().operations()) {
        byOp.computeIfAbsent(o.name(), k -> new ArrayList<>())
            .add(new double[] {o.throughputPerSec(), o.p50Micros(), o.p99Micros()});
      }
    }
    s.append(
        "| operation | runs | ok/s mean (spread) | p50 ms mean (spread) | p99 ms mean (spread)"
            + " |\n");
    s.append("|---|---|---|---|---|\n");
    byOp.forEach(
        (op, rows) -> {
          s.append("| ").append(op).append(" | ").append(rows.size());
          for (int c = 0; c < 3; c++) {
            double[] x = new double[rows.size()];
            for (int i = 0; i < x.length; i++) {
              x[i] = rows.get(i)[c] / (c == 0 ? 1 : 1000.0);
            }
            s.append(" | ").append(meanAndSpread(x));
          }
          s.append(" |\n");
        });
    return s.toString();
  }

  /** "12.3 (±8.1 %)": the mean and the standard deviation between runs relative to it. */
  private static String meanAndSpread(double[] x) {
    double mean = 0;
    for (double v : x) {
      mean += v;
    }
    mean /= x.length;
    double ss = 0;
    for (double v : x) {
      ss += (v - mean) * (v - mean);
    }
    double sd = x.length > 1 ? Math.sqrt(ss / (x.length - 1)) : 0;
    return String.format(Locale.ROOT, "%.1f (±%.1f %%)", mean, mean == 0 ? 0 : 100 * sd / mean);
  }

  /**
   * The run's hnsw_ef sweep as recorded (with each step's search paths and the caveats); null
   * without one.
   */
  public static EfSweep efSweep(RunRecord.Loaded r) {
    if (r.run().efSweep() == null || !r.run().efSweep().isObject()) {
      return null;
    }
    try {
      return Json.MAPPER.treeToValue(r.run().efSweep(), EfSweep.class);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          r.dir().resolve(RunRecord.RUN_FILE)
              + ": its efSweep cannot be read ("
              + e.getMessage()
              + ")");
    }
  }

  private static void header(StringBuilder s, RunRecord.Loaded r) {
    RunFile j = r.run();
    s.append("- `")
        .append(j.runId())
        .append("`: ")
        .append(j.workload())
        .append(", status **")
        .append(j.status() == null ? "unknown" : j.status().name().toLowerCase(Locale.ROOT))
        .append("**, ")
        .append(j.startedAt())
        .append(" .. ")
        .append(j.endedAt() == null ? "-" : j.endedAt())
        .append("; target ")
        .append(j.target() == null || j.target().kind() == null ? "?" : j.target().kind().json());
    if (j.target() != null && j.target().qdrantVersion() != null) {
      s.append(" (Qdrant ").append(j.target().qdrantVersion()).append(")");
    }
    if (j.gatlingReport() != null) {
      s.append("; Gatling report `").append(r.dir().resolve(j.gatlingReport())).append("`");
    }
    s.append('\n');
  }

  private static void target(StringBuilder s, RunFile run) {
    if (run.testDouble()) {
      s.append(
          "\n"
              + "> Target: the embedded Qdrant-compatible **test double**. These figures are not"
              + " Qdrant's performance.\n");
    }
    if (run.target() != null && run.target().collection() != null) {
      var c = run.target().collection();
      s.append(
          String.format(
              Locale.ROOT,
              "%nCollection `%s`: %s, %d points, %d shards x replication %d.%n",
              c.name(),
              c.status(),
              c.points(),
              c.shardNumber(),
              c.replicationFactor()));
    }
  }

  private static void serverSide(StringBuilder s, RunFile run, String who) {
    RunFile.IndexReady ready = run.indexReady();
    if (ready != null) {
      s.append("\nIndex readiness")
          .append(who)
          .append(
              ready.ready()
                  ? String.format(Locale.ROOT, ": ready after %.1f s; ", ready.secondsToReady())
                  : ": NOT ready; ")
          .append(ready.detail())
          .append(".\n");
    }
    RunFile.SearchPaths paths = run.searchPaths();
    if (paths != null && paths.shares() != null) {
      List<String> parts = new ArrayList<>();
      paths
          .shares()
          .forEach(
              (path, share) -> {
                if (share > 0) {
                  parts.add(
                      String.format(
                          Locale.ROOT,
                          "%s %.1f%%",
                          path.equals("hnsw") ? "HNSW" : path,
                          100 * share));
                }
              });
      s.append("\nSearch paths of the measured phase")
          .append(who)
          .append(" (the nodes' own counters): ")
          .append(
              parts.isEmpty()
                  ? "no searches counted"
                  : String.join(", ", parts) + " of searched vectors")
          .append(".\n");
    }
    RunFile.IndexReady after = run.indexReadyAfterLoad();
    if (after != null) {
      s.append("\nIndex after the load")
          .append(who)
          .append(
              after.ready()
                  ? String.format(
                      Locale.ROOT,
                      ": caught up %.1f s after the end of the load; ",
                      after.secondsToReady())
                  : ": NOT caught up within the wait; ")
          .append(after.detail())
          .append(".\n");
    }
    freshness(s, run.freshness(), who);
    resources(s, run.serverResources(), who);
  }

  private static void freshness(StringBuilder s, RunFile.Freshness f, String who) {
    if (f == null || f.nodes() == null) {
      return;
    }
    s.append("\nSearchable after insert")
        .append(who)
        .append(" (one probe every ")
        .append(f.interval())
        .append(
            " during the measured phase; from the upsert's acknowledgement until the node's"
                + " search returned it):\n\n")
        .append("| node | probes | p50 ms | p99 ms | max ms | not seen |\n")
        .append("|---|---:|---:|---:|---:|---:|\n");
    for (RunFile.FreshnessNode n : f.nodes()) {
      s.append(
          String.format(
              Locale.ROOT,
              "| %s | %d | %.3f | %.3f | %.3f | %d |%n",
              n.node(),
              n.probes(),
              n.p50Ms(),
              n.p99Ms(),
              n.maxMs(),
              n.missed()));
    }
  }

  private static void resources(StringBuilder s, RunFile.ServerResources r, String who) {
    if (r == null || r.phases() == null) {
      return;
    }
    s.append("\nServer resources per phase")
        .append(who)
        .append(
            " (levels at the phase's end; CPU, page faults and optimisations over the phase):\n\n")
        .append(ResourcesTable.markdown(r));
  }

  private static void injector(StringBuilder s, InjectorFigures inj, String who) {
    if (inj == null || inj.busiestInterval() == null) {
      return;
    }
    s.append(
        String.format(
            Locale.ROOT,
            "%nInjector process%s: mean %.0f%%, peak %.0f%% of %d cores; %s.%n",
            who,
            100 * inj.meanMachineShare(),
            100 * inj.peakMachineShare(),
            inj.cores(),
            InjectorLoad.perRequest(inj)));
    if (!inj.busyIntervals().isEmpty()) {
      s.append(
          String.format(
              Locale.ROOT,
              "%n> **Caveat:** the injector used at least %.0f%% of its cores in %d interval(s)"
                  + " (%s): latencies there may include its own queueing.%n",
              100 * inj.busyShare(),
              inj.busyIntervals().size(),
              String.join(", ", inj.busyIntervals())));
    }
  }

  private static void mergedSummary(
      StringBuilder s, Map<String, List<OperationIntervals.Interval>> ops) {
    s.append(
        "\n"
            + "## Merged summary\n\n"
            + "| operation | count | errors | ok/s | p50 ms | p90 ms | p99 ms | p99.9 ms | max ms"
            + " | recall |\n"
            + "|---|---|---|---|---|---|---|---|---|---|\n");
    ops.forEach(
        (op, intervals) -> {
          Histogram h = new Histogram(3);
          Histogram recall = new Histogram(3);
          long errors = 0;
          for (OperationIntervals.Interval i : intervals) {
            h.add(i.ok());
            recall.add(i.recall());
            errors += i.errors();
          }
          // all injectors' successful responses over the span their intervals cover
          double seconds =
              (intervals.get(intervals.size() - 1).endMillis() - intervals.get(0).startMillis())
                  / 1000.0;
          s.append(
              String.format(
                  Locale.ROOT,
                  "| %s | %d | %d | %s | %.3f | %.3f | %.3f | %.3f | %.3f | %s |%n",
                  op,
                  h.getTotalCount() + errors,
                  errors,
                  h.getTotalCount() < 2 || seconds <= 0
                      ? "-"
                      : String.format(Locale.ROOT, "%.1f", h.getTotalCount() / seconds),
                  h.getValueAtPercentile(50) / 1000.0,
                  h.getValueAtPercentile(90) / 1000.0,
                  h.getValueAtPercentile(99) / 1000.0,
                  h.getValueAtPercentile(99.9) / 1000.0,
                  h.getMaxValue() / 1000.0,
                  recall(recall)));
        });
  }

  private static void perInterval(
      StringBuilder s, Map<String, List<OperationIntervals.Interval>> ops) {
    s.append("\n## Per interval\n");
    long origin =
        ops.values().stream()
            .flatMap(List::stream)
            .mapToLong(OperationIntervals.Interval::startMillis)
            .min()
            .orElse(0);
    ops.forEach(
        (op, intervals) -> {
          s.append("\n### ")
              .append(op)
              .append(
                  "\n\n"
                      + "| t (s) | ok/s | errors | p50 ms | p99 ms | max ms | recall |\n"
                      + "|---|---|---|---|---|---|---|\n");
          for (OperationIntervals.Interval i : intervals) {
            Histogram h = i.ok();
            s.append(
                String.format(
                    Locale.ROOT,
                    "| %.1f | %.1f | %d | %.3f | %.3f | %.3f | %s |%n",
                    (i.startMillis() - origin) / 1000.0,
                    i.throughput(),
                    i.errors(),
                    h.getValueAtPercentile(50) / 1000.0,
                    h.getValueAtPercentile(99) / 1000.0,
                    h.getMaxValue() / 1000.0,
                    recall(i.recall())));
          }
        });
  }

  private static String recall(Histogram recall) {
    return recall.getTotalCount() == 0
        ? "-"
        : String.format(Locale.ROOT, "%.4f", recall.getMean() / OperationMetrics.RECALL_SCALE);
  }
}
