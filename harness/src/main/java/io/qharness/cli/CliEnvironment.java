package io.qharness.cli;

import io.qharness.config.Catalog;
import io.qharness.config.Settings;
import io.qharness.results.ResultsLocation;
import java.nio.file.Files;
import java.nio.file.Path;
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
    Path asPath = Path.of(ref);
    if (Files.isRegularFile(asPath.resolve("run.json"))) {
      return asPath;
    }
    for (Path candidate :
        new Path[] {resultsDir.resolve(ref), resultsDir.resolve("baselines").resolve(ref)}) {
      if (Files.isRegularFile(candidate.resolve("run.json"))) {
        return candidate;
      }
    }
    throw new ErrorHandler.UserException(
        "no run record '"
            + ref
            + "': not a directory with run.json, nor a run id in "
            + resultsDir
            + ", nor a baseline in "
            + resultsDir.resolve("baselines")
            + " (list them with: ls "
            + resultsDir
            + ")");
  }
}
