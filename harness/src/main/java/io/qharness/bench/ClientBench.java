package io.qharness.bench;

import static io.qdrant.client.PointIdFactory.id;
import static io.qdrant.client.VectorsFactory.vectors;

import io.qdrant.client.QdrantClient;
import io.qdrant.client.QdrantGrpcClient;
import io.qdrant.client.grpc.Collections.CollectionInfo;
import io.qdrant.client.grpc.Collections.CreateCollection;
import io.qdrant.client.grpc.Collections.Distance;
import io.qdrant.client.grpc.Collections.VectorParams;
import io.qdrant.client.grpc.Collections.VectorsConfig;
import io.qdrant.client.grpc.Points.PointStruct;
import io.qdrant.client.grpc.Points.UpsertPoints;
import io.qharness.results.Json;
import io.qharness.results.MachineInfo;
import io.qharness.run.GatlingLauncher;
import io.qharness.workload.SyntheticVectors;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The client-cost benchmark: at each rate, the floor (plain {@code io.qdrant:client}, {@link
 * FloorClient}) and qharness ({@link ClientBenchSimulation} in a Gatling JVM) send the same top-k
 * searches, each in its own JVM, back to back; each measures its own process's CPU per search and
 * resident memory over the same window. Against the {@link StubQdrantServer} (in this process) the
 * server costs nothing; against a real cluster the figures include what its responses cost to read.
 */
public final class ClientBench {
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
        ProcessCost floor =
            measure(
                ClientCost.FLOOR, floorCommand(spec.with(rate, true, out(ClientCost.FLOOR, rate))));
        ProcessCost qharness =
            measure(
                ClientCost.QHARNESS,
                gatlingCommand(spec.with(rate, true, out(ClientCost.QHARNESS, rate))));
        ProcessCost lean =
            measure(
                ClientCost.LEAN,
                gatlingCommand(spec.with(rate, false, out(ClientCost.LEAN, rate))));
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

  private Path out(String client, double rate) {
    return options.workDir().resolve(String.format(Locale.ROOT, "%s-%.0f.json", client, rate));
  }

  private List<String> floorCommand(BenchSpec spec) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("--add-modules=jdk.incubator.vector");
    cmd.addAll(options.jvmOptions());
    cmd.add("-cp");
    cmd.add(classpath);
    spec.properties().forEach((k, v) -> cmd.add("-D" + k + "=" + v));
    cmd.add(FloorClient.class.getName());
    return cmd;
  }

  private List<String> gatlingCommand(BenchSpec spec) {
    GatlingLauncher g =
        new GatlingLauncher(
                classpath,
                ClientBenchSimulation.class.getName(),
                options.workDir().resolve("gatling"))
            .jvmOptions(options.jvmOptions())
            .noReport(!options.gatlingReport());
    spec.properties().forEach(g::property);
    return g.command();
  }

  private ProcessCost measure(String client, List<String> command)
      throws IOException, InterruptedException {
    double rate = Double.parseDouble(property(command, "rate"));
    Path outFile = out(client, rate);
    Files.deleteIfExists(outFile);
    Path log = options.workDir().resolve(String.format(Locale.ROOT, "%s-%.0f.log", client, rate));
    Process p =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    long limit = options.warmupSeconds() + options.seconds() + 180L;
    if (!p.waitFor(limit, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException(
          client + " at " + rate + "/s did not finish within " + limit + " s; see " + log);
    }
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
    return Json.MAPPER.readValue(outFile.toFile(), ProcessCost.class);
  }

  private static String property(List<String> command, String name) {
    String prefix = "-Dqharness.bench." + name + "=";
    return command.stream()
        .filter(a -> a.startsWith(prefix))
        .findFirst()
        .orElseThrow()
        .substring(prefix.length());
  }

  /**
   * Loads the benchmark's points into a real cluster unless the collection already holds them: the
   * ground truth is exact over exactly those points.
   */
  private void load(List<String> hosts) throws InterruptedException {
    String h = hosts.get(0);
    int colon = h.lastIndexOf(':');
    try (QdrantClient client =
        new QdrantClient(
            QdrantGrpcClient.newBuilder(
                    h.substring(0, colon), Integer.parseInt(h.substring(colon + 1)), false, false)
                .build())) {
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
