package io.qharness.cli;

import io.qharness.report.CapacityResult;
import io.qharness.report.EfSweep;
import io.qharness.report.render.CapacityReport;
import io.qharness.report.render.EfSweepReport;
import io.qharness.report.render.RunReport;
import io.qharness.results.AtomicFiles;
import io.qharness.results.RunRecord;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Renders a run's report as Markdown from its record: what ran against what, the summary, and each
 * operation interval by interval. Several runs (one per injector of a distributed test) are merged
 * from their interval logs.
 */
@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Render a run's report (Markdown) from results/<run-id>/: target, configuration,"
          + " per-operation summary with",
      "recall, and throughput/p50/p99 per reporting interval. Several runs (injectors of one test)"
          + " are merged from",
      "their interval histogram logs."
    })
final class ReportCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(
      arity = "1..*",
      paramLabel = "RUN",
      description = "Run directories, run ids or baseline names.")
  List<String> runs;

  @Option(
      names = {"-o", "--out"},
      paramLabel = "FILE",
      description = "Write the report to FILE (default: report.md in the run, and stdout).")
  Path out;

  @Mixin ResultsOptions results;

  @Option(
      names = "--usl",
      split = ",",
      paramLabel = "RUN",
      description =
          "Capacity runs at other node counts: fit the Universal Scalability Law over them and this"
              + " run (3+ node counts).")
  List<String> usl;

  @Override
  public Integer call() {
    List<RunRecord.Loaded> loaded = new ArrayList<>();
    List<List<RunRecord.Loaded>> sets = new ArrayList<>();
    for (String ref : runs) {
      List<RunRecord.Loaded> l = results.loadAll(ref);
      if (l.size() == 1) {
        loaded.add(l.get(0));
      } else {
        sets.add(l);
      }
    }
    PrintWriter console = spec.commandLine().getOut();
    for (RunRecord.Loaded l : loaded) {
      if (CapacityReport.exists(l.dir())) {
        CapacityResult c = CapacityReport.read(l.dir());
        if (usl != null && !usl.isEmpty()) {
          List<CapacityResult> others = new ArrayList<>();
          usl.forEach(ref -> others.add(CapacityReport.read(results.dir(ref))));
          c = c.withUsl(others);
        }
        CapacityReport.write(l.dir(), c);
        console.println(
            "capacity report: " + l.dir().resolve("capacity.html") + " (and capacity.md)");
      }
      EfSweep sweep = RunReport.efSweep(l);
      if (sweep != null) {
        EfSweepReport.write(l.dir(), l.runId(), sweep, l.run().testDouble());
        console.println(
            "hnsw_ef sweep report: "
                + l.dir().resolve(EfSweepReport.HTML)
                + " (and "
                + EfSweepReport.MARKDOWN
                + ")");
      }
    }
    for (List<RunRecord.Loaded> set : sets) {
      // repeated runs are separate samples: a report each, and the spread between them
      for (RunRecord.Loaded r : set) {
        AtomicFiles.write(r.dir().resolve("report.md"), RunReport.markdown(List.of(r)));
        console.println("report: " + r.dir().resolve("report.md"));
      }
      console.print(RunReport.repeated(set));
    }
    if (loaded.isEmpty()) {
      return ExitCodes.OK;
    }
    String md = RunReport.markdown(loaded);
    Path target =
        out != null ? out : loaded.size() == 1 ? loaded.get(0).dir().resolve("report.md") : null;
    if (target != null) {
      AtomicFiles.write(target, md);
    }
    console.print(md);
    if (target != null) {
      console.println("\n(written to " + target + ")");
    }
    return ExitCodes.OK;
  }
}
