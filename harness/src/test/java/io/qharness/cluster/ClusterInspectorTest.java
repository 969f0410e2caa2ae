package io.qharness.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.qharness.results.CollectionState;
import io.qharness.results.NodeState;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The inspector against responses shaped as real Qdrant sends them (per Qdrant's OpenAPI schema:
 * ClusterStatus, CollectionClusterInfo, ReplicaState), including the states the test double never
 * produces: cluster mode disabled, a failed consensus thread, replicas catching up, shard
 * transfers.
 */
class ClusterInspectorTest {
  private static final long[] PEERS = {5395015423823212L, 1384229452983425L, 8870281349710277L};

  private final List<HttpServer> servers = new ArrayList<>();
  private final List<Map<String, String>> routes = new ArrayList<>();

  @AfterEach
  void stop() {
    servers.forEach(s -> s.stop(0));
  }

  /** A loopback server per node answering fixed bodies by path (404 for anything else). */
  private List<String> nodes(int n) throws IOException {
    List<String> addresses = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Map<String, String> r = new ConcurrentHashMap<>();
      HttpServer s =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
      s.createContext(
          "/",
          ex -> {
            String body = r.get(ex.getRequestURI().getPath());
            byte[] bytes =
                (body == null ? "{\"status\":{\"error\":\"Not found\"},\"time\":0.0}" : body)
                    .getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "application/json");
            ex.sendResponseHeaders(body == null ? 404 : 200, bytes.length);
            ex.getResponseBody().write(bytes);
            ex.close();
          });
      s.start();
      servers.add(s);
      routes.add(r);
      addresses.add("127.0.0.1:" + s.getAddress().getPort());
      r.put(
          "/",
          "{\"title\":\"qdrant - vector search"
              + " engine\",\"version\":\"1.15.1\",\"commit\":\"4b8f3a2\"}");
      r.put(
          "/collections",
          "{\"result\":{\"collections\":[{\"name\":\"bench\"}]},\"status\":\"ok\",\"time\":0.00001}");
      r.put("/collections/bench", collectionInfo("green"));
    }
    return addresses;
  }

  private static String cluster(int self, String role, String consensus, String sendFailures) {
    return """
    {"result":{"status":"enabled","peer_id":%d,
      "peers":{"%d":{"uri":"http://qdrant_node1:6335/"},"%d":{"uri":"http://qdrant_node2:6335/"},"%d":{"uri":"http://qdrant_node3:6335/"}},
      "raft_info":{"term":3,"commit":118,"pending_operations":0,"leader":%d,"role":%s,"is_voter":true},
      "consensus_thread_status":%s,
      "message_send_failures":%s},
     "status":"ok","time":0.000004}\
    """
        .formatted(
            PEERS[self], PEERS[0], PEERS[1], PEERS[2], PEERS[0], role, consensus, sendFailures);
  }

  private static final String WORKING =
      "{\"consensus_thread_status\":\"working\",\"last_update\":\"2026-11-25T05:00:00.123Z\"}";

  private static String collectionInfo(String status) {
    return """
    {"result":{"status":"%s","optimizer_status":"ok","indexed_vectors_count":0,"points_count":20000,"segments_count":8,
      "config":{"params":{"vectors":{"size":128,"distance":"Cosine"},"shard_number":4,"replication_factor":2,
        "write_consistency_factor":1,"on_disk_payload":true},
        "hnsw_config":{"m":16,"ef_construct":100,"full_scan_threshold":10000,"max_indexing_threads":0,"on_disk":false},
        "optimizer_config":{"deleted_threshold":0.2,"vacuum_min_vector_number":1000,"default_segment_number":0,
          "max_segment_size":null,"memmap_threshold":null,"indexing_threshold":20000,"flush_interval_sec":5,
          "max_optimization_threads":null},
        "wal_config":{"wal_capacity_mb":32,"wal_segments_ahead":0},"quantization_config":null},
      "payload_schema":{}},
     "status":"ok","time":0.0002}\
    """
        .formatted(status);
  }

  /**
   * Node {@code self}'s view: its local replicas with their states, everyone else's as remote
   * Active.
   */
  private static String collectionCluster(
      int self, Map<Integer, String> localStates, String transfers) {
    StringBuilder local = new StringBuilder();
    StringBuilder remote = new StringBuilder();
    for (int shard = 0; shard < 4; shard++) {
      for (int peer = 0; peer < 3; peer++) {
        if (!holds(peer, shard)) {
          continue;
        }
        if (peer == self) {
          local
              .append(local.length() > 0 ? "," : "")
              .append(
                  "{\"shard_id\":%d,\"points_count\":5000,\"state\":\"%s\"}"
                      .formatted(shard, localStates.getOrDefault(shard, "Active")));
        } else {
          remote
              .append(remote.length() > 0 ? "," : "")
              .append(
                  "{\"shard_id\":%d,\"peer_id\":%d,\"state\":\"Active\"}"
                      .formatted(shard, PEERS[peer]));
        }
      }
    }
    return "{\"result\":{\"peer_id\":%d,\"shard_count\":4,\"local_shards\":[%s],\"remote_shards\":[%s],\"shard_transfers\":%s},\"status\":\"ok\",\"time\":0.00002}"
        .formatted(PEERS[self], local, remote, transfers);
  }

  /** 4 shards x 2 replicas over 3 peers: shard s on peers s % 3 and (s + 1) % 3. */
  private static boolean holds(int peer, int shard) {
    return peer == shard % 3 || peer == (shard + 1) % 3;
  }

  private List<String> healthyCluster() throws IOException {
    List<String> a = nodes(3);
    for (int i = 0; i < 3; i++) {
      routes
          .get(i)
          .put("/cluster", cluster(i, i == 0 ? "\"Leader\"" : "\"Follower\"", WORKING, "{}"));
      routes.get(i).put("/collections/bench/cluster", collectionCluster(i, Map.of(), "[]"));
    }
    return a;
  }

  private static ClusterInspector.Report inspect(List<String> addresses) {
    return new ClusterInspector(null, Duration.ofSeconds(3)).inspect(addresses, List.of());
  }

  @Test
  void aHealthyQdrantClusterReadsAsHealthyWithItsPlacement() throws IOException {
    ClusterInspector.Report r = inspect(healthyCluster());
    assertThat(r.problems()).isEmpty();
    assertThat(r.warnings()).isEmpty();
    assertThat(r.version()).isEqualTo("1.15.1");
    assertThat(r.testDouble()).isFalse();
    assertThat(r.nodes())
        .extracting(NodeState::role)
        .containsExactly("Leader", "Follower", "Follower");
    assertThat(r.nodes()).allSatisfy(n -> assertThat(n.leader()).isEqualTo(PEERS[0]));
    CollectionState c = r.collections().get(0);
    assertThat(c.name()).isEqualTo("bench");
    assertThat(c.shardNumber()).isEqualTo(4);
    assertThat(c.replicationFactor()).isEqualTo(2);
    assertThat(c.vectorSize()).isEqualTo(128);
    assertThat(c.distance()).isEqualTo("Cosine");
    assertThat(c.hnswM()).isEqualTo(16);
    assertThat(c.hnswEfConstruct()).isEqualTo(100);
    assertThat(c.onDisk()).isFalse();
    assertThat(c.quantization()).isEqualTo("none");
    assertThat(c.indexedVectors()).isZero();
    assertThat(c.unindexed()).as("20,000 points, none indexed: below indexing_threshold").isTrue();
    assertThat(c.replicas())
        .hasSize(8)
        .allSatisfy(rep -> assertThat(rep.state()).isEqualTo("Active"));
    assertThat(c.replicas())
        .contains(
            new CollectionState.Replica(0, PEERS[0], "Active"),
            new CollectionState.Replica(0, PEERS[1], "Active"));
    assertThat(ClusterInspector.format(r))
        .contains("healthy")
        .contains("shard 0")
        .doesNotContain("UNHEALTHY")
        .contains("20000 points (none HNSW-indexed: searches are full scans)");
  }

  @Test
  void quantizationAndOnDiskVectorsAreRead() throws IOException {
    List<String> a = healthyCluster();
    String quantised =
        collectionInfo("green")
            .replace("\"distance\":\"Cosine\"}", "\"distance\":\"Cosine\",\"on_disk\":true}")
            .replace(
                "\"quantization_config\":null",
                "\"quantization_config\":{\"scalar\":{\"type\":\"int8\",\"quantile\":0.99,\"always_ram\":true}}");
    routes.forEach(rt -> rt.put("/collections/bench", quantised));
    CollectionState c = inspect(a).collections().get(0);
    assertThat(c.onDisk()).isTrue();
    assertThat(c.quantization()).isEqualTo("scalar");
    assertThat(ClusterInspector.format(inspect(a)))
        .contains("vectors on disk, scalar quantization");
  }

  @Test
  void aStandaloneQdrantIsAWarningNotALostConsensus() throws IOException {
    List<String> a = nodes(1);
    routes
        .get(0)
        .put(
            "/cluster",
            "{\"result\":{\"status\":\"disabled\"},\"status\":\"ok\",\"time\":0.000001}");
    routes
        .get(0)
        .put(
            "/collections/bench/cluster",
            "{\"result\":{\"peer_id\":77,\"shard_count\":1,\"local_shards\":[{\"shard_id\":0,\"points_count\":20000,\"state\":\"Active\"}],"
                + "\"remote_shards\":[],\"shard_transfers\":[]},\"status\":\"ok\",\"time\":0.00001}");
    ClusterInspector.Report r = inspect(a);
    assertThat(r.healthy()).as(r.problems().toString()).isTrue();
    assertThat(r.warnings()).anySatisfy(w -> assertThat(w).contains("cluster mode disabled"));
    assertThat(r.nodes().get(0).clusterEnabled()).isFalse();
    assertThat(ClusterInspector.format(r)).contains("(cluster mode disabled)");
  }

  @Test
  void aStoppedConsensusThreadAndUnreachablePeersAreReported() throws IOException {
    List<String> a = healthyCluster();
    routes
        .get(2)
        .put(
            "/cluster",
            cluster(
                2,
                "null",
                "{\"consensus_thread_status\":\"stopped_with_err\",\"err\":\"raft storage"
                    + " corrupted\"}",
                "{\"http://qdrant_node1:6335/\":{\"count\":12,\"latest_error\":\"Connection"
                    + " refused\",\"latest_error_timestamp\":\"2026-11-25T05:00:00Z\"}}"));
    ClusterInspector.Report r = inspect(a);
    assertThat(r.healthy()).isFalse();
    assertThat(r.problems())
        .anySatisfy(
            p ->
                assertThat(p)
                    .contains(a.get(2))
                    .contains("stopped_with_err: raft storage corrupted"));
    assertThat(r.warnings())
        .anySatisfy(
            w ->
                assertThat(w)
                    .contains("http://qdrant_node1:6335/")
                    .contains("12 failed sends")
                    .contains("Connection refused"));
    assertThat(r.nodes().get(2).role()).isEqualTo("unknown");
  }

  @Test
  void replicasCatchingUpAndTransfersWarnWhileDeadOrUnservedShardsFail() throws IOException {
    List<String> a = healthyCluster();
    // peer 1 receives shard 1 (Partial) in a transfer from peer 2: still served by peer 2
    routes
        .get(1)
        .put(
            "/collections/bench/cluster",
            collectionCluster(
                1,
                Map.of(1, "Partial"),
                "[{\"shard_id\":1,\"from\":"
                    + PEERS[2]
                    + ",\"to\":"
                    + PEERS[1]
                    + ",\"sync\":false,\"method\":\"stream_records\"}]"));
    routes
        .get(0)
        .put("/collections/bench/cluster", collectionCluster(0, Map.of(0, "Listener"), "[]"));
    ClusterInspector.Report r = inspect(a);
    assertThat(r.healthy()).as(r.problems().toString()).isTrue();
    assertThat(r.warnings())
        .anySatisfy(
            w ->
                assertThat(w)
                    .contains("shard 1 replica on peer " + PEERS[1] + " is Partial (catching up)"));
    assertThat(r.warnings())
        .anySatisfy(w -> assertThat(w).contains("is Listener (receives writes, serves no reads)"));
    assertThat(r.warnings())
        .anySatisfy(w -> assertThat(w).contains("1 shard transfer(s) in progress"));

    // shard 2 lives on peers 2 and 0: one Dead, then both
    routes.get(2).put("/collections/bench/cluster", collectionCluster(2, Map.of(2, "Dead"), "[]"));
    r = inspect(a);
    assertThat(r.problems())
        .anySatisfy(
            p -> assertThat(p).contains("shard 2 replica on peer " + PEERS[2] + " is Dead"));
    assertThat(r.problems()).noneSatisfy(p -> assertThat(p).contains("no active replica"));
    routes.get(0).put("/collections/bench/cluster", collectionCluster(0, Map.of(2, "Dead"), "[]"));
    r = inspect(a);
    assertThat(r.problems())
        .anySatisfy(p -> assertThat(p).contains("shard 2 has no active replica"));
  }

  @Test
  void aRedCollectionIsAProblemWhileYellowAndGreyWarn() throws IOException {
    List<String> a = healthyCluster();
    routes.forEach(rt -> rt.put("/collections/bench", collectionInfo("yellow")));
    ClusterInspector.Report r = inspect(a);
    assertThat(r.healthy()).isTrue();
    assertThat(r.warnings()).anySatisfy(w -> assertThat(w).contains("bench is yellow"));
    routes.forEach(rt -> rt.put("/collections/bench", collectionInfo("grey")));
    assertThat(inspect(a).warnings())
        .anySatisfy(w -> assertThat(w).contains("bench is grey").contains("optimizers_config"));
    routes.forEach(rt -> rt.put("/collections/bench", collectionInfo("red")));
    assertThat(inspect(a).problems()).anySatisfy(p -> assertThat(p).contains("bench is red"));
  }

  @Test
  void plainHttpToAPortThatAnswersNothingHintsAtTls() throws IOException {
    // a server that accepts and closes without speaking HTTP, as a TLS port does to a plain request
    try (ServerSocket silent = new ServerSocket(0, 4, InetAddress.getLoopbackAddress())) {
      Thread t =
          new Thread(
              () -> {
                for (int i = 0; i < 4; i++) {
                  try (Socket s = silent.accept()) {
                    s.getOutputStream()
                        .write(new byte[] {0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x46});
                  } catch (IOException e) {
                    return;
                  }
                }
              });
      t.setDaemon(true);
      t.start();
      ClusterInspector.Report r =
          new ClusterInspector(null, Duration.ofSeconds(2))
              .inspect(List.of("127.0.0.1:" + silent.getLocalPort()), List.of());
      assertThat(r.anyReachable()).isFalse();
      assertThat(r.problems().get(0)).contains("answered with TLS").contains("set --tls");
    }
  }
}
