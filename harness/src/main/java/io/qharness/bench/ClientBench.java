package io.qharness.bench;

import static io.qdrant.client.PointIdFactory.id;
import static io.qdrant.client.VectorsFactory.vectors;

import io.qdrant.client.QdrantClient;
import io.qdrant.client.grpc.Collections.CollectionInfo;
import io.qdrant.client.grpc.Collections.CreateCollection;
import io.qdrant.client.grpc.Collections.Distance;
import io.qdrant.client.grpc.Collections.VectorParams;
import io.qdrant.client.grpc.Collections.VectorsConfig;
import io.qdrant.client.grpc.Points.PointStruct;
import io.qdrant.client.grpc.Points.UpsertPoints;
import io.qharness.results.MachineInfo;
import io.qharness.run.GatlingLauncher;
import io.qharness.run.JvmDefaults;
import io.qharness.workload.vectors.SyntheticVectors;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;

/**
 * The client-cost benchmark: at each rate, the floor (plain {@code io.qdrant:client}, {@link
 * FloorClient}) and qharness ({@code ClientBenchSimulation} in a Gatling JVM) send the same top-k
 * searches, each in its own JVM, back to back; each measures its own process's CPU per search and
 * resident memory over the same window. Against the {@link StubQdrantServer} (in this process) the
 * server costs nothing; against a real cluster the figures include what its responses cost to read.
 */
public final class ClientBench {
  /**
   * The measured side's simulation, on the class path of {@code ./qharness} (the simulations
   * module's classes), not in the library jar.
   */
  public static final String SIMULATION = "io.qharness.simulations.ClientBenchSimulation";

  /** The collection the benchmark searches (and loads on a real cluster when missing). */
  public static final String COLLECTION = "qharness_client_bench";

  private static final long SEED = 42;

  /**
   * @param hosts a real cluster's gRPC addresses; empty: the stub server
   * @param rates searches per second, one pair of measurements each
   * @param warmupSeconds load before each window
   * @param seconds each measured window
   * @param dim vector dimension
   * @param k results per search
   * @param points points loaded into a real cluster (ground truth is exact over them)
   * @param jvmOptions options of both child JVMs, e.g. -Xmx512m
   * @param gatlingReport let Gatling write its report data (as {@code mvn gatling:test} does)
   * @param workDir the child JVMs' logs and outputs
   */
  public record Options(
      List<String> hosts,
      List<Double> rates,
      int warmupSeconds,
      int seconds,
      int dim,
      int k,
      long points,
      List<String> jvmOptions,
      boolean gatlingReport,
      Path workDir) {}

  private final Options options;
  private final String classpath;
  private final PrintWriter out;

  public ClientBench(Options options, String classpath, PrintWriter out) {
    this.options = options;
    this.classpath = classpath;
    this.out = out;
  }

  public ClientCost run() throws IOException, InterruptedException {
    if (ClientBench.class.getClassLoader().getResource(SIMULATION.replace('.', '/') + ".class")
        == null) {
      throw new IllegalStateException(
          "selfbench client measures qharness with "
              + SIMULATION
              + ", which is not on this class path (it ships with the simulations module, not the"
              + " library jar); run it with ./qharness from a qharness checkout");
    }
    Files.createDirectories(options.workDir());
    boolean stub = options.hosts().isEmpty();
    StubQdrantServer server = stub ? StubQdrantServer.start(options.k()) : null;
    try {
      List<String> hosts = stub ? List.of(server.address()) : options.hosts();
      if (!stub) {
        load(hosts);
      }
      List<ClientCost.Row> rows = new ArrayList<>();
      for (double rate : options.rates()) {
        BenchSpec spec =
            new BenchSpec(
                hosts,
                COLLECTION,
                stub,
                rate,
                options.warmupSeconds(),
                options.seconds(),
                options.dim(),
                options.k(),
                options.points(),
                SEED,
                true,
                null);
        ProcessCost floor = measure(ClientCost.FLOOR, spec, true);
        ProcessCost qharness = measure(ClientCost.QHARNESS, spec, true);
        ProcessCost lean = measure(ClientCost.LEAN, spec, false);
        ClientCost.Row row = new ClientCost.Row(rate, floor, qharness, lean);
        rows.add(row);
        out.printf(
            Locale.ROOT,
            "  %.0f/s: floor %.1f CPU µs/search, qharness %.1f (x%.2f), lean %.1f (x%.2f)%n",
            rate,
            floor.cpuMicrosPerRequest(),
            qharness.cpuMicrosPerRequest(),
            row.ratio(),
            lean.cpuMicrosPerRequest(),
            row.leanRatio());
        out.flush();
      }
      return new ClientCost(
          1,
          stub ? "stub" : String.join(",", hosts),
          MachineInfo.current(),
          String.format(
              Locale.ROOT,
              "warm-up %d s, window %d s, dim %d, top-%d, %d points, jvm %s, Gatling report %s",
              options.warmupSeconds(),
              options.seconds(),
              options.dim(),
              options.k(),
              options.points(),
              options.jvmOptions().isEmpty() ? "defaults" : String.join(" ", options.jvmOptions()),
              options.gatlingReport() ? "on" : "off"),
          rows);
    } finally {
      if (server != null) {
        server.close();
      }
    }
  }

  private List<String> floorCommand(BenchSpec spec) {
    // the same JVM defaults as the Gatling JVM's, so the two differ in the client alone
    List<String> jvm = JvmDefaults.with(options.jvmOptions(), JvmDefaults.MIN_YOUNG_MB);
    return GatlingLauncher.javaCommand(
        jvm, classpath, spec.properties(), FloorClient.class.getName());
  }

  private List<String> gatlingCommand(BenchSpec spec) {
    GatlingLauncher g =
        new GatlingLauncher(classpath, SIMULATION, options.workDir().resolve("gatling"))
            .jvmOptions(options.jvmOptions())
            .noReport(!options.gatlingReport());
    spec.properties().forEach(g::property);
    return g.command();
  }

  /** One client's process at the spec's rate, in its own JVM; its figures as it wrote them. */
  private ProcessCost measure(String client, BenchSpec rateSpec, boolean gatlingStats)
      throws IOException, InterruptedException {
    double rate = rateSpec.rate();
    String name = String.format(Locale.ROOT, "%s-%.0f", client, rate);
    Path outFile = options.workDir().resolve(name + ".json");
    Path log = options.workDir().resolve(name + ".log");
    BenchSpec spec = rateSpec.with(gatlingStats, outFile);
    List<String> command =
        client.equals(ClientCost.FLOOR) ? floorCommand(spec) : gatlingCommand(spec);
    Files.deleteIfExists(outFile);
    Process p =
        ChildJvm.run(
            client + " at " + rate + "/s",
            command,
            log,
            options.warmupSeconds() + options.seconds() + 180L);
    if (!Files.isRegularFile(outFile)) {
      throw new IllegalStateException(
          client
              + " at "
              + rate
              + "/s exited with code "
              + p.exitValue()
              + " without figures; see "
              + log);
    }
    return ProcessCost.read(outFile);
  }

  /**
   * Loads the benchmark's points into a real cluster unless the collection already holds them: the
   * ground truth is exact over exactly those points.
   */
  private void load(List<String> hosts) throws InterruptedException {
    String h = hosts.get(0);
    try (QdrantClient client = FloorClient.plainClient(h)) {
      if (client.collectionExistsAsync(COLLECTION).get()) {
        CollectionInfo info = client.getCollectionInfoAsync(COLLECTION).get();
        long size = info.getConfig().getParams().getVectorsConfig().getParams().getSize();
        if (info.getPointsCount() == options.points() && size == options.dim()) {
          out.println("  collection " + COLLECTION + " already holds the points");
          return;
        }
        client.deleteCollectionAsync(COLLECTION).get();
      }
      out.printf(
          Locale.ROOT,
          "  loading %d x %d-d points into %s%n",
          options.points(),
          options.dim(),
          COLLECTION);
      out.flush();
      client
          .createCollectionAsync(
              CreateCollection.newBuilder()
                  .setCollectionName(COLLECTION)
                  .setShardNumber(4)
                  .setReplicationFactor(hosts.size() > 1 ? 2 : 1)
                  .setVectorsConfig(
                      VectorsConfig.newBuilder()
                          .setParams(
                              VectorParams.newBuilder()
                                  .setSize(options.dim())
                                  .setDistance(Distance.Cosine)))
                  .build())
          .get();
      SyntheticVectors base = BenchQueries.base(options.dim(), options.points(), SEED);
      float[] v = new float[options.dim()];
      List<PointStruct> batch = new ArrayList<>();
      for (long i = 0; i < options.points(); i++) {
        base.read(i, v);
        batch.add(PointStruct.newBuilder().setId(id(i)).setVectors(vectors(v)).build());
        if (batch.size() == 256 || i == options.points() - 1) {
          client
              .upsertAsync(
                  UpsertPoints.newBuilder()
                      .setCollectionName(COLLECTION)
                      .setWait(true)
                      .addAllPoints(batch)
                      .build())
              .get();
          batch = new ArrayList<>();
        }
      }
    } catch (ExecutionException e) {
      throw new IllegalStateException(
          "could not load the benchmark collection through " + h + ": " + e.getCause(), e);
    }
  }
}
