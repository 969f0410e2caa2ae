package io.qharness.results;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * A set of repeated runs of one workload: {@code <dir>/runs/<run-id>/} for each run, as {@code
 * qharness run --repeat N} writes them and a baseline promoted from several runs keeps them. Each
 * run is a sample of its own when verdicts weigh the noise between runs.
 */
public final class RunSets {
  /** The folder of a set that holds its runs. */
  public static final String RUNS = "runs";

  private RunSets() {}

  /** The runs in a directory: itself when it is a run, the runs of a set (by name), or none. */
  public static List<Path> runs(Path dir) {
    if (Files.isRegularFile(dir.resolve(RunRecord.RUN_FILE))) {
      return List.of(dir);
    }
    Path runs = dir.resolve(RUNS);
    if (!Files.isDirectory(runs)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(runs)) {
      return s.filter(p -> Files.isRegularFile(p.resolve(RunRecord.RUN_FILE))).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
