package io.qharness.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * What one node's {@code GET /telemetry?details_level=4} says about one collection: the node's own
 * (local) shard replicas, their state, and their segments with the per-segment search-path
 * counters. Qdrant reports only local replicas here, so every replica is seen once across all
 * nodes.
 *
 * @param indexingThresholdKb the collection's optimizers indexing_threshold (segments with at least
 *     this many KB of vectors get an HNSW index); null when the node did not say
 * @param fullScanThresholdKb the collection's HNSW full_scan_threshold (an indexed segment with
 *     fewer KB of vectors is still searched by plain scan); null when the node did not say
 */
public record CollectionTelemetry(
    String node,
    String collection,
    List<Replica> replicas,
    Long indexingThresholdKb,
    Long fullScanThresholdKb,
    Map<String, Long> namedBytesPerVector,
    java.util.Set<String> sparseVectors) {

  /** A collection with one unnamed dense vector. */
  public CollectionTelemetry(
      String node,
      String collection,
      List<Replica> replicas,
      Long indexingThresholdKb,
      Long fullScanThresholdKb) {
    this(
        node,
        collection,
        replicas,
        indexingThresholdKb,
        fullScanThresholdKb,
        Map.of(),
        java.util.Set.of());
  }

  /** The telemetry request: level 4 is the first with segments and their search counters. */
  public static final String PATH = "/telemetry?details_level=4";

  /** One local replica of a shard. */
  public record Replica(
      int shard,
      String status,
      long updateQueueLength,
      int runningOptimizations,
      List<Segment> segments,
      Usage usage) {}

  /**
   * What a replica holds and what its optimiser has done since the node started: points, the bytes
   * of their vectors and payloads as Qdrant counts them, and the optimisations finished with their
   * total time.
   */
  public record Usage(long points, long dataBytes, long optimizations, long optimizationMicros) {
    public static final Usage NONE = new Usage(0, 0, 0, 0);
  }

  /**
   * One segment: its vectors, how many are in an HNSW index, their bytes, and how many searches
   * each search path served since the node started (or since the segment was built).
   */
  public record Segment(
      String uuid,
      boolean hnsw,
      long vectors,
      long indexedVectors,
      long vectorBytes,
      Map<SearchPath, Long> searches,
      Map<String, long[]> byVector) {

    /** A segment of a collection with one unnamed vector. */
    public Segment(
        String uuid,
        boolean hnsw,
        long vectors,
        long indexedVectors,
        long vectorBytes,
        Map<SearchPath, Long> searches) {
      this(uuid, hnsw, vectors, indexedVectors, vectorBytes, searches, Map.of());
    }
  }

  /** The collection in a node's telemetry answer, or null when the node holds no replica of it. */
  public static CollectionTelemetry parse(String node, String collection, JsonNode telemetry) {
    for (JsonNode c : telemetry.path("result").path("collections").path("collections")) {
      if (!collection.equals(c.path("id").asText())) {
        continue;
      }
      List<Replica> replicas = new ArrayList<>();
      for (JsonNode shard : c.path("shards")) {
        JsonNode local = shard.path("local");
        if (local.isMissingNode() || local.isNull()) {
          continue;
        }
        replicas.add(
            new Replica(
                shard.path("id").asInt(),
                local.path("status").asText("unknown"),
                local.path("update_queue").path("length").asLong(0),
                running(local.path("optimizations").path("log")),
                segments(local),
                new Usage(
                    local.path("num_points").asLong(0),
                    local.path("vectors_size_bytes").asLong(0)
                        + local.path("payloads_size_bytes").asLong(0),
                    local.path("optimizations").path("optimizations").path("count").asLong(0),
                    local
                        .path("optimizations")
                        .path("optimizations")
                        .path("total_duration_micros")
                        .asLong(0))));
      }
      JsonNode config = c.path("config");
      return new CollectionTelemetry(
          node,
          collection,
          List.copyOf(replicas),
          number(config.path("optimizer_config").path("indexing_threshold")),
          number(config.path("hnsw_config").path("full_scan_threshold")),
          namedBytes(config.path("params").path("vectors")),
          names(config.path("params").path("sparse_vectors")));
    }
    return null;
  }

  /**
   * Bytes of one vector per named dense vector (size x element bytes); multivectors, whose count
   * per point varies, are left out. Empty for a collection with one unnamed vector.
   */
  private static Map<String, Long> namedBytes(JsonNode vectors) {
    if (!vectors.isObject() || vectors.has("size")) {
      return Map.of();
    }
    Map<String, Long> out = new java.util.LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = vectors.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode p = e.getValue();
      if (p.hasNonNull("multivector_config")) {
        continue;
      }
      String type = p.path("datatype").asText("float32").toLowerCase(java.util.Locale.ROOT);
      long element = type.equals("uint8") ? 1 : type.equals("float16") ? 2 : 4;
      out.put(e.getKey(), p.path("size").asLong() * element);
    }
    return Map.copyOf(out);
  }

  private static java.util.Set<String> names(JsonNode map) {
    java.util.Set<String> out = new java.util.HashSet<>();
    map.fieldNames().forEachRemaining(out::add);
    return java.util.Set.copyOf(out);
  }

  private static Long number(JsonNode n) {
    return n.isNumber() ? n.asLong() : null;
  }

  /**
   * Optimisations in the log that have not finished ("optimizing"; done, cancelled and error ones
   * have).
   */
  private static int running(JsonNode log) {
    int n = 0;
    for (JsonNode entry : log) {
      if ("optimizing".equalsIgnoreCase(entry.path("status").asText())) {
        n++;
      }
    }
    return n;
  }

  private static List<Segment> segments(JsonNode local) {
    List<Segment> out = new ArrayList<>();
    for (JsonNode s : local.path("segments")) {
      JsonNode info = s.path("info");
      Map<SearchPath, Long> searches = new EnumMap<>(SearchPath.class);
      for (JsonNode perVector : s.path("vector_index_searches")) {
        for (Iterator<Map.Entry<String, JsonNode>> it = perVector.fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> e = it.next();
          SearchPath path = SearchPath.ofTelemetryKey(e.getKey());
          long count = e.getValue().path("count").asLong(0);
          if (path != null && count > 0) {
            searches.merge(path, count, Long::sum);
          }
        }
      }
      Map<String, long[]> byVector = new java.util.HashMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = info.path("vector_data").fields();
          it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        byVector.put(
            e.getKey(),
            new long[] {
              e.getValue().path("num_vectors").asLong(),
              e.getValue().path("num_indexed_vectors").asLong()
            });
      }
      out.add(
          new Segment(
              info.path("uuid").asText(),
              "indexed".equals(info.path("segment_type").asText()),
              info.path("num_vectors").asLong(),
              info.path("num_indexed_vectors").asLong(),
              info.path("vectors_size_bytes").asLong(),
              Map.copyOf(searches),
              Map.copyOf(byVector)));
    }
    return List.copyOf(out);
  }

  /**
   * Vectors in segments big enough for the optimiser to index (at least indexing_threshold KB of
   * vectors), and how many of them are indexed: equal when indexing is done. A threshold of 0
   * disables indexing (nothing expected).
   */
  public long[] indexedOfExpected() {
    long expected = 0;
    long indexed = 0;
    if (indexingThresholdKb == null || indexingThresholdKb == 0) {
      return new long[] {0, 0};
    }
    long thresholdBytes = indexingThresholdKb * 1024;
    boolean named = !namedBytesPerVector.isEmpty() || !sparseVectors.isEmpty();
    for (Replica r : replicas) {
      for (Segment s : r.segments()) {
        if (named) {
          // Qdrant indexes each named vector on its own size; sparse ones are always indexed
          for (Map.Entry<String, long[]> v : s.byVector().entrySet()) {
            long n = v.getValue()[0];
            Long bytes = namedBytesPerVector.get(v.getKey());
            boolean sparse = sparseVectors.contains(v.getKey());
            if (sparse || (bytes != null && n * bytes >= thresholdBytes)) {
              expected += n;
              indexed += Math.min(v.getValue()[1], n);
            }
          }
        } else if (s.vectorBytes() >= thresholdBytes) {
          expected += s.vectors();
          indexed += Math.min(s.indexedVectors(), s.vectors());
        }
      }
    }
    return new long[] {indexed, expected};
  }
}
