package io.qharness.cli;

import io.qharness.report.render.RunReport;
import io.qharness.results.AtomicFiles;
import io.qharness.results.RunMerge;
import io.qharness.results.RunRecord;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Joins the parts of a run several injectors sent together into one run record and report. */
@Command(
    name = "merge",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Join the injectors' parts of one run (results/<run-id>/injectors/<i>/, written by runs with"
          + " injectors=N)",
      "into results/<run-id>/: percentiles from all their histograms, throughput summed, write"
          + " audits joined.",
      "compare, report, history and baseline then read it like any run."
    })
final class MergeCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(paramLabel = "RUN", description = "The run id (or directory) the injectors shared.")
  String run;

  @Mixin ResultsOptions results;

  @Override
  public Integer call() {
    Path dir = Files.isDirectory(Path.of(run)) ? Path.of(run) : results.resultsDir().resolve(run);
    if (!Files.isDirectory(dir)) {
      throw new ErrorHandler.UserException(
          "no run '"
              + run
              + "' in "
              + results.resultsDir()
              + " (list them with: ls "
              + results.resultsDir()
              + ")");
    }
    RunRecord.Loaded merged = RunMerge.merge(dir);
    String report = RunReport.markdown(List.of(merged));
    AtomicFiles.write(dir.resolve("report.md"), report);
    PrintWriter out = spec.commandLine().getOut();
    out.println(
        "qharness merge: "
            + merged.run().injectors().count()
            + " injectors' parts of run "
            + merged.runId()
            + " joined into "
            + dir);
    out.print(merged.summary().toTable());
    out.println("report: " + dir.resolve("report.md"));
    return ExitCodes.OK;
  }
}
