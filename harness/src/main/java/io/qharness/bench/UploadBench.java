package io.qharness.bench;

import io.qharness.cluster.Target;
import io.qharness.config.Catalog;
import io.qharness.config.Settings;
import io.qharness.metrics.UploadFigures;
import io.qharness.results.RunRecord;
import io.qharness.run.GatlingLauncher;
import io.qharness.run.JvmDefaults;
import io.qharness.workload.vectors.SyntheticVectors;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * The upload benchmark: the floor ({@link FloorUpload}: plain {@code io.qdrant:client} upserts) and
 * qharness ({@code LoadSimulation} in a Gatling JVM, as {@code qharness run Load} runs it) upload
 * the same points at the same batch size and batches in flight, each in its own JVM, one after the
 * other, into a collection that builds no index meanwhile; each measures its own process over its
 * upload: CPU per point, points per second, peak resident memory.
 */
public final class UploadBench {
  /** The qharness side's simulation (in the simulations module, on ./qharness's class path). */
  public static final String SIMULATION = "io.qharness.simulations.LoadSimulation";

  public static final String COLLECTION = "qharness_upload_bench";

  /**
   * @param hosts a cluster's gRPC addresses; empty: the embedded test double in this JVM
   * @param points points each side uploads
   * @param dim their dimension
   * @param distribution their synthetic distribution (uniform: what bfb sends)
   * @param batchSize points per upsert
   * @param parallelism upserts in flight
   * @param jvmOptions options of both child JVMs
   * @param workDir the child JVMs' logs and outputs
   * @param peer bfb's executable, run third on the same cluster; null: no peer
   */
  public record Options(
      List<String> hosts,
      long points,
      int dim,
      SyntheticVectors.Kind distribution,
      int batchSize,
      int parallelism,
      List<String> jvmOptions,
      Path workDir,
      Path peer) {}

  /**
   * Every side's figures; {@code requests} are points.
   *
   * @param peer bfb's figures, null without a peer
   * @param peerCommand how bfb was run, null without a peer
   */
  public record Result(
      String target,
      String distribution,
      ProcessCost floor,
      ProcessCost qharness,
      ProcessCost peer,
      String peerCommand) {
    /** qharness's CPU per point over the floor's. */
    public double cpuRatio() {
      return qharness.cpuMicrosPerRequest() / floor.cpuMicrosPerRequest();
    }

    /** qharness's points per second over the floor's. */
    public double rateRatio() {
      return qharness.achievedRate() / floor.achievedRate();
    }

    /** qharness's CPU per point over the peer's; NaN without a peer. */
    public double peerCpuRatio() {
      return peer == null
          ? Double.NaN
          : qharness.cpuMicrosPerRequest() / peer.cpuMicrosPerRequest();
    }

    /** qharness's points per second over the peer's; NaN without a peer. */
    public double peerRateRatio() {
      return peer == null ? Double.NaN : qharness.achievedRate() / peer.achievedRate();
    }

    public String table() {
      StringBuilder s = new StringBuilder();
      s.append(
          String.format(
              Locale.ROOT,
              "%-9s %12s %10s %14s %9s %12s%n",
              "client",
              "points/s",
              "CPU-s",
              "CPU µs/point",
              "x floor",
              "peak RSS MB"));
      for (ProcessCost c :
          peer == null ? List.of(floor, qharness) : List.of(floor, qharness, peer)) {
        s.append(
            String.format(
                Locale.ROOT,
                "%-9s %,12.0f %10.2f %14.1f %9.2f %12.0f%n",
                c.client(),
                c.achievedRate(),
                c.cpuSeconds(),
                c.cpuMicrosPerRequest(),
                c.cpuMicrosPerRequest() / floor.cpuMicrosPerRequest(),
                c.peakRssBytes() / 1048576.0));
      }
      s.append(
          String.format(
              Locale.ROOT,
              "qharness: %.2fx the floor's CPU per point at %.2fx its rate (%s)%n",
              cpuRatio(),
              rateRatio(),
              target));
      if (peer != null) {
        s.append(
            String.format(
                Locale.ROOT,
                "qharness: %.2fx the peer's (bfb) CPU per point at %.2fx its rate%n",
                peerCpuRatio(),
                peerRateRatio()));
      }
      return s.toString();
    }
  }

  private final Options options;
  private final String classpath;
  private final PrintWriter out;

  public UploadBench(Options options, String classpath, PrintWriter out) {
    this.options = options;
    this.classpath = classpath;
    this.out = out;
  }

  public Result run() throws IOException, InterruptedException {
    if (UploadBench.class.getClassLoader().getResource(SIMULATION.replace('.', '/') + ".class")
        == null) {
      throw new IllegalStateException(
          "selfbench upload measures qharness with "
              + SIMULATION
              + ", which is not on this class path; run it with ./qharness from a qharness"
              + " checkout");
    }
    Files.createDirectories(options.workDir());
    Target target =
        options.hosts().isEmpty()
            ? Target.resolve(Settings.resolve(Map.of(), new Properties(), Map.of()))
            : null;
    try {
      List<String> hosts = target == null ? options.hosts() : target.grpcAddresses();
      Map<String, String> props = properties(hosts);
      ProcessCost floor = floor(props);
      say(floor);
      ProcessCost qharness = qharness(props);
      say(qharness);
      ProcessCost peer = null;
      String peerCommand = null;
      if (options.peer() != null) {
        List<String> cmd = PeerUpload.command(options.peer(), hosts, options);
        peerCommand = String.join(" ", cmd);
        createForPeer(props);
        peer =
            PeerUpload.run(
                cmd, options.points(), options.workDir().resolve("peer.log"), limitSeconds());
        say(peer);
      }
      return new Result(
          target == null ? String.join(",", hosts) : "embedded test double (not Qdrant)",
          options.distribution().name().toLowerCase(Locale.ROOT),
          floor,
          qharness,
          peer,
          peerCommand);
    } finally {
      if (target != null) {
        target.close();
      }
    }
  }

  private void say(ProcessCost c) {
    out.printf(
        Locale.ROOT,
        "  %s: %,.0f points/s, %.1f CPU µs per point%n",
        c.client(),
        c.achievedRate(),
        c.cpuMicrosPerRequest());
    out.flush();
  }

  /**
   * bfb's collection, made as the floor's is, so that bfb's time is its upload's: left to bfb, its
   * run would also delete the previous 300,000 points, sleep a second and create the collection.
   */
  private static void createForPeer(Map<String, String> props) throws IOException {
    Properties p = new Properties();
    p.putAll(props);
    try {
      FloorUpload.create(Settings.resolve(Map.of(), p, Map.of()));
    } catch (Exception e) {
      throw new IOException("could not create bfb's collection " + COLLECTION + ": " + e, e);
    }
  }

  /** The settings both sides read: the same points, batches, collection layout. */
  private Map<String, String> properties(List<String> hosts) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put(Catalog.HOSTS.systemProperty(), String.join(",", hosts));
    p.put(Catalog.COLLECTION.systemProperty(), COLLECTION);
    p.put(Catalog.POINTS.systemProperty(), Long.toString(options.points()));
    p.put(Catalog.DIM.systemProperty(), Integer.toString(options.dim()));
    p.put(Catalog.DISTRIBUTION.systemProperty(), options.distribution().name());
    p.put(Catalog.BATCH_SIZE.systemProperty(), Integer.toString(options.batchSize()));
    p.put(Catalog.PARALLELISM.systemProperty(), Integer.toString(options.parallelism()));
    p.put(Catalog.INDEXING_THRESHOLD.systemProperty(), "0"); // the server builds no index meanwhile
    p.put(Catalog.PAYLOAD_INDEX.systemProperty(), "none");
    p.put(Catalog.SHARDS.systemProperty(), Integer.toString(SHARDS));
    p.put(Catalog.REPLICATION.systemProperty(), replication(hosts));
    return p;
  }

  /** The collection's shards on every side (qharness's default). */
  static final int SHARDS = 4;

  private static String replication(List<String> hosts) {
    return hosts.size() > 1 ? "2" : "1";
  }

  private long limitSeconds() {
    return 600 + options.points() / 100;
  }

  private ProcessCost floor(Map<String, String> props) throws IOException, InterruptedException {
    Path outFile = options.workDir().resolve("floor.json");
    Map<String, String> p = new LinkedHashMap<>(props);
    p.put("qharness.bench.out", outFile.toString());
    run(
        "floor",
        GatlingLauncher.javaCommand(
            JvmDefaults.with(options.jvmOptions(), young()),
            classpath,
            p,
            FloorUpload.class.getName()));
    return ProcessCost.read(outFile);
  }

  private ProcessCost qharness(Map<String, String> props) throws IOException, InterruptedException {
    String runId = RunRecord.newRunId("uploadbench");
    GatlingLauncher g =
        new GatlingLauncher(classpath, SIMULATION, options.workDir().resolve("gatling"))
            .jvmOptions(options.jvmOptions())
            .youngMb(young())
            .noReport(true);
    props.forEach(g::property);
    g.property(Catalog.RESULTS_DIR.systemProperty(), options.workDir().toString());
    g.property(Catalog.RUN_ID.systemProperty(), runId);
    g.property(Catalog.AUDIT.systemProperty(), "false");
    g.property(Catalog.PROGRESS.systemProperty(), "false");
    run("qharness", g.command());
    UploadFigures u = RunRecord.load(options.workDir().resolve(runId)).run().upload();
    if (u == null) {
      throw new IllegalStateException(
          "qharness's upload recorded no figures; see "
              + options.workDir().resolve("qharness.log"));
    }
    return new ProcessCost(
        ClientCost.QHARNESS,
        0,
        u.points(),
        0,
        u.seconds(),
        u.cpuSeconds(),
        -1,
        u.peakRssBytes(),
        Double.NaN);
  }

  private int young() {
    return JvmDefaults.youngMb(options.dim(), options.batchSize(), options.parallelism());
  }

  private void run(String name, List<String> command) throws IOException, InterruptedException {
    Path log = options.workDir().resolve(name + ".log");
    Process p = ChildJvm.run(name, command, log, limitSeconds());
    if (p.exitValue() != 0) {
      throw new IllegalStateException(name + " exited with code " + p.exitValue() + "; see " + log);
    }
  }
}
