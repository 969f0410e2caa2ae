package io.qharness.testcluster;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * A test node's {@code GET /telemetry?details_level=4}, in Qdrant 1.19's shape but only the parts
 * qharness reads (checked against a sample captured from the real server): per collection its
 * config's thresholds and, per local replica, its state and its one segment with the search-path
 * counters of {@link SearchPathModel}.
 */
final class TelemetryExposition {
  private TelemetryExposition() {}

  static Map<String, Object> render(TestNode node) {
    ClusterState cluster = node.cluster();
    List<Map<String, Object>> collections = new ArrayList<>();
    for (String name : new TreeSet<>(cluster.collections.keySet())) {
      TestCollection c = cluster.collections.get(name);
      if (c != null) {
        collections.add(collection(node, c));
      }
    }
    Map<String, Object> app = new LinkedHashMap<>();
    app.put("name", "qharness-testcluster");
    app.put("version", TestCluster.EMULATED_QDRANT_VERSION);
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("id", "qharness-test-double-node" + (node.index() + 1));
    result.put("app", app);
    result.put(
        "collections",
        Map.of("number_of_collections", collections.size(), "collections", collections));
    return result;
  }

  private static Map<String, Object> collection(TestNode node, TestCollection c) {
    Map<String, Object> hnsw = new LinkedHashMap<>();
    hnsw.put("m", SearchPathModel.m(c.request));
    hnsw.put("full_scan_threshold", SearchPathModel.fullScanThresholdKb(c.request));
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("hnsw_config", hnsw);
    config.put(
        "optimizer_config",
        Map.of("indexing_threshold", SearchPathModel.indexingThresholdKb(c.request)));
    List<Map<String, Object>> shards = new ArrayList<>();
    for (List<Replica> shard : c.shards) {
      for (Replica r : shard) {
        if (r.node == node.index()) {
          shards.add(Map.of("id", r.shardId, "local", local(c, r)));
        }
      }
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("id", c.name);
    out.put("config", config);
    out.put("shards", shards);
    return out;
  }

  private static Map<String, Object> local(TestCollection c, Replica r) {
    int vectors = r.store.size();
    boolean indexed = SearchPathModel.indexed(c, vectors);
    Map<String, Object> info = new LinkedHashMap<>();
    info.put("uuid", r.segmentUuid);
    info.put("segment_type", indexed ? "indexed" : "plain");
    info.put("num_vectors", vectors);
    info.put("num_points", vectors);
    info.put("num_indexed_vectors", indexed ? vectors : 0);
    info.put("vectors_size_bytes", SearchPathModel.vectorBytes(c, vectors));
    info.put("is_appendable", !indexed);
    Map<String, Object> searches = new LinkedHashMap<>();
    searches.put("index_name", "");
    r.searches().forEach((path, count) -> searches.put(path, Map.of("count", count)));
    Map<String, Object> segment = new LinkedHashMap<>();
    segment.put("info", info);
    segment.put("vector_index_searches", List.of(searches));
    boolean optimising = System.nanoTime() < c.optimisingUntilNanos;
    Map<String, Object> local = new LinkedHashMap<>();
    local.put("variant_name", "local shard");
    local.put(
        "status",
        c.optimiserError != null
            ? "red"
            : c.optimisationsPending ? "grey" : optimising ? "yellow" : "green");
    local.put("num_points", vectors);
    local.put("num_vectors", vectors);
    // as Qdrant 1.19 reports them per shard; the double does not size payloads, so that is left out
    local.put("vectors_size_bytes", SearchPathModel.vectorBytes(c, vectors));
    local.put("segments", List.of(segment));
    // Qdrant logs each optimisation; the double's index is built at once, so its entry says done
    List<Map<String, Object>> log = new ArrayList<>();
    if (indexed) {
      log.add(Map.of("name", "indexing", "status", "done"));
    }
    if (optimising) {
      log.add(Map.of("name", "indexing", "status", "optimizing"));
    }
    local.put(
        "optimizations",
        Map.of(
            "status",
            "ok",
            "optimizations",
            Map.of("count", indexed ? 1 : 0, "total_duration_micros", 0),
            "log",
            log));
    local.put("update_queue", Map.of("length", 0));
    return local;
  }
}
