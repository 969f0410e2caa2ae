package io.qharness.cli;

import io.qharness.results.RunRecord;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The option of every command that reads run records ({@code --results-dir}), and how such a
 * command finds the runs it is given: a directory, a run id or a baseline name.
 */
final class ResultsOptions {
  @Option(
      names = "--results-dir",
      paramLabel = "DIR",
      description = "Where run ids and baselines are looked up (default: the resultsDir setting).")
  Path resultsDir;

  /** The results directory: {@code --results-dir} when given, else the resultsDir setting. */
  Path resultsDir() {
    return CliEnvironment.resultsDir(resultsDir);
  }

  /** The record of a run named on the command line. */
  RunRecord.Loaded load(String ref) {
    return RunRecord.load(CliEnvironment.run(ref, resultsDir()));
  }

  /** The records a name stands for: one run, or each run of a set of repeated runs. */
  List<RunRecord.Loaded> loadAll(String ref) {
    return CliEnvironment.runs(ref, resultsDir()).stream().map(RunRecord::load).toList();
  }

  /** The directory a name stands for: a run, a set of runs or a baseline. */
  Path location(String ref) {
    return CliEnvironment.location(ref, resultsDir());
  }

  /** The folder of a run named on the command line. */
  Path dir(String ref) {
    return CliEnvironment.run(ref, resultsDir());
  }
}
