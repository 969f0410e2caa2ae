package io.qharness.testcluster;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.grpc.StatusRuntimeException;
import io.qdrant.client.grpc.Collections;
import io.qdrant.client.grpc.Collections.CollectionClusterInfoResponse;
import io.qdrant.client.grpc.Collections.CollectionInfo;
import io.qdrant.client.grpc.Collections.LocalShardInfo;
import io.qdrant.client.grpc.Collections.RemoteShardInfo;
import io.qdrant.client.grpc.Collections.VectorParams;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * The REST side of a test node, limited to what monitoring and cluster inspection read: Qdrant's
 * {@code /metrics}, {@code /cluster}, {@code /collections}, {@code /collections/{name}}, {@code
 * /collections/{name}/cluster}, {@code /telemetry}, {@code /healthz}, {@code /livez}, {@code
 * /readyz} and {@code /}, with Qdrant's JSON shapes.
 */
final class NodeHttpServer {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final TestNode node;
  private final TestCluster owner;
  private final HttpServer server;

  NodeHttpServer(TestNode node, int port, TestCluster owner) throws IOException {
    this.node = node;
    this.owner = owner;
    InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    if (owner.tls() != null) {
      // as Qdrant with service.enable_tls: REST and gRPC both over TLS, with the same certificate
      HttpsServer https = HttpsServer.create(address, 64);
      https.setHttpsConfigurator(
          new HttpsConfigurator(
              ServerTls.context(
                  owner.tls().certificateChain().toPath(), owner.tls().privateKey().toPath())));
      this.server = https;
    } else {
      this.server = HttpServer.create(address, 64);
    }
    server.setExecutor(owner.httpExecutor());
    server.createContext("/", this::route);
    startOnDaemonThread(server);
  }

  /**
   * The JDK server's dispatcher thread inherits the daemon flag of the thread that starts it; a
   * daemon one never keeps a JVM alive, e.g. after Gatling aborts a run.
   */
  private static void startOnDaemonThread(HttpServer server) throws IOException {
    Thread starter = new Thread(server::start, "qharness-testnode-http-start");
    starter.setDaemon(true);
    starter.start();
    try {
      starter.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while starting the HTTP server", e);
    }
  }

  int port() {
    return server.getAddress().getPort();
  }

  void stop() {
    server.stop(0);
  }

  private void route(HttpExchange ex) throws IOException {
    try (ex) {
      node.awaitUnpaused();
      String path = ex.getRequestURI().getPath();
      if (path.length() > 1 && path.endsWith("/")) {
        path = path.substring(0, path.length() - 1);
      }
      switch (path) {
        case "/healthz":
          text(ex, 200, "healthz check passed");
          return;
        case "/livez":
          text(ex, 200, "livez check passed");
          return;
        case "/readyz":
          text(ex, 200, "all shards are ready");
          return;
        default:
          break;
      }
      if (!authorised(ex)) {
        json(ex, 401, error("Must provide an API key or an Authorization bearer token"));
        return;
      }
      if (!"GET".equals(ex.getRequestMethod())) {
        clusterOperation(ex, path);
        return;
      }
      if (path.equals("/") || path.isEmpty()) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("title", TestCluster.TITLE);
        root.put(
            "test_double",
            true); // how qharness tells its double from Qdrant (which never sends it)
        root.put("version", TestCluster.EMULATED_QDRANT_VERSION);
        root.put("commit", "qharness-testcluster");
        json(ex, 200, root);
      } else if (path.equals("/metrics")) {
        byte[] body = MetricsExposition.render(node, owner).getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
        send(ex, 200, body);
      } else if (path.equals("/telemetry")) {
        json(ex, 200, ok(TelemetryExposition.render(node)));
      } else if (path.equals("/cluster")) {
        json(ex, 200, ok(cluster()));
      } else if (path.equals("/collections")) {
        List<Map<String, Object>> names = new ArrayList<>();
        for (String n : new TreeSet<>(node.cluster().collections.keySet())) {
          names.add(Map.of("name", n));
        }
        json(ex, 200, ok(Map.of("collections", names)));
      } else if (path.startsWith("/collections/")) {
        collectionResource(ex, path);
      } else {
        json(ex, 404, error("the qharness test cluster does not serve " + path));
      }
    } catch (RuntimeException e) {
      json(ex, 500, error("Service internal error (qharness test cluster): " + e));
    }
  }

  /** GET /collections/{name}, .../cluster and .../optimizations. */
  private void collectionResource(HttpExchange ex, String path) throws IOException {
    String rest = path.substring("/collections/".length());
    CollectionRequests coordinator =
        new CollectionRequests(new Coordinator(node.cluster(), node.index()));
    try {
      if (rest.endsWith("/cluster")) {
        json(
            ex,
            200,
            ok(
                collectionCluster(
                    coordinator.clusterInfo(rest.substring(0, rest.length() - 8)),
                    owner.shardOperations().transfers(rest.substring(0, rest.length() - 8)))));
      } else if (rest.endsWith("/optimizations")) {
        String name = rest.substring(0, rest.length() - "/optimizations".length());
        CollectionInfo info = coordinator.info(name);
        String query = ex.getRequestURI().getQuery();
        json(
            ex,
            200,
            ok(
                OptimizationsExposition.render(
                    node.cluster().collections.get(name),
                    info.getPointsCount(),
                    query != null && query.contains("completed"))));
      } else if (!rest.contains("/")) {
        json(ex, 200, ok(collectionInfo(coordinator.info(rest))));
      } else {
        json(ex, 404, error("the qharness test cluster does not serve " + path));
      }
    } catch (StatusRuntimeException e) {
      json(ex, 404, error(e.getStatus().getDescription()));
    }
  }

  /**
   * The REST writes the double serves, as Qdrant's cluster API: shard operations on a collection
   * and peer removal; everything else is GET only.
   */
  private void clusterOperation(HttpExchange ex, String path) throws IOException {
    String method = ex.getRequestMethod();
    try {
      if ("POST".equals(method) && path.startsWith("/collections/") && path.endsWith("/cluster")) {
        String name = path.substring("/collections/".length(), path.length() - "/cluster".length());
        owner.shardOperations().apply(name, JSON.readTree(ex.getRequestBody()));
        json(ex, 200, ok(true));
      } else if ("DELETE".equals(method) && path.startsWith("/cluster/peer/")) {
        owner
            .shardOperations()
            .removePeer(Long.parseLong(path.substring("/cluster/peer/".length())));
        json(ex, 200, ok(true));
      } else {
        json(
            ex,
            405,
            error(
                "the qharness test cluster serves GET, and POST /collections/{name}/cluster and"
                    + " DELETE /cluster/peer/{id}; use gRPC for data"));
      }
    } catch (ShardOperations.BadRequest e) {
      json(ex, e.status, error(e.getMessage()));
    } catch (NumberFormatException | IOException e) {
      json(ex, 422, error("Format error: " + e.getMessage()));
    }
  }

  private boolean authorised(HttpExchange ex) {
    String key = owner.apiKey();
    if (key == null) {
      return true;
    }
    String given = ex.getRequestHeaders().getFirst("api-key");
    String auth = ex.getRequestHeaders().getFirst("Authorization");
    if (given == null && auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
      given = auth.substring(7).trim();
    }
    return given != null
        && MessageDigest.isEqual(
            key.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
  }

  private Map<String, Object> cluster() {
    ClusterState c = node.cluster();
    Map<String, Object> peers = new LinkedHashMap<>();
    Map<String, Object> failures = new LinkedHashMap<>();
    for (TestNode n : owner.nodes()) {
      if (!c.member(n.index())) {
        continue; // a spare not joined yet, or a removed peer
      }
      String uri = (owner.tls() != null ? "https" : "http") + "://127.0.0.1:" + n.restPort() + "/";
      peers.put(Long.toString(n.peerId()), Map.of("uri", uri));
      if (!n.isUp() && n != node) {
        failures.put(
            uri, Map.of("count", 1, "latest_error", "transport error: connection refused"));
      }
    }
    int leader = c.leader();
    Map<String, Object> raft = new LinkedHashMap<>();
    raft.put("term", c.term.get());
    raft.put("commit", c.commit.get());
    raft.put("pending_operations", 0);
    raft.put("leader", leader < 0 ? null : c.peerIds[leader]);
    raft.put("role", leader == node.index() ? "Leader" : "Follower");
    raft.put("is_voter", true);
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("status", "enabled");
    result.put("peer_id", node.peerId());
    result.put("peers", peers);
    result.put("raft_info", raft);
    result.put("consensus_thread_status", Map.of("consensus_thread_status", "working"));
    result.put("message_send_failures", failures);
    return result;
  }

  private static Map<String, Object> collectionCluster(
      CollectionClusterInfoResponse r, List<Map<String, Object>> transfers) {
    List<Map<String, Object>> local = new ArrayList<>();
    for (LocalShardInfo s : r.getLocalShardsList()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("shard_id", s.getShardId());
      m.put("points_count", s.getPointsCount());
      m.put("state", s.getState().name());
      local.add(m);
    }
    List<Map<String, Object>> remote = new ArrayList<>();
    for (RemoteShardInfo s : r.getRemoteShardsList()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("shard_id", s.getShardId());
      m.put("peer_id", s.getPeerId());
      m.put("state", s.getState().name());
      remote.add(m);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("peer_id", r.getPeerId());
    out.put("shard_count", r.getShardCount());
    out.put("local_shards", local);
    out.put("remote_shards", remote);
    out.put("shard_transfers", transfers);
    return out;
  }

  /**
   * Qdrant's REST shape of a quantization config ({"scalar": {...}} or {"binary": {...}}), or null
   * without one.
   */
  private static Map<String, Object> quantization(Collections.CollectionConfig c) {
    if (!c.hasQuantizationConfig()) {
      return null;
    }
    Collections.QuantizationConfig q = c.getQuantizationConfig();
    if (q.hasScalar()) {
      Map<String, Object> scalar = new LinkedHashMap<>();
      scalar.put("type", q.getScalar().getType().name().toLowerCase(Locale.ROOT));
      scalar.put("always_ram", q.getScalar().getAlwaysRam());
      return Map.of("scalar", scalar);
    }
    if (q.hasBinary()) {
      return Map.of("binary", Map.of("always_ram", q.getBinary().getAlwaysRam()));
    }
    if (q.hasProduct()) {
      return Map.of(
          "product",
          Map.of("compression", q.getProduct().getCompression().name().toLowerCase(Locale.ROOT)));
    }
    return null;
  }

  private static Map<String, Object> collectionInfo(CollectionInfo info) {
    VectorParams v = info.getConfig().getParams().getVectorsConfig().getParams();
    Map<String, Object> params = new LinkedHashMap<>();
    Map<String, Object> vectors = new LinkedHashMap<>();
    vectors.put("size", v.getSize());
    vectors.put("distance", v.getDistance().name());
    if (v.hasOnDisk()) {
      vectors.put("on_disk", v.getOnDisk());
    }
    params.put("vectors", vectors);
    params.put("shard_number", info.getConfig().getParams().getShardNumber());
    params.put("replication_factor", info.getConfig().getParams().getReplicationFactor());
    params.put(
        "write_consistency_factor", info.getConfig().getParams().getWriteConsistencyFactor());
    params.put("on_disk_payload", info.getConfig().getParams().getOnDiskPayload());
    Map<String, Object> hnsw = new LinkedHashMap<>();
    hnsw.put("m", info.getConfig().getHnswConfig().getM());
    hnsw.put("ef_construct", info.getConfig().getHnswConfig().getEfConstruct());
    hnsw.put("full_scan_threshold", info.getConfig().getHnswConfig().getFullScanThreshold());
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("params", params);
    config.put("hnsw_config", hnsw);
    config.put(
        "optimizer_config",
        Map.of("indexing_threshold", info.getConfig().getOptimizerConfig().getIndexingThreshold()));
    config.put(
        "quantization_config",
        quantization(info.getConfig())); // as configured; the double still searches exactly
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("status", info.getStatus().name().toLowerCase(Locale.ROOT));
    out.put(
        "optimizer_status",
        info.getOptimizerStatus().getOk()
            ? "ok"
            : Map.of("error", info.getOptimizerStatus().getError()));
    out.put("segments_count", info.getSegmentsCount());
    out.put("points_count", info.getPointsCount());
    out.put("indexed_vectors_count", info.getIndexedVectorsCount());
    out.put("config", config);
    out.put("payload_schema", Map.of());
    return out;
  }

  private static Map<String, Object> ok(Object result) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("result", result);
    m.put("status", "ok");
    m.put("time", 0.0);
    return m;
  }

  private static Map<String, Object> error(String message) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("status", Map.of("error", message == null ? "unknown error" : message));
    m.put("time", 0.0);
    return m;
  }

  private static void json(HttpExchange ex, int code, Object body) throws IOException {
    ex.getResponseHeaders().set("Content-Type", "application/json");
    send(ex, code, JSON.writeValueAsBytes(body));
  }

  private static void text(HttpExchange ex, int code, String body) throws IOException {
    ex.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
    send(ex, code, body.getBytes(StandardCharsets.UTF_8));
  }

  private static void send(HttpExchange ex, int code, byte[] body) throws IOException {
    ex.sendResponseHeaders(code, body.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(body);
    }
  }
}
