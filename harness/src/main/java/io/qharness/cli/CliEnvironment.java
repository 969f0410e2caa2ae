package io.qharness.cli;

import io.qharness.config.Catalog;
import io.qharness.config.Settings;
import io.qharness.results.ResultsLocation;
import io.qharness.results.RunSets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Supplier;

/** Where the CLI reads its environment; tests substitute their own. */
final class CliEnvironment {
  static Supplier<Map<String, String>> env = System::getenv;
  static Supplier<Properties> systemProperties = System::getProperties;

  /** The class path of the Gatling JVMs {@code run} starts, and where it finds simulations. */
  static Supplier<String> classpath = () -> System.getProperty("java.class.path");

  private CliEnvironment() {}

  static Settings settings(Map<String, String> flags) {
    return Settings.resolve(env.get(), systemProperties.get(), flags);
  }

  /** The results directory: {@code --results-dir} when given, else the resultsDir setting. */
  static Path resultsDir(Path flag) {
    if (flag != null) {
      return flag.toAbsolutePath();
    }
    return ResultsLocation.resolve(settings(Map.of()).get(Catalog.RESULTS_DIR));
  }

  /**
   * A run named on the command line: a directory holding run.json, a run id under the results
   * directory, or a baseline name under results/baselines/.
   */
  static Path run(String ref, Path resultsDir) {
    List<Path> runs = runs(ref, resultsDir);
    if (runs.size() > 1) {
      throw new ErrorHandler.UserException(
          "'" + ref + "' is a set of " + runs.size() + " repeated runs; name one of them");
    }
    return runs.get(0);
  }

  /**
   * The runs a name on the command line stands for: one run (a directory holding run.json, a run
   * id, a baseline of one run), or every run of a set of repeated runs ({@code run --repeat}) or of
   * a baseline promoted from several.
   */
  static List<Path> runs(String ref, Path resultsDir) {
    return RunSets.runs(location(ref, resultsDir));
  }

  /** The directory a name stands for: a run, a set of runs or a baseline. */
  static Path location(String ref, Path resultsDir) {
    for (Path candidate :
        new Path[] {
          Path.of(ref), resultsDir.resolve(ref), resultsDir.resolve("baselines").resolve(ref)
        }) {
      if (!RunSets.runs(candidate).isEmpty()) {
        return candidate;
      }
    }
    throw new ErrorHandler.UserException(
        "no run record '"
            + ref
            + "': not a directory with run.json (or a set of runs), nor a run id in "
            + resultsDir
            + ", nor a baseline in "
            + resultsDir.resolve("baselines")
            + " (list them with: ls "
            + resultsDir
            + ")");
  }
}
