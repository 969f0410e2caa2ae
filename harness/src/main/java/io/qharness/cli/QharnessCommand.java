package io.qharness.cli;

import picocli.CommandLine.Command;

/** The top-level command; work happens in its subcommands. */
@Command(
    name = "qharness",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Load testing and benchmarking for Qdrant clusters.",
    subcommands = {
      RunCommand.class,
      ClusterCommand.class,
      CompareCommand.class,
      BaselineCommand.class,
      ReportCommand.class,
      HistoryCommand.class,
      MergeCommand.class,
      TestClusterCommand.class,
      SelfBenchCommand.class,
      picocli.CommandLine.HelpCommand.class
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:success (compare: no regression; cluster status: healthy)",
      "1:a check failed (compare: regression; cluster status: unhealthy; run: assertions failed)",
      "2:bad input (flag, value, file, mismatched runs)",
      "3:target cluster unreachable",
      "4:internal error"
    })
public final class QharnessCommand implements Runnable {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
