package io.qharness.simulations;

import static org.assertj.core.api.Assertions.assertThat;

import io.qharness.run.GatlingLauncher;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Starts simulations the way {@code mvn gatling:test} does (Gatling's own launcher in a fresh JVM,
 * built by qharness's {@link GatlingLauncher}) on this test's class path, and waits for them.
 */
final class GatlingRuns {
  private GatlingRuns() {}

  static Process gatling(Path results, Path log, List<String> properties) throws IOException {
    return gatling(results, log, properties, Map.of());
  }

  static Process gatling(Path results, Path log, List<String> properties, Map<String, String> env)
      throws IOException {
    return gatling(MixedWorkloadSimulation.class, results, log, properties, env);
  }

  static Process gatling(
      Class<?> simulation, Path results, Path log, List<String> properties, Map<String, String> env)
      throws IOException {
    String classpath =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    GatlingLauncher launcher =
        new GatlingLauncher(classpath, simulation.getName(), results.resolve("gatling"))
            .jvmOptions(List.of("-Xmx1g"))
            .property("qharness.resultsDir", results.toString());
    for (String p : properties) {
      int eq = p.indexOf('=');
      launcher.property(p.substring(2, eq), p.substring(eq + 1)); // "-Dname=value"
    }
    env.forEach(launcher::environment);
    ProcessBuilder pb =
        launcher.processBuilder().redirectErrorStream(true).redirectOutput(log.toFile());
    return pb.start();
  }

  /**
   * Waits for a Gatling process started by {@link #gatling}: it must finish within {@code seconds}
   * and exit 0 (assertions held). Returns its output; failures show the output's tail.
   */
  static String succeeded(Process p, Path log, int seconds)
      throws IOException, InterruptedException {
    assertThat(p.waitFor(seconds, TimeUnit.SECONDS))
        .as("Gatling finished within " + seconds + " s; see " + log)
        .isTrue();
    String output = Files.readString(log);
    assertThat(p.exitValue()).as(tail(output)).isZero();
    return output;
  }

  static String tail(String s) {
    return s.length() < 4000 ? s : s.substring(s.length() - 4000);
  }
}
