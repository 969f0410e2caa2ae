package io.qharness.cli;

import io.qharness.report.Calibration;
import io.qharness.report.Comparison;
import io.qharness.report.RegressionCheck;
import io.qharness.results.AtomicFiles;
import io.qharness.results.RunRecord;
import io.qharness.results.RunSets;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Promotes a complete run to a named baseline in results/baselines/ (versioned in git). */
@Command(
    name = "baseline",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Promote complete runs to results/baselines/<name>/ (run.json, summary.json,"
          + " histograms.hlog; the Gatling",
      "report only with --with-report). Several identical runs (or a set from run --repeat) make a"
          + " calibrated baseline:",
      "their noise floor is measured and stored (calibration.json), and compare judges against"
          + " it. The copy is made",
      "aside and moved into place, so a baseline is never half written."
    })
final class BaselineCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(
      arity = "1..*",
      paramLabel = "RUN",
      description = "Run directories, run ids or sets of repeated runs.")
  List<String> runs;

  @Option(
      names = {"-n", "--name"},
      required = true,
      description = "Baseline name: letters, digits, '.', '-', '_'.")
  String name;

  @Option(names = "--force", description = "Replace an existing baseline of that name.")
  boolean force;

  @Option(names = "--with-report", description = "Copy the Gatling HTML report too.")
  boolean withReport;

  @Mixin ResultsOptions results;

  @Override
  public Integer call() throws IOException {
    if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,127}")) {
      throw new ErrorHandler.UserException(
          "baseline name '"
              + name
              + "' is not allowed; use letters, digits, '.', '-', '_' (max 128)");
    }
    List<RunRecord.Loaded> loaded = completeRuns();
    Calibration calibration = null;
    if (loaded.size() > 1) {
      List<List<RunRecord.Loaded>> samples = RegressionCheck.samples(loaded, "baseline", false);
      if (samples.size() >= 3) {
        calibration =
            Calibration.of(RegressionCheck.intervals(samples), Comparison.Options.defaults());
      }
    }
    Path baselines = results.resultsDir().resolve("baselines");
    Path target = baselines.resolve(name);
    if (Files.exists(target) && !force) {
      throw new ErrorHandler.UserException(
          "baseline '" + name + "' exists (" + target + "); pass --force to replace it");
    }
    Files.createDirectories(baselines);
    Path staging = Files.createTempDirectory(baselines, "." + name + ".");
    try {
      if (loaded.size() == 1) {
        copy(loaded.get(0).dir(), staging);
      } else {
        for (RunRecord.Loaded r : loaded) {
          copy(r.dir(), staging.resolve(RunSets.RUNS).resolve(r.runId()));
        }
      }
      if (calibration != null) {
        calibration.write(staging);
      }
      Map<String, Object> meta = new LinkedHashMap<>();
      meta.put("name", name);
      meta.put("runIds", loaded.stream().map(RunRecord.Loaded::runId).toList());
      meta.put("promotedAt", Instant.now().toString());
      meta.put("sources", loaded.stream().map(r -> r.dir().toAbsolutePath().toString()).toList());
      AtomicFiles.writeJson(staging.resolve("baseline.json"), meta);
      if (Files.exists(target)) {
        Path old = baselines.resolve("." + name + ".old-" + System.nanoTime());
        Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
        Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
        delete(old);
      } else {
        Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
      }
    } finally {
      if (Files.exists(staging)) {
        delete(staging);
      }
    }
    PrintWriter out = spec.commandLine().getOut();
    out.println(
        "qharness: "
            + (loaded.size() == 1 ? "run " : loaded.size() + " runs ")
            + String.join(", ", loaded.stream().map(RunRecord.Loaded::runId).toList())
            + (loaded.size() == 1 ? " is" : " are")
            + " baseline '"
            + name
            + "' in "
            + target);
    if (calibration != null) {
      out.println();
      out.print(calibration.markdown());
    } else if (loaded.size() > 1) {
      out.println(
          "qharness: fewer than 3 repeated runs: no noise floor measured (promote 3 or more"
              + " identical runs to calibrate)");
    }
    return ExitCodes.OK;
  }

  /** The runs named, each complete (a baseline of a failed or running run would mislead). */
  private List<RunRecord.Loaded> completeRuns() {
    List<RunRecord.Loaded> loaded =
        runs.stream().flatMap(ref -> results.loadAll(ref).stream()).toList();
    for (RunRecord.Loaded r : loaded) {
      if (!r.complete()) {
        throw new ErrorHandler.UserException(
            r.dir()
                + " is incomplete (status "
                + r.json().path("status").asText("unknown")
                + "); only complete runs can become baselines");
      }
    }
    return loaded;
  }

  private void copy(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        Path rel = from.relativize(f);
        if (!withReport && rel.getNameCount() > 0 && rel.getName(0).toString().equals("gatling")) {
          continue;
        }
        Path dest = to.resolve(rel.toString());
        if (Files.isDirectory(f)) {
          Files.createDirectories(dest);
        } else {
          Files.copy(f, dest, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
  }

  private static void delete(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      files
          .sorted(Comparator.reverseOrder())
          .forEach(
              p -> {
                try {
                  Files.delete(p);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
    }
  }
}
