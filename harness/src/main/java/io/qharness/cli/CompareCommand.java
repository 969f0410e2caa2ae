package io.qharness.cli;

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
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** The regression verdict of a scheduled job: a run against a baseline, with noise accounted for. */
@Command(
    name = "compare",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Compare a run with a baseline per operation: throughput, p50/p90/p99/p99.9 latency, error rate and recall,",
      "each with a 95 % bootstrap confidence interval over the runs' reporting intervals. A metric regresses when its",
      "change is worse than its tolerance and the interval excludes no change. Runs whose workloads differ are refused.",
      "Exit 0 no regression, 1 regression, 2 error (bad input, incomplete or mismatched runs)."
    })
final class CompareCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "RUN", description = "The candidate: run directory, run id, or baseline name.")
  String candidate;

  @Option(names = {"-b", "--baseline"}, required = true, description = "The baseline: a name in results/baselines/, a run id, or a directory.")
  String baseline;

  @Option(
      names = {"-t", "--threshold"},
      paramLabel = "METRIC=TOLERANCE",
      description = {
        "Tolerance per metric (repeatable): p99=10% (may rise 10 %), throughput=5% (may drop 5 %), errors=1% (points),",
        "recall=0.01 (absolute drop), max=off. Defaults: throughput 5%, p50/p90/p99 10%, p99.9 20%, errors 1%, recall 0.01,",
        "max not judged."
      })
  List<String> thresholds = List.of();

  @Option(names = "--junit", paramLabel = "FILE", description = "Write JUnit XML (one test case per operation x metric).")
  Path junit;

  @Option(names = "--markdown", paramLabel = "FILE", description = "Write the Markdown summary (for a pull-request comment or job summary).")
  Path markdown;

  @Option(names = "--resamples", defaultValue = "1000", description = "Bootstrap resamples (default: ${DEFAULT-VALUE}).")
  int resamples;

  @Option(names = "--seed", defaultValue = "1", description = "Bootstrap seed; verdicts are reproducible (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--min-intervals", defaultValue = "5", description = "Fewest steady reporting intervals to judge an operation (default: ${DEFAULT-VALUE}).")
  int minIntervals;

  @Option(names = "--allow-different-workloads", description = "Compare even when the workload settings differ (they are still listed).")
  boolean allowDifferent;

  @Option(names = "--results-dir", description = "Where run ids and baselines are looked up (default: the resultsDir setting).")
  Path resultsDir;

  @Override
  public Integer call() {
    if (resamples < 100 || resamples > 100_000) {
      throw new ErrorHandler.UserException("--resamples must be within 100..100000, got " + resamples);
    }
    if (minIntervals < 2) {
      throw new ErrorHandler.UserException("--min-intervals must be at least 2, got " + minIntervals);
    }
    Thresholds t = Thresholds.parse(thresholds);
    Path results = CliEnvironment.resultsDir(resultsDir);
    RunRecord.Loaded cand = complete(RunRecord.load(CliEnvironment.run(candidate, results)), "candidate");
    RunRecord.Loaded base = complete(RunRecord.load(CliEnvironment.run(baseline, results)), "baseline");
    PrintWriter out = spec.commandLine().getOut();
    List<String> differences = Comparison.workloadDifferences(base.run(), cand.run());
    if (!differences.isEmpty()) {
      String list = "  - " + String.join("\n  - ", differences);
      if (!allowDifferent) {
        throw new ErrorHandler.UserException(
            "refusing to compare: the workloads differ\n" + list + "\n(run the same workload, or pass --allow-different-workloads)");
      }
      out.println("warning: the workloads differ:\n" + list);
    }
    Map<String, List<OperationIntervals.Interval>> a = OperationIntervals.read(List.of(hlog(base)));
    Map<String, List<OperationIntervals.Interval>> b = OperationIntervals.read(List.of(hlog(cand)));
    List<Comparison.Finding> findings = Comparison.compare(a, b, t, new Comparison.Options(resamples, seed, minIntervals));
    if (findings.stream().allMatch(f -> f.verdict() == Comparison.Verdict.SKIPPED)) {
      throw new ErrorHandler.UserException(
          "nothing could be compared: no operation has " + minIntervals + " steady reporting intervals in both runs"
              + " (run longer, or lower reportInterval)");
    }
    String candName = cand.run().path("runId").asText();
    String baseName = baseline;
    String md = ComparisonReport.markdown(candName, baseName, findings, t, ComparisonReport.caveats(baseName, base.run(), candName, cand.run()));
    out.print(md);
    if (markdown != null) {
      AtomicFiles.write(markdown, md.getBytes(StandardCharsets.UTF_8));
    }
    if (junit != null) {
      AtomicFiles.write(junit, ComparisonReport.junit(candName, baseName, findings, t).getBytes(StandardCharsets.UTF_8));
    }
    out.flush();
    return Comparison.anyRegression(findings) ? ExitCodes.FAILED_CHECK : ExitCodes.OK;
  }

  private static RunRecord.Loaded complete(RunRecord.Loaded r, String role) {
    if (!r.complete()) {
      throw new ErrorHandler.UserException(
          "the " + role + " " + r.dir() + " is incomplete (status " + r.status() + (r.run().has("failure") ? ": " + r.run().path("failure").asText() : "")
              + "); only complete runs can be compared");
    }
    return r;
  }

  private static Path hlog(RunRecord.Loaded r) {
    Path p = r.dir().resolve(IntervalLog.FILE);
    if (!Files.isRegularFile(p)) {
      throw new ErrorHandler.UserException(r.dir() + " has no " + IntervalLog.FILE + "; compare needs the run's interval histograms");
    }
    return p;
  }
}
