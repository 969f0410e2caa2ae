package io.qharness.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.qharness.cluster.Target;
import io.qharness.metrics.IntervalLog;
import io.qharness.metrics.OperationMetrics;
import io.qharness.report.CapacityResult;
import io.qharness.report.EfSweep;
import io.qharness.report.OperationIntervals;
import io.qharness.report.Projection;
import io.qharness.report.Usl;
import io.qharness.results.AtomicFiles;
import io.qharness.results.Json;
import io.qharness.results.RunRecord;
import io.qharness.run.CapacitySweep;
import io.qharness.run.EfSweepRecorder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Renders a run's report as Markdown from its record: what ran against what, the summary, and each
 * operation interval by interval. Several runs (one per injector of a distributed test) are merged
 * from their interval logs.
 */
@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Render a run's report (Markdown) from results/<run-id>/: target, configuration,"
          + " per-operation summary with",
      "recall, and throughput/p50/p99 per reporting interval. Several runs (injectors of one test)"
          + " are merged from",
      "their interval histogram logs."
    })
final class ReportCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(
      arity = "1..*",
      paramLabel = "RUN",
      description = "Run directories, run ids or baseline names.")
  List<String> runs;

  @Option(
      names = {"-o", "--out"},
      paramLabel = "FILE",
      description = "Write the report to FILE (default: report.md in the run, and stdout).")
  Path out;

  @Option(
      names = "--results-dir",
      description = "Results directory (default: the resultsDir setting).")
  Path resultsDir;

  @Option(
      names = "--usl",
      split = ",",
      paramLabel = "RUN",
      description =
          "Capacity runs at other node counts: fit the Universal Scalability Law over them and this"
              + " run (3+ node counts).")
  List<String> usl;

  private CapacityResult withUsl(CapacityResult c, RunRecord.Loaded run, Path results) {
    List<String> names = new ArrayList<>(List.of(c.runId()));
    List<Double> n = new ArrayList<>(List.of((double) c.nodes()));
    List<Double> x = new ArrayList<>(List.of(c.analysis().maxSustainableRate()));
    for (String ref : usl) {
      CapacityResult other = CapacitySweep.read(CliEnvironment.run(ref, results));
      names.add(other.runId());
      n.add((double) other.nodes());
      x.add(other.analysis().maxSustainableRate());
    }
    double[] nn = n.stream().mapToDouble(Double::doubleValue).toArray();
    double[] xx = x.stream().mapToDouble(Double::doubleValue).toArray();
    CapacityResult.UslFit fit = new CapacityResult.UslFit(Usl.fit(nn, xx), names, nn, xx);
    Projection.Result p = c.projection();
    if (p != null) {
      p =
          Projection.project(
              p.targetRate(),
              p.vectors(),
              p.dimension(),
              p.replication(),
              p.quantization(),
              p.nodeMemoryBytes(),
              p.perNodeRate(),
              fit.model());
    }
    return new CapacityResult(
        c.runId(),
        c.workload(),
        c.target(),
        c.qdrantVersion(),
        c.nodes(),
        c.operation(),
        c.steps(),
        c.analysis(),
        p,
        fit,
        c.timeline(),
        c.prometheus(),
        c.notes());
  }

  @Override
  public Integer call() {
    Path results = CliEnvironment.resultsDir(resultsDir);
    List<RunRecord.Loaded> loaded = new ArrayList<>();
    List<Path> logs = new ArrayList<>();
    for (String r : runs) {
      RunRecord.Loaded l = RunRecord.load(CliEnvironment.run(r, results));
      loaded.add(l);
      Path log = l.dir().resolve(IntervalLog.FILE);
      if (Files.isRegularFile(log)) {
        logs.add(log);
      }
    }
    for (RunRecord.Loaded l : loaded) {
      if (Files.isRegularFile(l.dir().resolve("capacity.json"))) {
        CapacityResult c = CapacitySweep.read(l.dir());
        if (usl != null && !usl.isEmpty()) {
          c = withUsl(c, l, results);
        }
        CapacitySweep.write(l.dir(), c);
        spec.commandLine()
            .getOut()
            .println("capacity report: " + l.dir().resolve("capacity.html") + " (and capacity.md)");
      }
    }
    for (RunRecord.Loaded l : loaded) {
      EfSweep sweep = efSweep(l);
      if (sweep != null) {
        EfSweepRecorder.write(l.dir(), l.run().path("runId").asText(), sweep, testDouble(l.run()));
        spec.commandLine()
            .getOut()
            .println(
                "hnsw_ef sweep report: " + l.dir().resolve("ef-sweep.html") + " (and ef-sweep.md)");
      }
    }
    String md = render(loaded, logs);
    Path target =
        out != null ? out : loaded.size() == 1 ? loaded.get(0).dir().resolve("report.md") : null;
    if (target != null) {
      AtomicFiles.write(target, md);
    }
    spec.commandLine().getOut().print(md);
    if (target != null) {
      spec.commandLine().getOut().println("\n(written to " + target + ")");
    }
    return ExitCodes.OK;
  }

  /**
   * The run's hnsw_ef sweep as recorded (with each step's search paths and the caveats); null
   * without one.
   */
  private static EfSweep efSweep(RunRecord.Loaded r) {
    JsonNode ef = r.run().path("efSweep");
    if (!ef.isObject()) {
      return null;
    }
    try {
      return Json.MAPPER.treeToValue(ef, EfSweep.class);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          r.dir().resolve(RunRecord.RUN_FILE)
              + ": its efSweep cannot be read ("
              + e.getMessage()
              + ")");
    }
  }

  private static boolean testDouble(JsonNode run) {
    return Target.isTestDouble(run.path("target").path("kind").asText());
  }

  private static String join(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return String.join(", ", out);
  }

  static String render(List<RunRecord.Loaded> runs, List<Path> logs) {
    StringBuilder s = new StringBuilder();
    RunRecord.Loaded first = runs.get(0);
    JsonNode run = first.run();
    s.append("# qharness run ")
        .append(runs.size() == 1 ? run.path("runId").asText() : runs.size() + " runs merged")
        .append("\n\n");
    for (RunRecord.Loaded r : runs) {
      JsonNode j = r.run();
      JsonNode t = j.path("target");
      s.append("- `")
          .append(j.path("runId").asText())
          .append("`: ")
          .append(j.path("workload").asText())
          .append(", status **")
          .append(r.status())
          .append("**")
          .append(", ")
          .append(j.path("startedAt").asText())
          .append(" .. ")
          .append(j.path("endedAt").asText("-"))
          .append("; target ")
          .append(t.path("kind").asText());
      if (t.hasNonNull("qdrantVersion")) {
        s.append(" (Qdrant ").append(t.path("qdrantVersion").asText()).append(")");
      }
      if (j.has("gatlingReport")) {
        s.append("; Gatling report `")
            .append(r.dir().resolve(j.path("gatlingReport").asText()))
            .append("`");
      }
      s.append('\n');
    }
    if (testDouble(run)) {
      s.append(
          "\n"
              + "> Target: the embedded Qdrant-compatible **test double**. These figures are not"
              + " Qdrant's performance.\n");
    }
    JsonNode placement = run.path("target").path("collection");
    if (placement.isObject()) {
      s.append("\nCollection `")
          .append(placement.path("name").asText())
          .append("`: ")
          .append(placement.path("status").asText())
          .append(", ")
          .append(placement.path("points").asLong())
          .append(" points, ")
          .append(placement.path("shardNumber").asInt())
          .append(" shards x replication ")
          .append(placement.path("replicationFactor").asInt())
          .append(".\n");
    }
    if (runs.size() == 1 && first.summary() != null) {
      s.append("\n## Summary\n\n```\n").append(first.summary().toTable()).append("```\n");
    }
    for (RunRecord.Loaded r : runs) {
      String who = runs.size() > 1 ? " of `" + r.run().path("runId").asText() + "`" : "";
      JsonNode ready = r.run().path("indexReady");
      if (ready.isObject()) {
        s.append("\nIndex readiness")
            .append(who)
            .append(
                ready.path("ready").asBoolean()
                    ? String.format(
                        Locale.ROOT,
                        ": ready after %.1f s; ",
                        ready.path("secondsToReady").asDouble())
                    : ": NOT ready; ")
            .append(ready.path("detail").asText())
            .append(".\n");
      }
      JsonNode paths = r.run().path("searchPaths").path("shares");
      if (paths.isObject()) {
        List<String> parts = new ArrayList<>();
        paths
            .fields()
            .forEachRemaining(
                e -> {
                  if (e.getValue().asDouble() > 0) {
                    parts.add(
                        String.format(
                            Locale.ROOT,
                            "%s %.1f%%",
                            e.getKey().equals("hnsw") ? "HNSW" : e.getKey(),
                            100 * e.getValue().asDouble()));
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
    }
    for (RunRecord.Loaded r : runs) {
      r.run()
          .path("notes")
          .forEach(
              n ->
                  s.append("\n> **Note")
                      .append(runs.size() > 1 ? " (`" + r.run().path("runId").asText() + "`)" : "")
                      .append(":** ")
                      .append(n.asText())
                      .append('\n'));
    }
    EfSweep sweep = runs.size() == 1 ? efSweep(first) : null;
    if (sweep != null) {
      s.append('\n').append(sweep.toMarkdown(testDouble(run)));
    }
    for (RunRecord.Loaded r : runs) {
      JsonNode inj = r.run().path("injectorProcess");
      if (inj.isObject() && inj.has("busiestInterval")) {
        JsonNode b = inj.path("busiestInterval");
        s.append(
            String.format(
                Locale.ROOT,
                "%nInjector process%s: mean %.0f%%, peak %.0f%% of %d cores; busiest interval %.0f"
                    + " requests/s at %.0f%% (%.0f CPU µs per request%s).%n",
                runs.size() > 1 ? " of `" + r.run().path("runId").asText() + "`" : "",
                100 * inj.path("meanMachineShare").asDouble(),
                100 * inj.path("peakMachineShare").asDouble(),
                inj.path("cores").asInt(),
                b.path("requestsPerSec").asDouble(),
                100 * b.path("machineShare").asDouble(),
                b.path("cpuMicrosPerRequest").asDouble(),
                inj.path("includesEmbeddedCluster").asBoolean()
                    ? ", an upper bound: the test double ran in the same process"
                    : ""));
        if (inj.path("busyIntervals").size() > 0) {
          s.append(
              String.format(
                  Locale.ROOT,
                  "%n> **Caveat:** the injector used at least %.0f%% of its cores in %d interval(s)"
                      + " (%s): latencies there may include its own queueing.%n",
                  100 * inj.path("busyShare").asDouble(),
                  inj.path("busyIntervals").size(),
                  join(inj.path("busyIntervals"))));
        }
      }
    }
    Map<String, List<OperationIntervals.Interval>> ops = OperationIntervals.read(logs);
    if (runs.size() > 1) {
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
                    recall.getTotalCount() == 0
                        ? "-"
                        : String.format(
                            Locale.ROOT,
                            "%.4f",
                            recall.getMean() / OperationMetrics.RECALL_SCALE)));
          });
    }
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
                    i.recall().getTotalCount() == 0
                        ? "-"
                        : String.format(
                            Locale.ROOT,
                            "%.4f",
                            i.recall().getMean() / OperationMetrics.RECALL_SCALE)));
          }
        });
    s.append("\n## Configuration\n\n| setting | value |\n|---|---|\n");
    run.path("config")
        .fields()
        .forEachRemaining(
            e ->
                s.append("| ")
                    .append(e.getKey())
                    .append(" | `")
                    .append(e.getValue().asText())
                    .append("` |\n"));
    return s.toString();
  }
}
