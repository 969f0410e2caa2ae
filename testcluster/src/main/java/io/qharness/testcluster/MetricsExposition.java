package io.qharness.testcluster;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Renders a test node's {@code /metrics} as Qdrant 1.19 does (names, types, labels, and which
 * families appear when; compared with a sample captured from the real server in GoldenSamplesTest),
 * so dashboards and alerts written for Qdrant read the test cluster unchanged. Collection gauges
 * count this node's local replicas, as a Qdrant peer reports its own shards; memory gauges estimate
 * the bytes its replicas hold. The double serves no data over REST, so it never exports Qdrant's
 * {@code rest_responses_*} families (Qdrant exports only data endpoints).
 */
final class MetricsExposition {
  private MetricsExposition() {}

  static String render(TestNode node, TestCluster owner) {
    PrometheusText t = new PrometheusText();
    t.family("app_info", "gauge", "information about qdrant server")
        .sample(
            "app_info",
            1,
            "name",
            "qharness-testcluster",
            "version",
            TestCluster.EMULATED_QDRANT_VERSION);
    t.family("app_status_recovery_mode", "gauge", "features enabled in qdrant server")
        .sample("app_status_recovery_mode", 0);
    long bytes = collections(t, node);
    cluster(t, node);
    responses(t, node.metrics().responses());
    memory(t, bytes);
    return t.toString();
  }

  /** Collection families; returns the bytes this node's replicas hold. */
  private static long collections(PrometheusText t, TestNode node) {
    ClusterState cluster = node.cluster();
    long vectors = 0;
    long bytes = 0;
    int minActive = Integer.MAX_VALUE;
    int maxActive = 0;
    int dead = 0;
    PrometheusText perCollection = new PrometheusText();
    PrometheusText optimising = new PrometheusText();
    for (TestCollection c : cluster.collections.values()) {
      long local = 0;
      for (List<Replica> shard : c.shards) {
        int active = 0;
        for (Replica r : shard) {
          if (cluster.serving(r.node) && !r.missedWrites) {
            active++;
          } else {
            dead++;
          }
          if (r.node == node.index()) {
            local += r.store.size();
            bytes += r.store.approximateBytes();
          }
        }
        minActive = Math.min(minActive, active);
        maxActive = Math.max(maxActive, active);
      }
      vectors += local;
      perCollection.sample("collection_points", local, "id", c.name);
      optimising.sample(
          "collection_running_optimizations",
          System.nanoTime() < c.optimisingUntilNanos ? 1 : 0,
          "id",
          c.name);
    }
    t.family("collections_total", "gauge", "number of collections")
        .sample("collections_total", cluster.collections.size());
    t.family("collections_vector_total", "gauge", "total number of vectors in all collections")
        .sample("collections_vector_total", vectors);
    // as Qdrant: the replica gauges exist (0) before any collection; per-collection families only
    // with one
    t.family(
            "collection_active_replicas_min",
            "gauge",
            "minimum number of active replicas across all shards")
        .sample("collection_active_replicas_min", minActive == Integer.MAX_VALUE ? 0 : minActive);
    t.family(
            "collection_active_replicas_max",
            "gauge",
            "maximum number of active replicas across all shards")
        .sample("collection_active_replicas_max", maxActive);
    t.family(
            "collection_dead_replicas",
            "gauge",
            "total amount of shard replicas in non-active state")
        .sample("collection_dead_replicas", dead);
    if (!cluster.collections.isEmpty()) {
      t.family(
              "collection_running_optimizations",
              "gauge",
              "number of currently running optimization tasks per collection")
          .raw(optimising.toString());
      t.family("collection_points", "gauge", "approximate amount of points per collection")
          .raw(perCollection.toString());
    }
    return bytes;
  }

  private static void cluster(PrometheusText t, TestNode node) {
    ClusterState cluster = node.cluster();
    t.family("cluster_enabled", "gauge", "is cluster support enabled").sample("cluster_enabled", 1);
    t.family("cluster_peers_total", "gauge", "total number of cluster peers")
        .sample("cluster_peers_total", cluster.members().size());
    t.family("cluster_term", "counter", "current cluster term")
        .sample("cluster_term", cluster.term.get());
    t.family(
            "cluster_commit",
            "counter",
            "index of last committed (finalized) operation cluster peer is aware of")
        .sample("cluster_commit", cluster.commit.get(), "peer_id", Long.toString(node.peerId()));
    t.family(
            "cluster_pending_operations_total",
            "gauge",
            "total number of pending operations for cluster peer")
        .sample("cluster_pending_operations_total", 0);
    t.family("cluster_voter", "gauge", "is cluster peer a voter or learner")
        .sample("cluster_voter", 1);
    t.family("cluster_working_state", "gauge", "working state of the cluster")
        .sample("cluster_working_state", 1, "state", "working")
        .sample("cluster_working_state", 0, "state", "stopped");
  }

  /**
   * gRPC responses per endpoint (Qdrant exports only the Points service) and status code: a failure
   * is a response whose {@code status} is not "0"; timings are kept for every status.
   */
  private static void responses(
      PrometheusText t, Map<NodeMetrics.Key, NodeMetrics.EndpointStats> all) {
    all.keySet().removeIf(k -> !k.endpoint().startsWith("/qdrant.Points/"));
    if (all.isEmpty()) {
      return; // a family with no samples is absent, as in Qdrant
    }
    t.family("grpc_responses_total", "counter", "total number of responses");
    all.forEach((k, s) -> t.sample("grpc_responses_total", s.count.sum(), labels(k)));
    t.family("grpc_responses_avg_duration_seconds", "gauge", "average response duration");
    all.forEach(
        (k, s) ->
            t.sample(
                "grpc_responses_avg_duration_seconds",
                s.sumNanos.sum() / 1e9 / Math.max(1, s.count.sum()),
                labels(k)));
    t.family("grpc_responses_min_duration_seconds", "gauge", "minimum response duration");
    all.forEach(
        (k, s) ->
            t.sample(
                "grpc_responses_min_duration_seconds",
                s.minNanos.get() == Long.MAX_VALUE ? 0 : s.minNanos.get() / 1e9,
                labels(k)));
    t.family("grpc_responses_max_duration_seconds", "gauge", "maximum response duration");
    all.forEach(
        (k, s) ->
            t.sample("grpc_responses_max_duration_seconds", s.maxNanos.get() / 1e9, labels(k)));
    t.family("grpc_responses_duration_seconds", "histogram", "response duration histogram");
    all.forEach((k, s) -> histogram(t, "grpc_responses_duration_seconds", s, labels(k)));
  }

  private static String[] labels(NodeMetrics.Key k) {
    return new String[] {"endpoint", k.endpoint(), "status", Integer.toString(k.status())};
  }

  /** A cumulative Prometheus histogram (buckets, sum, count) of one series' durations. */
  private static void histogram(
      PrometheusText t, String name, NodeMetrics.EndpointStats s, String... labels) {
    long cumulative = 0;
    for (int i = 0; i < NodeMetrics.BUCKETS.length; i++) {
      cumulative += s.buckets[i].sum();
      t.sample(
          name + "_bucket",
          cumulative,
          with(labels, "le", PrometheusText.format(NodeMetrics.BUCKETS[i])));
    }
    t.sample(name + "_bucket", s.count.sum(), with(labels, "le", "+Inf"));
    t.sample(name + "_sum", s.sumNanos.sum() / 1e9, labels);
    t.sample(name + "_count", s.count.sum(), labels);
  }

  private static String[] with(String[] labels, String name, String value) {
    String[] out = Arrays.copyOf(labels, labels.length + 2);
    out[labels.length] = name;
    out[labels.length + 1] = value;
    return out;
  }

  private static void memory(PrometheusText t, long bytes) {
    long overhead = 8L << 20;
    t.family(
            "memory_active_bytes",
            "gauge",
            "Total number of bytes in active pages allocated by the application")
        .sample("memory_active_bytes", bytes + overhead);
    t.family(
            "memory_allocated_bytes", "gauge", "Total number of bytes allocated by the application")
        .sample("memory_allocated_bytes", bytes);
    t.family(
            "memory_resident_bytes",
            "gauge",
            "Maximum number of bytes in physically resident data pages mapped")
        .sample("memory_resident_bytes", bytes + overhead);
  }
}
