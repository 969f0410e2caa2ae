package io.qharness.results;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where run records go. A relative results directory is taken relative to the qharness checkout
 * (the nearest ancestor of the working directory holding both pom.xml and results/), so that runs
 * started from a module directory, as Gatling's Maven plugin does, land in the repository's {@code
 * results/}.
 */
public final class ResultsLocation {
  private ResultsLocation() {}

  public static Path resolve(String configured) {
    Path p = Path.of(configured);
    if (p.isAbsolute()) {
      return p;
    }
    Path dir = Path.of("").toAbsolutePath();
    for (Path d = dir; d != null; d = d.getParent()) {
      if (Files.isRegularFile(d.resolve("pom.xml")) && Files.exists(d.resolve(p))) {
        return d.resolve(p).normalize();
      }
    }
    return dir.resolve(p).normalize();
  }
}
