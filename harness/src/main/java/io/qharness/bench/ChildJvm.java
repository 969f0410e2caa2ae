package io.qharness.bench;

import io.qharness.run.JvmDefaults;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** One side of a benchmark in a JVM of its own, run to its end with its output in a log. */
final class ChildJvm {
  private ChildJvm() {}

  /**
   * Runs {@code command} (with the injector's default environment) until it exits; the finished
   * process. Stopped and refused after {@code limitSeconds}, naming {@code what} and the log.
   */
  static Process run(String what, List<String> command, Path log, long limitSeconds)
      throws IOException, InterruptedException {
    Process p =
        JvmDefaults.environment(
                new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()))
            .start();
    if (!p.waitFor(limitSeconds, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException(
          what + " did not finish within " + limitSeconds + " s; see " + log);
    }
    return p;
  }
}
