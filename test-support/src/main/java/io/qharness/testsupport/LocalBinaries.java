package io.qharness.testsupport;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Finds Debian's Prometheus binaries, installing the packages once when running as root with
 * apt-get available (as .ci/run does); otherwise fails saying how to install them.
 */
final class LocalBinaries {
  private LocalBinaries() {}

  static synchronized Path require(String binary, String debianPackage) {
    Path found = onPath(binary);
    if (found != null) {
      return found;
    }
    if (isRoot() && onPath("apt-get") != null) {
      run("apt-get", "update", "-qq");
      run("apt-get", "install", "-y", "-qq", "prometheus", "prometheus-pushgateway");
      found = onPath(binary);
      if (found != null) {
        return found;
      }
    }
    throw new IllegalStateException(
        binary
            + " is not installed; install Debian's packages: sudo apt-get install -y prometheus"
            + " prometheus-pushgateway (package "
            + debianPackage
            + ")");
  }

  private static Path onPath(String binary) {
    String path = System.getenv("PATH");
    if (path == null) {
      return null;
    }
    for (String dir : path.split(File.pathSeparator)) {
      Path p = Path.of(dir, binary);
      if (Files.isExecutable(p)) {
        return p;
      }
    }
    return null;
  }

  private static boolean isRoot() {
    return "root".equals(System.getProperty("user.name"));
  }

  private static void run(String... cmd) {
    try {
      Process p =
          new ProcessBuilder(cmd)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      if (!p.waitFor(10, TimeUnit.MINUTES)) {
        p.destroyForcibly();
      }
    } catch (IOException e) {
      throw new IllegalStateException(
          "could not run " + String.join(" ", cmd) + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
