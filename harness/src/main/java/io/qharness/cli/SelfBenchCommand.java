package io.qharness.cli;

import io.qharness.bench.ClientBench;
import io.qharness.bench.ClientCost;
import io.qharness.bench.UploadBench;
import io.qharness.config.Durations;
import io.qharness.grpc.NodeAddress;
import io.qharness.metrics.RecordingBench;
import io.qharness.results.Json;
import io.qharness.results.RunRecord;
import io.qharness.workload.kernels.Kernels;
import io.qharness.workload.truth.GroundTruthBench;
import io.qharness.workload.vectors.SyntheticVectors;
import io.qharness.workload.vectors.VectorDistance;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Measures the harness itself, so its own costs are known figures rather than assumptions. */
@Command(
    name = "selfbench",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Measure the harness's own speed (figures only; no pass/fail).",
    subcommands = {
      SelfBenchCommand.GroundTruthCmd.class,
      SelfBenchCommand.InjectorCmd.class,
      SelfBenchCommand.ClientCmd.class,
      SelfBenchCommand.UploadCmd.class
    })
final class SelfBenchCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** The gRPC addresses of --hosts values, each a comma-separated list. */
  static List<String> grpcAddresses(List<String> hosts) {
    List<String> grpc = new ArrayList<>();
    for (String h : hosts) {
      for (NodeAddress a : NodeAddress.parseList(h)) {
        grpc.add(a.toString());
      }
    }
    return grpc;
  }

  /** --jvm-opts: the options of a benchmark's child JVMs. */
  static final class ChildJvmOptions {
    @Option(
        names = "--jvm-opts",
        paramLabel = "OPTIONS",
        description = "JVM options of both client JVMs, e.g. \"-Xmx256m\" (default: none).")
    String text;

    /** The options, each checked to be one. */
    List<String> list() {
      List<String> jvm =
          text == null || text.isBlank() ? List.of() : List.of(text.trim().split("\\s+"));
      for (String o : jvm) {
        if (!o.startsWith("-")) {
          throw new ErrorHandler.UserException(
              "--jvm-opts takes JVM options, each starting with '-'; got '" + o + "'");
        }
      }
      return jvm;
    }
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

  @Command(
      name = "client",
      mixinStandardHelpOptions = true,
      versionProvider = VersionProvider.class,
      description = {
        "The injector's CPU per search and resident memory, beside the floor: plain"
            + " io.qdrant:client async calls at",
        "the same rate with nothing recorded, measured in the same run. Each client runs in its own"
            + " JVM and measures",
        "its own process over the same window. Without --hosts the target is a stub gRPC server in"
            + " this process that",
        "answers at once (the client's own cost); with --hosts, a real cluster (the benchmark loads"
            + " its collection).",
        "Writes client-cost.json in a new run directory; qharness compare judges two of them by"
            + " their ratios to the floor."
      })
  static final class ClientCmd implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(
        names = "--hosts",
        split = ",",
        paramLabel = "HOST:PORT",
        description = "A real cluster's gRPC addresses (default: the in-process stub server).")
    List<String> hosts = List.of();

    @Option(
        names = "--rates",
        split = ",",
        defaultValue = "500,2000,5000",
        description = "Searches per second, one measurement each (default: ${DEFAULT-VALUE}).")
    List<Double> rates;

    @Option(
        names = "--warmup",
        defaultValue = "30s",
        converter = DurationConverter.class,
        description =
            "Load before each measured window: JIT, connections (default: ${DEFAULT-VALUE}).")
    Duration warmup;

    @Option(
        names = "--duration",
        defaultValue = "30s",
        converter = DurationConverter.class,
        description = "Each measured window (default: ${DEFAULT-VALUE}).")
    Duration duration;

    @Option(
        names = "--dim",
        defaultValue = "128",
        description = "Query vector dimension (default: ${DEFAULT-VALUE}).")
    int dim;

    @Option(
        names = "--k",
        defaultValue = "10",
        description = "Results per search (default: ${DEFAULT-VALUE}).")
    int k;

    @Option(
        names = "--points",
        defaultValue = "10000",
        description =
            "Points loaded into a real cluster; recall is exact over them (default:"
                + " ${DEFAULT-VALUE}).")
    long points;

    @Mixin ChildJvmOptions jvmOpts;

    @Option(
        names = "--no-gatling-report",
        description = "Run qharness's side without Gatling's report (gatling -nr).")
    boolean noGatlingReport;

    @Mixin ResultsOptions results;

    @Override
    public Integer call() throws IOException, InterruptedException {
      if (rates.isEmpty() || rates.stream().anyMatch(r -> !(r > 0) || r > 1_000_000)) {
        throw new ErrorHandler.UserException(
            "--rates must be searches per second within (0, 1000000], got " + rates);
      }
      if (dim < 1 || dim > 65_536 || k < 1 || k > 10_000 || points < k) {
        throw new ErrorHandler.UserException(
            "--dim must be within 1..65536, --k within 1..10000 and --points at least --k");
      }
      if (warmup.toSeconds() < 1 || duration.toSeconds() < 5) {
        throw new ErrorHandler.UserException(
            "--warmup must be at least 1s and --duration at least 5s, got "
                + Durations.format(warmup)
                + " and "
                + Durations.format(duration));
      }
      List<String> grpc = grpcAddresses(hosts);
      List<String> jvm = jvmOpts.list();
      String id = RunRecord.newRunId("clientcost");
      Path dir = results.resultsDir().resolve(id);
      PrintWriter out = spec.commandLine().getOut();
      out.println(
          "qharness selfbench client: "
              + (grpc.isEmpty()
                  ? "stub server (answers at once; not Qdrant)"
                  : String.join(",", grpc))
              + ", rates "
              + rates
              + "/s, warm-up "
              + Durations.format(warmup)
              + ", window "
              + Durations.format(duration)
              + " ("
              + Runtime.getRuntime().availableProcessors()
              + " cores)");
      out.flush();
      ClientCost cost =
          new ClientBench(
                  new ClientBench.Options(
                      grpc,
                      rates,
                      (int) warmup.toSeconds(),
                      (int) duration.toSeconds(),
                      dim,
                      k,
                      points,
                      jvm,
                      !noGatlingReport,
                      dir.resolve("clients")),
                  CliEnvironment.classpath.get(),
                  out)
              .run();
      cost.write(dir);
      out.println();
      out.print(cost.table());
      out.println("record: " + dir.resolve(ClientCost.FILE));
      return 0;
    }
  }

  @Command(
      name = "upload",
      mixinStandardHelpOptions = true,
      versionProvider = VersionProvider.class,
      description = {
        "The injector's CPU per point and memory while uploading, beside the floor: plain"
            + " io.qdrant:client upserts",
        "of the same points at the same batch size and batches in flight, each in its own JVM."
            + " Without --hosts the",
        "target is the embedded test double in this process (not Qdrant); its CPU is not"
            + " counted. The collection",
        "builds no index while loaded. Figures only; writes upload-cost.json in a new run"
            + " directory."
      })
  static final class UploadCmd implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(
        names = "--hosts",
        split = ",",
        paramLabel = "HOST:PORT",
        description = "A cluster's gRPC addresses (default: the embedded test double).")
    List<String> hosts = List.of();

    @Option(
        names = "--points",
        defaultValue = "100000",
        description = "Points each side uploads (default: ${DEFAULT-VALUE}).")
    long points;

    @Option(
        names = "--dim",
        defaultValue = "768",
        description = "Vector dimension (default: ${DEFAULT-VALUE}).")
    int dim;

    @Option(
        names = "--distribution",
        paramLabel = "KIND",
        description =
            "The synthetic vectors every side sends: uniform, gaussian or clustered (default:"
                + " uniform in [-1, 1) with --peer-bfb, as bfb sends, so all three do the same"
                + " work; otherwise clustered, a run's default).")
    String distribution;

    @Option(
        names = "--batch-size",
        defaultValue = "256",
        description = "Points per upsert (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(
        names = "--parallelism",
        defaultValue = "4",
        description = "Upserts in flight (default: ${DEFAULT-VALUE}).")
    int parallelism;

    @Option(
        names = "--peer-bfb",
        paramLabel = "PATH",
        description =
            "Qdrant's Rust benchmark tool bfb (github.com/qdrant/bfb, built with cargo): uploads"
                + " the same shape third, for qharness's ratio to it (needs --hosts).")
    Path peer;

    @Mixin ChildJvmOptions jvmOpts;

    @Mixin ResultsOptions results;

    @Override
    public Integer call() throws IOException, InterruptedException {
      if (peer != null && hosts.isEmpty()) {
        throw new ErrorHandler.UserException(
            "--peer-bfb needs --hosts: bfb uploads to a real Qdrant cluster, and the embedded"
                + " test double is not one");
      }
      if (peer != null && !java.nio.file.Files.isExecutable(peer)) {
        throw new ErrorHandler.UserException(
            "--peer-bfb "
                + peer
                + " is not an executable file; build bfb (cargo build --release in a clone of"
                + " github.com/qdrant/bfb) and give target/release/bfb");
      }
      if (points < 1 || points > 100_000_000 || dim < 1 || dim > 65_536) {
        throw new ErrorHandler.UserException(
            "--points must be within 1..100000000 and --dim within 1..65536");
      }
      if (batchSize < 1 || batchSize > 100_000 || parallelism < 1 || parallelism > 1024) {
        throw new ErrorHandler.UserException(
            "--batch-size must be within 1..100000 and --parallelism within 1..1024");
      }
      SyntheticVectors.Kind kind = distribution();
      List<String> grpc = grpcAddresses(hosts);
      List<String> jvm = jvmOpts.list();
      String id = RunRecord.newRunId("uploadcost");
      Path dir = results.resultsDir().resolve(id);
      PrintWriter out = spec.commandLine().getOut();
      out.printf(
          java.util.Locale.ROOT,
          "qharness selfbench upload: %,d x %d-d %s points, batches of %d, %d in flight, %s%n",
          points,
          dim,
          kind.name().toLowerCase(java.util.Locale.ROOT),
          batchSize,
          parallelism,
          grpc.isEmpty() ? "embedded test double (not Qdrant)" : String.join(",", grpc));
      if (peer != null && kind != SyntheticVectors.Kind.UNIFORM) {
        out.println(
            "note: bfb sends uniform vectors whatever --distribution says: its ratio compares"
                + " different work");
      }
      out.flush();
      UploadBench.Result r =
          new UploadBench(
                  new UploadBench.Options(
                      grpc,
                      points,
                      dim,
                      kind,
                      batchSize,
                      parallelism,
                      jvm,
                      dir.resolve("clients"),
                      peer),
                  CliEnvironment.classpath.get(),
                  out)
              .run();
      java.nio.file.Files.writeString(
          dir.resolve("upload-cost.json"),
          Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(r));
      out.println();
      out.print(r.table());
      out.println("record: " + dir.resolve("upload-cost.json"));
      return 0;
    }

    /** The data every side sends: bfb's own (uniform) beside a peer, else a run's default. */
    private SyntheticVectors.Kind distribution() {
      if (distribution == null) {
        return peer != null ? SyntheticVectors.Kind.UNIFORM : SyntheticVectors.Kind.CLUSTERED;
      }
      try {
        return SyntheticVectors.Kind.parse(distribution);
      } catch (IllegalArgumentException e) {
        throw new ErrorHandler.UserException("--distribution: " + e.getMessage());
      }
    }
  }
}
