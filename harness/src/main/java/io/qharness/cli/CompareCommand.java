package io.qharness.cli;

import io.qharness.bench.ClientCost;
import io.qharness.report.Calibration;
import io.qharness.report.Comparison;
import io.qharness.report.RegressionCheck;
import io.qharness.report.Thresholds;
import io.qharness.report.render.ComparisonReport;
import io.qharness.results.AtomicFiles;
import io.qharness.results.RunRecord;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
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
      "Compare runs with a baseline per operation: throughput, p50/p90/p99/p99.9 latency, error"
          + " rate, recall and the",
      "server-reported p50/p99. With 3 or more runs in all (sets from run --repeat), each run is"
          + " one sample and a metric",
      "regresses when it is worse than both its tolerance and the noise between runs (family-wise"
          + " 5 %%); one run against",
      "one is judged on a bootstrap over reporting intervals. A calibrated baseline sets the"
          + " tolerances. Runs whose",
      "workloads differ are refused. Injector runs that overlap in time are merged interval by"
          + " interval.",
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
      paramLabel = "[OPERATION:]METRIC=TOLERANCE",
      description = {
        "Tolerance per metric (repeatable): p99=10%% (may rise 10 %%), throughput=5%% (may drop 5"
            + " %%), errors=1%% (points),",
        "or per operation: 'search:p99=15%%' (wins over the metric's for that operation);",
        "recall=0.01 (absolute drop), max=off. Defaults: throughput 5%%, p50/p90/p99 10%%, p99.9"
            + " 20%%, errors 1%%, recall 0.01,",
        "server-p50/server-p99 10%%, max not judged; a calibrated baseline's own tolerances when"
            + " it has them."
      })
  List<String> thresholds = List.of();

  @Option(
      names = "--run-noise",
      paramLabel = "METRIC=CHANGE",
      description = {
        "One run per side only: how far identical runs commonly differ (repeatable), e.g."
            + " p99=30%%;",
        "a change worse than the tolerance but within it is inconclusive (exit 0), not a"
            + " regression.",
        "Defaults measured on real Qdrant (docs/regression-jobs.md); off: judge on the runs' own"
            + " intervals alone."
      })
  List<String> runNoise = List.of();

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

  @Mixin ResultsOptions results;

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
    Integer harnessCost = compareClientCost();
    if (harnessCost != null) {
      return harnessCost;
    }
    // a bad --threshold or --run-noise is named before any run is read
    Thresholds.parse(thresholds).runNoise(runNoise);
    List<RunRecord.Loaded> cands =
        candidates.stream().flatMap(ref -> results.loadAll(ref).stream()).toList();
    List<RunRecord.Loaded> bases =
        baselines.stream().flatMap(ref -> results.loadAll(ref).stream()).toList();
    // a baseline promoted from repeated runs carries its measured noise floor
    Calibration calibration =
        baselines.size() == 1 ? Calibration.read(results.location(baselines.get(0))) : null;
    Thresholds t =
        (calibration == null ? Thresholds.parse(thresholds) : calibration.thresholds(thresholds))
            .runNoise(runNoise);
    RegressionCheck.Verdict verdict =
        RegressionCheck.judge(
            bases,
            baselines,
            cands,
            new RegressionCheck.Options(
                t, new Comparison.Options(resamples, seed, minIntervals), allowDifferent));
    PrintWriter out = spec.commandLine().getOut();
    if (!verdict.workloadDifferences().isEmpty()) {
      out.println(
          "warning: the workloads differ:\n  - "
              + String.join("\n  - ", verdict.workloadDifferences()));
    }
    String md = ComparisonReport.markdown(verdict);
    out.print(md);
    if (markdown != null) {
      AtomicFiles.write(markdown, md.getBytes(StandardCharsets.UTF_8));
    }
    if (junit != null) {
      AtomicFiles.write(junit, ComparisonReport.junit(verdict).getBytes(StandardCharsets.UTF_8));
    }
    out.flush();
    return verdict.regression() ? ExitCodes.FAILED_CHECK : ExitCodes.OK;
  }

  /**
   * Two client-cost records ({@code selfbench client}) are judged by their ratios to the floor;
   * null when neither side is one. A run compared with a client-cost record is an error.
   */
  private Integer compareClientCost() {
    if (candidates.size() != 1 || baselines.size() != 1) {
      return null;
    }
    Path c = clientCostDir(candidates.get(0));
    Path b = clientCostDir(baselines.get(0));
    if (c == null && b == null) {
      return null;
    }
    if (c == null || b == null) {
      throw new ErrorHandler.UserException(
          "only "
              + (c == null ? "the baseline" : "the candidate")
              + " is a client-cost record (selfbench client); compare two of them, or two runs");
    }
    double tolerance = 0.15;
    for (String t : thresholds) {
      if (t.startsWith("cost=")) {
        tolerance = Thresholds.tolerance(t, t.substring("cost=".length()));
        if (Double.isNaN(tolerance)) {
          throw new ErrorHandler.UserException(
              "--threshold cost=off: the harness cost is the only figure judged here; give a"
                  + " tolerance, e.g. cost=15%");
        }
      } else {
        throw new ErrorHandler.UserException(
            "client-cost records take only --threshold cost=TOLERANCE (e.g. cost=15%%), got " + t);
      }
    }
    ClientCost.Verdict v = ClientCost.compare(ClientCost.read(b), ClientCost.read(c), tolerance);
    PrintWriter out = spec.commandLine().getOut();
    out.println(
        "harness cost: qharness's CPU per search as a multiple of the plain client's (the floor),"
            + " measured in the same run; a rise beyond "
            + Math.round(100 * tolerance)
            + "% regresses");
    v.lines().forEach(out::println);
    out.flush();
    return v.regression() ? ExitCodes.FAILED_CHECK : ExitCodes.OK;
  }

  private Path clientCostDir(String ref) {
    Path dir = results.resultsDir();
    for (Path p :
        new Path[] {Path.of(ref), dir.resolve(ref), dir.resolve("baselines").resolve(ref)}) {
      if (Files.isRegularFile(p.resolve(ClientCost.FILE))) {
        return p;
      }
    }
    return null;
  }
}
