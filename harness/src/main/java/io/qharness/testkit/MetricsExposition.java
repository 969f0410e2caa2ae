package io.qharness.testkit;

import java.util.List;
import java.util.Map;

/**
 * Renders a test node's {@code /metrics} with Qdrant's metric names and labels (app, collections,
 * cluster, gRPC responses, memory), so dashboards and alerts written for Qdrant read the test
 * cluster unchanged. Collection gauges count this node's local replicas, as a Qdrant peer reports
 * its own shards; memory gauges estimate the bytes its replicas hold.
 */
final class MetricsExposition {
  private MetricsExposition() {}

  static String render(TestNode node, TestCluster owner) {
    ClusterState cluster = node.cluster();
    PrometheusText t = new PrometheusText();
    t.family("app_info", "gauge", "information about qdrant server")
        .sample("app_info", 1, "name", "qharness-testkit", "version", TestCluster.EMULATED_QDRANT_VERSION);
    t.family("app_status_recovery_mode", "gauge", "features enabled in qdrant server")
        .sample("app_status_recovery_mode", 0);

    long vectors = 0;
    long bytes = 0;
    int minActive = Integer.MAX_VALUE;
    int maxActive = 0;
    int dead = 0;
    PrometheusText points = new PrometheusText();
    for (TestCollection c : cluster.collections.values()) {
      long local = 0;
      for (List<Replica> shard : c.shards) {
        int active = 0;
        for (Replica r : shard) {
          boolean serving = cluster.serving(r.node) && !r.missedWrites;
          if (serving) {
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
      points.sample("collection_points", local, "id", c.name);
    }
    t.family("collections_total", "gauge", "number of collections")
        .sample("collections_total", cluster.collections.size());
    t.family("collections_vector_total", "gauge", "total number of vectors in all collections")
        .sample("collections_vector_total", vectors);
    if (!cluster.collections.isEmpty()) {
      t.family("collection_points", "gauge", "approximate amount of points per collection");
      String body = points.toString();
      t.raw(body);
      t.family("collection_active_replicas_min", "gauge", "minimum number of active replicas across all shards")
          .sample("collection_active_replicas_min", minActive == Integer.MAX_VALUE ? 0 : minActive);
      t.family("collection_active_replicas_max", "gauge", "maximum number of active replicas across all shards")
          .sample("collection_active_replicas_max", maxActive);
      t.family("collection_dead_replicas", "gauge", "total amount of shard replicas in non-active state")
          .sample("collection_dead_replicas", dead);
    }

    t.family("cluster_enabled", "gauge", "is cluster support enabled").sample("cluster_enabled", 1);
    t.family("cluster_peers_total", "gauge", "total number of cluster peers")
        .sample("cluster_peers_total", cluster.nodeCount);
    t.family("cluster_term", "counter", "current cluster term").sample("cluster_term", cluster.term.get());
    t.family("cluster_commit", "counter", "index of last committed (finalized) operation cluster peer is aware of")
        .sample("cluster_commit", cluster.commit.get(), "peer_id", Long.toString(node.peerId()));
    t.family("cluster_pending_operations_total", "gauge", "total number of pending operations for cluster peer")
        .sample("cluster_pending_operations_total", 0);
    t.family("cluster_voter", "gauge", "is cluster peer a voter or learner").sample("cluster_voter", 1);

    Map<String, NodeMetrics.EndpointStats> endpoints = node.metrics().endpoints();
    endpoints.keySet().removeIf(e -> !e.startsWith("/qdrant.Points/"));
    if (!endpoints.isEmpty()) {
      t.family("grpc_responses_total", "counter", "total number of responses");
      endpoints.forEach((e, s) -> t.sample("grpc_responses_total", s.count.sum(), "endpoint", e));
      t.family("grpc_responses_fail_total", "counter", "total number of failed responses");
      endpoints.forEach((e, s) -> t.sample("grpc_responses_fail_total", s.failures.sum(), "endpoint", e));
      t.family("grpc_responses_avg_duration_seconds", "gauge", "average response duration");
      endpoints.forEach(
          (e, s) -> {
            long n = s.count.sum();
            t.sample("grpc_responses_avg_duration_seconds", n == 0 ? 0 : s.sumNanos.sum() / 1e9 / n, "endpoint", e);
          });
      t.family("grpc_responses_min_duration_seconds", "gauge", "minimum response duration");
      endpoints.forEach(
          (e, s) -> {
            long min = s.minNanos.get();
            t.sample("grpc_responses_min_duration_seconds", min == Long.MAX_VALUE ? 0 : min / 1e9, "endpoint", e);
          });
      t.family("grpc_responses_max_duration_seconds", "gauge", "maximum response duration");
      endpoints.forEach((e, s) -> t.sample("grpc_responses_max_duration_seconds", s.maxNanos.get() / 1e9, "endpoint", e));
      t.family("grpc_responses_duration_seconds", "histogram", "response duration histogram");
      endpoints.forEach((e, s) -> histogram(t, "grpc_responses_duration_seconds", s, "endpoint", e));
    }

    Map<NodeMetrics.RestKey, NodeMetrics.EndpointStats> rest = node.metrics().restEndpoints();
    if (!rest.isEmpty()) {
      t.family("rest_responses_total", "counter", "total number of responses");
      rest.forEach((k, s) -> t.sample("rest_responses_total", s.count.sum(), restLabels(k)));
      t.family("rest_responses_fail_total", "counter", "total number of failed responses");
      rest.forEach((k, s) -> t.sample("rest_responses_fail_total", s.failures.sum(), restLabels(k)));
      // as Qdrant: timings only for 200 responses
      t.family("rest_responses_avg_duration_seconds", "gauge", "average response duration");
      rest.forEach((k, s) -> {
        if (k.status() == 200) {
          t.sample("rest_responses_avg_duration_seconds", s.sumNanos.sum() / 1e9 / Math.max(1, s.count.sum()), restLabels(k));
        }
      });
      t.family("rest_responses_max_duration_seconds", "gauge", "maximum response duration");
      rest.forEach((k, s) -> {
        if (k.status() == 200) {
          t.sample("rest_responses_max_duration_seconds", s.maxNanos.get() / 1e9, restLabels(k));
        }
      });
      t.family("rest_responses_duration_seconds", "histogram", "response duration histogram");
      rest.forEach((k, s) -> {
        if (k.status() == 200) {
          histogram(t, "rest_responses_duration_seconds", s, restLabels(k));
        }
      });
    }

    long overhead = 8L << 20;
    t.family("memory_active_bytes", "gauge", "Total number of bytes in active pages allocated by the application")
        .sample("memory_active_bytes", bytes + overhead);
    t.family("memory_allocated_bytes", "gauge", "Total number of bytes allocated by the application")
        .sample("memory_allocated_bytes", bytes);
    t.family("memory_resident_bytes", "gauge", "Maximum number of bytes in physically resident data pages mapped")
        .sample("memory_resident_bytes", bytes + overhead);
    return t.toString();
  }

  /** A cumulative Prometheus histogram (buckets, sum, count) of one endpoint's durations. */
  private static void histogram(PrometheusText t, String name, NodeMetrics.EndpointStats s, String... labels) {
    long cumulative = 0;
    for (int i = 0; i < NodeMetrics.BUCKETS.length; i++) {
      cumulative += s.buckets[i].sum();
      t.sample(name + "_bucket", cumulative, concat(labels, "le", PrometheusText.format(NodeMetrics.BUCKETS[i])));
    }
    t.sample(name + "_bucket", s.count.sum(), concat(labels, "le", "+Inf"));
    t.sample(name + "_sum", s.sumNanos.sum() / 1e9, labels);
    t.sample(name + "_count", s.count.sum(), labels);
  }

  private static String[] restLabels(NodeMetrics.RestKey k) {
    return new String[] {"method", k.method(), "endpoint", k.endpoint(), "status", Integer.toString(k.status())};
  }

  private static String[] concat(String[] a, String... b) {
    String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
