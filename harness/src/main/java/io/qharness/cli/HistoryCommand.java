package io.qharness.cli;

import io.qharness.report.ChangePoints;
import io.qharness.report.Comparison;
import io.qharness.report.History;
import io.qharness.report.render.HistoryReport;
import io.qharness.results.AtomicFiles;
import io.qharness.results.RunFile;
import io.qharness.results.RunRecord;
import io.qharness.results.RunSets;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Change points over a workload's recorded runs: where its figures shifted, and by how much. */
@Command(
    name = "history",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Find where a workload's figures shifted over its recorded runs (results/: runs and sets of"
          + " repeated runs, oldest",
      "first), with E-divisive means and a permutation test: each change point with the runs on"
          + " either side, the",
      "means before and after, and the HTML chart of every figure (history.html). Exit 1 with"
          + " --fail-on-regression",
      "when a figure shifted for the worse and stayed there up to the newest run."
    })
final class HistoryCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin ResultsOptions results;

  @Parameters(
      arity = "0..1",
      paramLabel = "RUN",
      description = "A run or set whose workload to follow (default: the newest complete one).")
  String reference;

  @Option(
      names = "--last",
      defaultValue = "30",
      description = "How many of the newest runs (default: ${DEFAULT-VALUE}).")
  int last;

  @Option(
      names = "--min-change",
      defaultValue = "5%",
      paramLabel = "PCT",
      description =
          "Smallest shift worth reporting: relative for throughput and latency, a tenth of it in"
              + " points for error rate and recall (default: ${DEFAULT-VALUE}).")
  String minChange;

  @Option(
      names = {"-o", "--out"},
      paramLabel = "FILE",
      description = "The HTML report (default: history.html in the results directory).")
  Path out;

  @Option(
      names = "--markdown",
      paramLabel = "FILE",
      description = "Also write the Markdown summary here.")
  Path markdown;

  @Option(
      names = "--fail-on-regression",
      description = "Exit 1 when the newest runs sit after a shift for the worse.")
  boolean failOnRegression;

  @Option(
      names = "--seed",
      defaultValue = "1",
      description =
          "Permutation seed; the same runs give the same answer (default: ${DEFAULT-VALUE}).")
  long seed;

  /** One run or set in the results directory. */
  private record Entry(String name, List<RunRecord.Loaded> runs) {
    RunFile first() {
      return runs.get(0).run();
    }

    String startedAt() {
      return String.valueOf(first().startedAt());
    }
  }

  @Override
  public Integer call() throws IOException {
    if (last < 2 || last > 10_000) {
      throw new ErrorHandler.UserException("--last must be within 2..10000, got " + last);
    }
    double min = minChange();
    Path dir = results.resultsDir();
    List<String> skipped = new ArrayList<>();
    List<Entry> all = entries(dir, skipped);
    if (all.isEmpty()) {
      throw new ErrorHandler.UserException(
          "no complete run in "
              + dir
              + "; run a workload first (qharness run ...)"
              + (skipped.isEmpty() ? "" : ". Not complete: " + String.join("; ", skipped)));
    }
    RunFile workload =
        reference == null
            ? all.get(all.size() - 1).first()
            : results.loadAll(reference).get(0).run();
    List<Entry> same = new ArrayList<>();
    for (Entry e : all) {
      if (Comparison.workloadDifferences(workload, e.first()).isEmpty()) {
        same.add(e);
      }
    }
    List<Entry> kept = same.subList(Math.max(0, same.size() - last), same.size());
    List<History.Point> points = new ArrayList<>();
    for (Entry e : kept) {
      points.add(new History.Point(e.name(), e.runs().stream().map(r -> r.summary()).toList()));
    }
    ChangePoints.Options options = new ChangePoints.Options(3, 0.05, 499, seed);
    History history = History.of(points, options, min);
    PrintWriter console = spec.commandLine().getOut();
    String md = HistoryReport.markdown(history);
    if (points.size() < 2 * options.minSegment()) {
      md +=
          "\n"
              + points.size()
              + " run(s) of this workload: a change point needs at least "
              + options.minSegment()
              + " on each side.\n";
    }
    if (!skipped.isEmpty()) {
      md += "\nSkipped, not complete (no result to follow): " + String.join("; ", skipped) + ".\n";
    }
    console.print(md);
    Path html = out != null ? out : dir.resolve("history.html");
    AtomicFiles.write(html, HistoryReport.html(history));
    console.println("history report: " + html);
    if (markdown != null) {
      AtomicFiles.write(markdown, md);
    }
    return failOnRegression && history.latestRegressed() ? ExitCodes.FAILED_CHECK : ExitCodes.OK;
  }

  private double minChange() {
    String v = minChange.trim();
    try {
      double d =
          v.endsWith("%")
              ? Double.parseDouble(v.substring(0, v.length() - 1)) / 100
              : Double.parseDouble(v);
      if (d >= 0 && d < 10) {
        return d;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new ErrorHandler.UserException(
        "--min-change '" + minChange + "' is not a percentage such as 5%");
  }

  /**
   * Every complete run and set of runs in the results directory, oldest first; runs that crashed or
   * failed go to {@code skipped}, each with its status and why.
   */
  private static List<Entry> entries(Path dir, List<String> skipped) throws IOException {
    List<Entry> out = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return out;
    }
    try (Stream<Path> s = Files.list(dir)) {
      for (Path p : (Iterable<Path>) s.sorted()::iterator) {
        String name = p.getFileName().toString();
        if (name.equals("baselines") || name.equals("cache") || !Files.isDirectory(p)) {
          continue; // baselines are copies of runs already here
        }
        List<RunRecord.Loaded> runs = new ArrayList<>();
        for (Path r : RunSets.runs(p)) {
          try {
            RunRecord.Loaded l = RunRecord.load(r);
            if (l.complete()) {
              runs.add(l);
            } else if (l.run().status() == RunFile.Status.CRASHED
                || l.run().status() == RunFile.Status.FAILED) {
              skipped.add(
                  l.runId()
                      + " ("
                      + l.run().status().name().toLowerCase(Locale.ROOT)
                      + (l.run().failure() == null ? "" : ": " + l.run().failure())
                      + ")");
            }
          } catch (IllegalArgumentException e) {
            // an unreadable record has no place in a history; compare and report name it
          }
        }
        if (!runs.isEmpty()) {
          out.add(new Entry(name, runs));
        }
      }
    }
    out.sort(Comparator.comparing(Entry::startedAt));
    return out;
  }
}
