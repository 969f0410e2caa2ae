package io.qharness.testcluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.qdrant.client.grpc.Collections.CollectionStatus;
import io.qdrant.client.grpc.Collections.CreateCollection;
import io.qdrant.client.grpc.Collections.Distance;
import io.qdrant.client.grpc.Collections.GetCollectionInfoRequest;
import io.qdrant.client.grpc.Collections.HnswConfigDiff;
import io.qdrant.client.grpc.Collections.OptimizersConfigDiff;
import io.qdrant.client.grpc.Collections.VectorParams;
import io.qdrant.client.grpc.Collections.VectorsConfig;
import io.qdrant.client.grpc.CollectionsGrpc;
import io.qdrant.client.grpc.Common.Condition;
import io.qdrant.client.grpc.Common.FieldCondition;
import io.qdrant.client.grpc.Common.Filter;
import io.qdrant.client.grpc.Common.Match;
import io.qdrant.client.grpc.Common.PointId;
import io.qdrant.client.grpc.JsonWithInt.Value;
import io.qdrant.client.grpc.Points.DenseVector;
import io.qdrant.client.grpc.Points.PointStruct;
import io.qdrant.client.grpc.Points.SearchParams;
import io.qdrant.client.grpc.Points.SearchPoints;
import io.qdrant.client.grpc.Points.UpsertPoints;
import io.qdrant.client.grpc.Points.Vector;
import io.qdrant.client.grpc.Points.Vectors;
import io.qdrant.client.grpc.PointsGrpc;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * Samples of what a Qdrant server exposes, captured from the real 1.19.0 server after a fixed
 * sequence of calls and kept in {@code src/test/resources/golden/}: the test double is compared
 * with them, so that what it models (metric names, labels, which families appear when; the
 * telemetry qharness reads) stays Qdrant's. {@code GoldenSamplesIT} re-captures them from the real
 * server and fails when they drift; {@code -Dqharness.updateGolden=true} rewrites them.
 */
final class GoldenSamples {
  static final String VERSION = "qdrant-1.19.0";
  static final String COLLECTION = "golden";
  static final Path DIR = Path.of("src", "test", "resources", "golden", VERSION);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

  private GoldenSamples() {}

  /** The telemetry qharness reads (CollectionTelemetry): search paths, index readiness. */
  static final List<String> READ_PATHS;

  static {
    String c = "/result/collections/collections/[*]";
    String local = c + "/shards/[*]/local";
    String segment = local + "/segments/[*]";
    READ_PATHS =
        List.of(
            c + "/id",
            c + "/config/hnsw_config/full_scan_threshold",
            c + "/config/optimizer_config/indexing_threshold",
            c + "/shards/[*]/id",
            local + "/status",
            local + "/update_queue/length",
            local + "/optimizations/log/[*]/status",
            segment + "/info/uuid",
            segment + "/info/segment_type",
            segment + "/info/num_vectors",
            segment + "/info/num_indexed_vectors",
            segment + "/info/vectors_size_bytes",
            segment + "/vector_index_searches/[*]/unfiltered_hnsw/count",
            segment + "/vector_index_searches/[*]/filtered_small_cardinality/count",
            segment + "/vector_index_searches/[*]/unfiltered_exact/count");
  }

  /**
   * What a server exposed: /metrics before any call, /metrics and /telemetry after the sequence.
   */
  record Capture(String metricsFresh, String metricsAfterLoad, String telemetry) {}

  /**
   * The fixed sequence, through gRPC on node 0: create a collection (2 shards x 2 replicas, indexed
   * from 1 KB, full scan below 10 KB), upsert 1,600 8-d points with a keyword payload, wait until
   * every node reports it green, then unfiltered, filtered and exact searches, one search of a
   * missing collection, and two REST calls (a search, a collection info). Then the captures, from
   * node 0.
   */
  static Capture capture(List<String> grpc, List<String> rest) throws Exception {
    String fresh = get(rest.get(0), "/metrics");
    ManagedChannel channel = NettyChannelBuilder.forTarget(grpc.get(0)).usePlaintext().build();
    try {
      CollectionsGrpc.CollectionsBlockingStub collections =
          CollectionsGrpc.newBlockingStub(channel).withDeadlineAfter(60, TimeUnit.SECONDS);
      PointsGrpc.PointsBlockingStub points =
          PointsGrpc.newBlockingStub(channel).withDeadlineAfter(60, TimeUnit.SECONDS);
      collections.create(
          CreateCollection.newBuilder()
              .setCollectionName(COLLECTION)
              .setVectorsConfig(
                  VectorsConfig.newBuilder()
                      .setParams(VectorParams.newBuilder().setSize(8).setDistance(Distance.Cosine)))
              .setShardNumber(2)
              .setReplicationFactor(2)
              .setHnswConfig(HnswConfigDiff.newBuilder().setFullScanThreshold(10))
              .setOptimizersConfig(OptimizersConfigDiff.newBuilder().setIndexingThreshold(1))
              .build());
      Random random = new Random(7);
      UpsertPoints.Builder up =
          UpsertPoints.newBuilder().setCollectionName(COLLECTION).setWait(true);
      for (int i = 0; i < 1600; i++) {
        DenseVector.Builder v = DenseVector.newBuilder();
        for (int d = 0; d < 8; d++) {
          v.addData(random.nextFloat());
        }
        up.addPoints(
            PointStruct.newBuilder()
                .setId(PointId.newBuilder().setNum(i))
                .setVectors(Vectors.newBuilder().setVector(Vector.newBuilder().setDense(v)))
                .putPayload(
                    "category", Value.newBuilder().setStringValue(i % 3 == 0 ? "a" : "b").build()));
      }
      points.upsert(up.build());
      for (String node : grpc) {
        awaitGreen(node);
      }
      SearchPoints.Builder search =
          SearchPoints.newBuilder().setCollectionName(COLLECTION).setLimit(5);
      for (int i = 0; i < 8; i++) {
        search.addVector(random.nextFloat());
      }
      Filter filter =
          Filter.newBuilder()
              .addMust(
                  Condition.newBuilder()
                      .setField(
                          FieldCondition.newBuilder()
                              .setKey("category")
                              .setMatch(Match.newBuilder().setKeyword("a"))))
              .build();
      for (int i = 0; i < 3; i++) {
        points.search(search.build());
        points.search(search.clone().setFilter(filter).build());
        points.search(search.clone().setParams(SearchParams.newBuilder().setExact(true)).build());
      }
      try { // a failed call: how failures are labelled
        points.search(search.clone().setCollectionName("missing").build());
      } catch (StatusRuntimeException expected) {
        // NOT_FOUND
      }
    } finally {
      channel.shutdownNow();
    }
    // REST: a data endpoint (exported in rest_responses_*; the test double does not serve it) and
    // an admin one (not exported)
    post(
        rest.get(0),
        "/collections/" + COLLECTION + "/points/search",
        "{\"vector\":[0.1,0.2,0.3,0.4,0.5,0.6,0.7,0.8],\"limit\":3}");
    get(rest.get(0), "/collections/" + COLLECTION);
    return new Capture(
        fresh, get(rest.get(0), "/metrics"), get(rest.get(0), "/telemetry?details_level=4"));
  }

  private static void awaitGreen(String grpc) throws InterruptedException {
    ManagedChannel channel = NettyChannelBuilder.forTarget(grpc).usePlaintext().build();
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (System.nanoTime() < deadline) {
        var info =
            CollectionsGrpc.newBlockingStub(channel)
                .withDeadlineAfter(10, TimeUnit.SECONDS)
                .get(GetCollectionInfoRequest.newBuilder().setCollectionName(COLLECTION).build())
                .getResult();
        if (info.getStatus() == CollectionStatus.Green
            && info.getIndexedVectorsCount() == info.getPointsCount()) {
          return;
        }
        Thread.sleep(200);
      }
      throw new IllegalStateException(grpc + ": collection not green and indexed within 60 s");
    } finally {
      channel.shutdownNow();
    }
  }

  static String get(String rest, String path) throws IOException, InterruptedException {
    HttpResponse<String> r =
        HTTP.send(
            HttpRequest.newBuilder(URI.create("http://" + rest + path))
                .timeout(Duration.ofSeconds(10))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IOException(
          "GET " + path + " on " + rest + ": HTTP " + r.statusCode() + " " + r.body());
    }
    return r.body();
  }

  /** POST with a JSON body; the answer is not checked (the test double refuses data over REST). */
  static void post(String rest, String path, String body) throws IOException, InterruptedException {
    HTTP.send(
        HttpRequest.newBuilder(URI.create("http://" + rest + path))
            .timeout(Duration.ofSeconds(10))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static Capture load() {
    try {
      return new Capture(
          Files.readString(DIR.resolve("metrics-fresh.txt")),
          Files.readString(DIR.resolve("metrics-after-load.txt")),
          Files.readString(DIR.resolve("telemetry.json")));
    } catch (IOException e) {
      throw new UncheckedIOException(
          "golden samples missing under "
              + DIR
              + "; capture them with GoldenSamplesIT -Dqharness.updateGolden=true",
          e);
    }
  }

  static void save(Capture c) throws IOException {
    Files.createDirectories(DIR);
    Files.writeString(DIR.resolve("metrics-fresh.txt"), c.metricsFresh(), StandardCharsets.UTF_8);
    Files.writeString(
        DIR.resolve("metrics-after-load.txt"), c.metricsAfterLoad(), StandardCharsets.UTF_8);
    Files.writeString(
        DIR.resolve("telemetry.json"),
        JSON.writerWithDefaultPrettyPrinter().writeValueAsString(JSON.readTree(c.telemetry())),
        StandardCharsets.UTF_8);
  }

  /**
   * A metric family as exposed: its type, the names of its labels and, for a histogram, its bucket
   * bounds.
   */
  record Family(String type, TreeSet<String> labels, TreeSet<String> buckets) {}

  /** Families of a Prometheus text exposition, by name. */
  static Map<String, Family> families(String exposition) {
    Map<String, Family> out = new TreeMap<>();
    Map<String, String> types = new TreeMap<>();
    for (String line : exposition.split("\n")) {
      if (line.startsWith("# TYPE ")) {
        String[] p = line.split(" ");
        types.put(p[2], p[3]);
      }
    }
    for (String line : exposition.split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      int brace = line.indexOf('{');
      int space = line.indexOf(' ');
      String sample =
          brace >= 0 && brace < space ? line.substring(0, brace) : line.substring(0, space);
      String family =
          types.containsKey(sample) ? sample : sample.replaceAll("_(bucket|sum|count)$", "");
      Family f =
          out.computeIfAbsent(
              family,
              k -> new Family(types.getOrDefault(k, "untyped"), new TreeSet<>(), new TreeSet<>()));
      if (brace >= 0 && brace < space) {
        for (String pair : line.substring(brace + 1, line.indexOf('}')).split(",(?=[a-zA-Z_]+=)")) {
          String label = pair.substring(0, pair.indexOf('='));
          if (label.equals("le")) {
            f.buckets().add(pair.substring(pair.indexOf('=') + 2, pair.length() - 1));
          } else {
            f.labels().add(label);
          }
        }
      }
    }
    return out;
  }

  /**
   * Every JSON path of a document (array elements as [*], numeric keys such as peer ids as {id})
   * with its JSON type, e.g. {@code /result/app/version: STRING}.
   */
  static Map<String, String> shape(JsonNode node) {
    Map<String, String> out = new TreeMap<>();
    shape(node, "", out);
    return out;
  }

  private static void shape(JsonNode n, String path, Map<String, String> out) {
    out.merge(
        path.isEmpty() ? "/" : path,
        n.getNodeType().name(),
        (a, b) -> a.equals(b) ? a : a + "|" + b);
    if (n.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        // keys that are data (peer ids) are not schema; counter names are
        shape(e.getValue(), path + "/" + (e.getKey().matches("\\d+") ? "{id}" : e.getKey()), out);
      }
    } else if (n.isArray()) {
      for (JsonNode e : n) {
        shape(e, path + "/[*]", out);
      }
    }
  }

  static JsonNode json(String s) {
    try {
      return JSON.readTree(s);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
