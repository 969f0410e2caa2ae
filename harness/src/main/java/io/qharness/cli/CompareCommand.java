package io.qharness.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.qharness.metrics.IntervalLog;
import io.qharness.report.Comparison;
import io.qharness.report.ComparisonReport;
import io.qharness.report.OperationIntervals;
import io.qharness.report.Thresholds;
import io.qharness.results.AtomicFiles;
import io.qharness.results.RunRecord;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * The regression verdict of a scheduled job: a run against a baseline, with noise accounted for.
 */
@Command(
    name = "compare",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Compare a run with a baseline per operation: throughput, p50/p90/p99/p99.9 latency, error"
          + " rate and recall,",
      "each with a 95 % bootstrap confidence interval over the runs' reporting intervals. A metric"
          + " regresses when its",
      "change is worse than its tolerance and the interval excludes no change. Runs whose workloads"
          + " differ are refused.",
      "A distributed test's injector runs are merged interval by interval (wall clock) on either"
          + " side.",
      "Exit 0 no regression, 1 regression, 2 error (bad input, incomplete or mismatched runs)."
    })
final class CompareCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(
      arity = "1..*",
      paramLabel = "RUN",
      description =
          "The candidate: run directory, run id, or baseline name; several runs (the injectors of"
              + " one distributed test) are merged.")
  List<String> candidates;

  @Option(
      names = {"-b", "--baseline"},
      required = true,
      split = ",",
      description =
          "The baseline: a name in results/baselines/, a run id, or a directory; repeat (or"
              + " comma-separate) for the injectors of one test.")
  List<String> baselines;

  @Option(
      names = {"-t", "--threshold"},
      paramLabel = "METRIC=TOLERANCE",
      description = {
        "Tolerance per metric (repeatable): p99=10% (may rise 10 %), throughput=5% (may drop 5 %),"
            + " errors=1% (points),",
        "recall=0.01 (absolute drop), max=off. Defaults: throughput 5%, p50/p90/p99 10%, p99.9 20%,"
            + " errors 1%, recall 0.01,",
        "max not judged."
      })
  List<String> thresholds = List.of();

  @Option(
      names = "--junit",
      paramLabel = "FILE",
      description = "Write JUnit XML (one test case per operation x metric).")
  Path junit;

  @Option(
      names = "--markdown",
      paramLabel = "FILE",
      description = "Write the Markdown summary (for a pull-request comment or job summary).")
  Path markdown;

  @Option(
      names = "--resamples",
      defaultValue = "1000",
      description = "Bootstrap resamples (default: ${DEFAULT-VALUE}).")
  int resamples;

  @Option(
      names = "--seed",
      defaultValue = "1",
      description = "Bootstrap seed; verdicts are reproducible (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--min-intervals",
      defaultValue = "5",
      description =
          "Fewest steady reporting intervals to judge an operation (default: ${DEFAULT-VALUE}).")
  int minIntervals;

  @Option(
      names = "--allow-different-workloads",
      description = "Compare even when the workload settings differ (they are still listed).")
  boolean allowDifferent;

  @Option(
      names = "--results-dir",
      description = "Where run ids and baselines are looked up (default: the resultsDir setting).")
  Path resultsDir;

  @Override
  public Integer call() {
    if (resamples < 100 || resamples > 100_000) {
      throw new ErrorHandler.UserException(
          "--resamples must be within 100..100000, got " + resamples);
    }
    if (minIntervals < 2) {
      throw new ErrorHandler.UserException(
          "--min-intervals must be at least 2, got " + minIntervals);
    }
    Thresholds t = Thresholds.parse(thresholds);
    Path results = CliEnvironment.resultsDir(resultsDir);
    List<RunRecord.Loaded> cands = side(candidates, "candidate", results);
    List<RunRecord.Loaded> bases = side(baselines, "baseline", results);
    RunRecord.Loaded cand = cands.get(0);
    RunRecord.Loaded base = bases.get(0);
    PrintWriter out = spec.commandLine().getOut();
    List<String> differences =
        new ArrayList<>(Comparison.workloadDifferences(base.run(), cand.run()));
    if (bases.size() != cands.size()) {
      // each injector adds its own load: throughput is only comparable with as many of them
      differences.add("injector runs: baseline " + bases.size() + ", candidate " + cands.size());
    }
    if (!differences.isEmpty()) {
      String list = "  - " + String.join("\n  - ", differences);
      if (!allowDifferent) {
        throw new ErrorHandler.UserException(
            "refusing to compare: the workloads differ\n"
                + list
                + "\n(run the same workload, or pass --allow-different-workloads)");
      }
      out.println("warning: the workloads differ:\n" + list);
    }
    Map<String, List<OperationIntervals.Interval>> a =
        OperationIntervals.read(bases.stream().map(CompareCommand::hlog).toList());
    Map<String, List<OperationIntervals.Interval>> b =
        OperationIntervals.read(cands.stream().map(CompareCommand::hlog).toList());
    List<Comparison.Finding> findings =
        Comparison.compare(a, b, t, new Comparison.Options(resamples, seed, minIntervals));
    if (findings.stream().allMatch(f -> f.verdict() == Comparison.Verdict.SKIPPED)) {
      throw new ErrorHandler.UserException(
          "nothing could be compared: no operation has "
              + minIntervals
              + " steady reporting intervals in both runs"
              + " (run longer, or lower reportInterval)");
    }
    String candName =
        String.join(" + ", cands.stream().map(r -> r.run().path("runId").asText()).toList());
    String baseName = String.join(" + ", baselines);
    List<String> caveats = new ArrayList<>();
    for (int i = 0; i < bases.size(); i++) {
      caveats.addAll(ComparisonReport.caveats("baseline", baselines.get(i), bases.get(i).run()));
    }
    for (RunRecord.Loaded c : cands) {
      caveats.addAll(
          ComparisonReport.caveats("candidate", c.run().path("runId").asText(), c.run()));
    }
    String md = ComparisonReport.markdown(candName, baseName, findings, t, caveats);
    out.print(md);
    if (markdown != null) {
      AtomicFiles.write(markdown, md.getBytes(StandardCharsets.UTF_8));
    }
    if (junit != null) {
      AtomicFiles.write(
          junit,
          ComparisonReport.junit(candName, baseName, findings, t).getBytes(StandardCharsets.UTF_8));
    }
    out.flush();
    return Comparison.anyRegression(findings) ? ExitCodes.FAILED_CHECK : ExitCodes.OK;
  }

  /**
   * The runs of one side, complete and of one workload. Several runs are the injectors of one
   * distributed test: their interval logs are merged in wall-clock time, so they must have run at
   * the same time.
   */
  private List<RunRecord.Loaded> side(List<String> refs, String role, Path results) {
    List<RunRecord.Loaded> runs = new ArrayList<>();
    for (String ref : refs) {
      runs.add(complete(RunRecord.load(CliEnvironment.run(ref, results)), role));
    }
    RunRecord.Loaded first = runs.get(0);
    String firstId = first.run().path("runId").asText();
    for (RunRecord.Loaded r : runs.subList(1, runs.size())) {
      String id = r.run().path("runId").asText();
      if (id.equals(firstId)) {
        throw new ErrorHandler.UserException(
            "the " + role + " run " + id + " is given twice; each injector's run once");
      }
      List<String> d =
          Comparison.workloadDifferences(first.run(), "`" + firstId + "`", r.run(), "`" + id + "`");
      if (!d.isEmpty() && !allowDifferent) {
        throw new ErrorHandler.UserException(
            "refusing to merge the "
                + role
                + " runs: they are not the same workload\n  - "
                + String.join("\n  - ", d)
                + "\n(merge only the injectors of one test, or pass --allow-different-workloads)");
      }
      if (!overlap(first.run(), r.run())) {
        throw new ErrorHandler.UserException(
            "refusing to merge the "
                + role
                + " runs `"
                + firstId
                + "` and `"
                + id
                + "`: they did not run at the same time ("
                + span(first.run())
                + " and "
                + span(r.run())
                + "); merged runs are the injectors of one test, started together");
      }
    }
    return runs;
  }

  private static boolean overlap(JsonNode a, JsonNode b) {
    try {
      Instant a0 = Instant.parse(a.path("startedAt").asText());
      Instant a1 = Instant.parse(a.path("endedAt").asText());
      Instant b0 = Instant.parse(b.path("startedAt").asText());
      Instant b1 = Instant.parse(b.path("endedAt").asText());
      return a0.isBefore(b1) && b0.isBefore(a1);
    } catch (DateTimeParseException e) {
      return true; // times not recorded: nothing to hold against the merge
    }
  }

  private static String span(JsonNode r) {
    return r.path("startedAt").asText("?") + " .. " + r.path("endedAt").asText("?");
  }

  private static RunRecord.Loaded complete(RunRecord.Loaded r, String role) {
    if (!r.complete()) {
      throw new ErrorHandler.UserException(
          "the "
              + role
              + " "
              + r.dir()
              + " is incomplete (status "
              + r.status()
              + (r.run().has("failure") ? ": " + r.run().path("failure").asText() : "")
              + "); only complete runs can be compared");
    }
    return r;
  }

  private static Path hlog(RunRecord.Loaded r) {
    Path p = r.dir().resolve(IntervalLog.FILE);
    if (!Files.isRegularFile(p)) {
      throw new ErrorHandler.UserException(
          r.dir()
              + " has no "
              + IntervalLog.FILE
              + "; compare needs the run's interval histograms");
    }
    return p;
  }
}
