package io.qharness.cli;

import io.qharness.metrics.RecordingBench;
import io.qharness.workload.GroundTruthBench;
import io.qharness.workload.Kernels;
import io.qharness.workload.VectorDistance;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Measures the harness itself, so its own costs are known figures rather than assumptions. */
@Command(
    name = "selfbench",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Measure the harness's own speed (figures only; no pass/fail).",
    subcommands = {SelfBenchCommand.GroundTruthCmd.class, SelfBenchCommand.InjectorCmd.class})
final class SelfBenchCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  @Command(
      name = "groundtruth",
      mixinStandardHelpOptions = true,
      versionProvider = VersionProvider.class,
      description = {
        "Exact top-k ground truth: query x base pairs per second, GFLOP/s, implied cache and memory"
            + " read",
        "bandwidth, and this machine's streaming read bandwidth for comparison."
      })
  static final class GroundTruthCmd implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(
        names = "--dim",
        defaultValue = "128",
        description = "Vector dimension (default: ${DEFAULT-VALUE}).")
    int dim;

    @Option(
        names = "--base",
        defaultValue = "200000",
        description = "Base vectors (default: ${DEFAULT-VALUE}).")
    long base;

    @Option(
        names = "--queries",
        defaultValue = "500",
        description = "Query vectors (default: ${DEFAULT-VALUE}).")
    int queries;

    @Option(
        names = "--k",
        defaultValue = "100",
        description = "Neighbours per query (default: ${DEFAULT-VALUE}).")
    int k;

    @Option(
        names = "--distance",
        split = ",",
        defaultValue = "cosine,euclid,dot,manhattan",
        description = "Distances to measure (default: ${DEFAULT-VALUE}).")
    List<String> distances;

    @Option(
        names = "--threads",
        description =
            "Worker threads (default: all cores, ${sys:qharness.cores:-available processors}).")
    Integer threads;

    @Option(
        names = "--rounds",
        defaultValue = "3",
        description = "Timed rounds; the fastest is shown (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Override
    public Integer call() {
      if (dim < 1 || base < 1 || queries < 1 || k < 1 || k > 10_000 || rounds < 1) {
        throw new ErrorHandler.UserException(
            "--dim, --base, --queries and --rounds must be positive and --k within 1..10000");
      }
      int t = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
      if (t < 1) {
        throw new ErrorHandler.UserException("--threads must be at least 1, got " + t);
      }
      PrintWriter out = spec.commandLine().getOut();
      out.println(
          "qharness selfbench groundtruth ("
              + Runtime.getRuntime().availableProcessors()
              + " cores, JVM "
              + System.getProperty("java.version")
              + ", "
              + Kernels.BEST.name()
              + " kernels)");
      for (String d : distances) {
        VectorDistance distance = VectorDistance.parse(d);
        out.println(GroundTruthBench.run(distance, dim, base, queries, k, t, rounds).format());
        out.flush();
      }
      return 0;
    }
  }

  @Command(
      name = "injector",
      mixinStandardHelpOptions = true,
      versionProvider = VersionProvider.class,
      description = {
        "Per-request bookkeeping of the injector: records/s and ns per latency record from several"
            + " threads",
        "while the interval sampler runs, and heap bytes allocated per record (should be 0)."
      })
  static final class InjectorCmd implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(
        names = "--threads",
        defaultValue = "2",
        description = "Recording threads (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(
        names = "--records",
        defaultValue = "20000000",
        description = "Records per thread (default: ${DEFAULT-VALUE}).")
    long records;

    @Override
    public Integer call() throws InterruptedException {
      if (threads < 1 || records < 1) {
        throw new ErrorHandler.UserException("--threads and --records must be at least 1");
      }
      spec.commandLine().getOut().println(RecordingBench.run(threads, records).format());
      return 0;
    }
  }
}
