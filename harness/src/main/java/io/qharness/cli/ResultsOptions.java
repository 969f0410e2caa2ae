package io.qharness.cli;

import io.qharness.results.RunRecord;
import java.nio.file.Path;
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

  /** The folder of a run named on the command line. */
  Path dir(String ref) {
    return CliEnvironment.run(ref, resultsDir());
  }
}
