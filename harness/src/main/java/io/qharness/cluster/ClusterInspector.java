package io.qharness.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import io.qharness.config.Settings;
import io.qharness.results.CollectionState;
import io.qharness.results.NodeState;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Reads a cluster's state through Qdrant's REST API on every node given: version, peers, Raft
 * (leader, term, commit, role), and per collection its status, configuration and shard placement
 * (which peer holds which replica in which state). Used by {@code cluster status} and to describe
 * the target in run records. Read-only; works the same on Qdrant and on the test cluster.
 */
public final class ClusterInspector {

  /** The whole picture and what is wrong with it. */
  public record Report(
      List<NodeState> nodes,
      List<CollectionState> collections,
      List<String> problems,
      List<String> warnings) {
    public boolean healthy() {
      return problems.isEmpty();
    }

    public boolean anyReachable() {
      return nodes.stream().anyMatch(NodeState::reachable);
    }

    public String version() {
      return nodes.stream()
          .filter(NodeState::reachable)
          .map(NodeState::version)
          .findFirst()
          .orElse(null);
    }

    /** True when the nodes say they are qharness's test double rather than Qdrant. */
    public boolean testDouble() {
      return nodes.stream().anyMatch(NodeState::testDouble);
    }
  }

  /** Replica states that serve reads and writes; a shard needs one of these to be available. */
  private static final Set<String> SERVING = Set.of("active", "activeread");

  /** States a replica passes through while it catches up: worth a warning, not an alarm. */
  private static final Set<String> CATCHING_UP =
      Set.of(
          "partial",
          "initializing",
          "recovery",
          "partialsnapshot",
          "resharding",
          "reshardingscaledown",
          "listener");

  private final QdrantRest rest;

  /** Plain HTTP. */
  public ClusterInspector(String apiKey, Duration timeout) {
    this(new QdrantRest(apiKey, timeout, null));
  }

  public ClusterInspector(QdrantRest rest) {
    this.rest = rest;
  }

  /**
   * An inspector with the settings' API key and TLS (tls, caFile): the same security the load uses.
   */
  public static ClusterInspector of(Settings settings, Duration timeout) {
    return new ClusterInspector(QdrantRest.of(settings, timeout));
  }

  /**
   * Inspects the nodes at {@code restAddresses} (host:port) and the named collections (empty: every
   * collection the cluster lists).
   */
  public Report inspect(List<String> restAddresses, List<String> collections) {
    List<NodeState> nodes = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    String firstReachable = null;
    for (String address : restAddresses) {
      NodeState v = node(address);
      nodes.add(v);
      if (!v.reachable()) {
        problems.add("node " + address + " unreachable: " + v.failure());
      } else if (firstReachable == null) {
        firstReachable = address;
      }
    }
    if (firstReachable == null) {
      return new Report(nodes, List.of(), problems, warnings);
    }
    TreeSet<Long> leaders = new TreeSet<>();
    for (NodeState v : nodes) {
      if (v.reachable() && !v.clusterEnabled()) {
        warnings.add(
            "node "
                + v.address()
                + " runs with cluster mode disabled (a standalone Qdrant): no replication, no"
                + " failover");
      } else if (v.reachable()) {
        if (v.consensus() != null && !v.consensus().equals("working")) {
          problems.add(
              "node "
                  + v.address()
                  + ": consensus thread "
                  + v.consensus()
                  + " (see the node's log; POST /cluster/recover may help)");
        }
        v.sendFailures()
            .forEach(
                (peer, what) ->
                    warnings.add(
                        "node " + v.address() + " cannot reach peer " + peer + ": " + what));
        if (v.leader() < 0) {
          problems.add("node " + v.address() + " knows no Raft leader (consensus lost?)");
        } else {
          leaders.add(v.leader());
        }
      }
    }
    if (leaders.size() > 1) {
      problems.add("nodes disagree on the Raft leader: " + leaders);
    }
    NodeState any = nodes.stream().filter(NodeState::reachable).findFirst().orElseThrow();
    if (any.peers().size() > restAddresses.size()) {
      warnings.add(
          "the cluster has "
              + any.peers().size()
              + " peers; only "
              + restAddresses.size()
              + " were inspected");
    }
    List<String> names = collections;
    if (names == null || names.isEmpty()) {
      names = new ArrayList<>();
      try {
        for (JsonNode c : get(firstReachable, "/collections").path("result").path("collections")) {
          names.add(c.path("name").asText());
        }
      } catch (IOException e) {
        problems.add("listing collections on " + firstReachable + " failed: " + e.getMessage());
      }
    }
    List<CollectionState> views = new ArrayList<>();
    for (String name : names) {
      views.add(collection(name, nodes, problems, warnings));
    }
    return new Report(nodes, views, problems, warnings);
  }

  private NodeState node(String address) {
    try {
      JsonNode root = get(address, "/");
      JsonNode c = get(address, "/cluster").path("result");
      String title = root.path("title").asText(null);
      boolean testDouble = root.path("test_double").asBoolean(false);
      String version = root.path("version").asText("unknown");
      if ("disabled".equals(c.path("status").asText())) {
        return NodeState.standalone(address, title, testDouble, version);
      }
      Map<String, String> peers = new TreeMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = c.path("peers").fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        peers.put(e.getKey(), e.getValue().path("uri").asText());
      }
      Map<String, String> failures = new TreeMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = c.path("message_send_failures").fields();
          it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        failures.put(
            e.getKey(),
            e.getValue().path("count").asLong()
                + " failed sends, latest: "
                + e.getValue().path("latest_error").asText("unknown"));
      }
      JsonNode raft = c.path("raft_info");
      JsonNode consensus = c.path("consensus_thread_status");
      String consensusState = consensus.path("consensus_thread_status").asText(null);
      if ("stopped_with_err".equals(consensusState)) {
        consensusState += ": " + consensus.path("err").asText("no detail");
      }
      // role is a plain string ("Leader", "Follower", ...) or, in some versions, an object or null
      JsonNode role = raft.path("role");
      String roleText =
          role.isTextual()
              ? role.asText()
              : role.isObject() && role.fieldNames().hasNext()
                  ? role.fieldNames().next()
                  : "unknown";
      return new NodeState(
          address,
          title,
          testDouble,
          version,
          true,
          c.path("peer_id").asLong(-1),
          roleText,
          raft.path("leader").isNull() || raft.path("leader").isMissingNode()
              ? -1
              : raft.path("leader").asLong(),
          raft.path("term").asLong(),
          raft.path("commit").asLong(),
          consensusState,
          peers,
          failures,
          null);
    } catch (IOException e) {
      return NodeState.unreachable(address, e.getMessage());
    }
  }

  private CollectionState collection(
      String name, List<NodeState> nodes, List<String> problems, List<String> warnings) {
    CollectionState config = null;
    Placement placement = new Placement();
    String failure = null;
    for (NodeState n : nodes) {
      if (!n.reachable()) {
        continue;
      }
      try {
        if (config == null) {
          config = config(name, get(n.address(), "/collections/" + name).path("result"));
        }
        placement.add(get(n.address(), "/collections/" + name + "/cluster").path("result"));
      } catch (IOException e) {
        failure = e.getMessage();
        problems.add("collection " + name + " on " + n.address() + ": " + e.getMessage());
      }
    }
    List<CollectionState.Replica> replicas = placement.replicas();
    if (config != null) {
      judgeStatus(name, config.status(), problems, warnings);
    }
    judgeReplicas(name, replicas, problems, warnings);
    if (placement.transfers > 0) {
      warnings.add(
          "collection " + name + ": " + placement.transfers + " shard transfer(s) in progress");
    }
    CollectionState c = config == null ? config(name, null) : config;
    return new CollectionState(
        c.name(),
        c.status(),
        c.points(),
        c.indexedVectors(),
        c.shardNumber(),
        c.replicationFactor(),
        c.vectorSize(),
        c.distance(),
        c.hnswM(),
        c.hnswEfConstruct(),
        c.fullScanThresholdKb(),
        c.indexingThresholdKb(),
        c.onDisk(),
        c.quantization(),
        replicas,
        failure);
  }

  /** A collection's configuration from GET /collections/{name}; empty when {@code info} is null. */
  private static CollectionState config(String name, JsonNode info) {
    if (info == null) {
      return new CollectionState(
          name, null, 0, null, 0, 0, 0, null, null, null, null, null, false, null, List.of(), null);
    }
    JsonNode params = info.path("config").path("params");
    JsonNode hnsw = info.path("config").path("hnsw_config");
    JsonNode threshold = info.path("config").path("optimizer_config").path("indexing_threshold");
    // {"scalar": {...}}, {"product": {...}} or {"binary": {...}}; null when none
    JsonNode q = info.path("config").path("quantization_config");
    return new CollectionState(
        name,
        info.path("status").asText(),
        info.path("points_count").asLong(),
        info.hasNonNull("indexed_vectors_count")
            ? info.path("indexed_vectors_count").asLong()
            : null,
        params.path("shard_number").asInt(),
        params.path("replication_factor").asInt(),
        params.path("vectors").path("size").asInt(),
        params.path("vectors").path("distance").asText(null),
        hnsw.has("m") ? hnsw.path("m").asInt() : null,
        hnsw.has("ef_construct") ? hnsw.path("ef_construct").asInt() : null,
        hnsw.path("full_scan_threshold").isNumber()
            ? hnsw.path("full_scan_threshold").asLong()
            : null,
        threshold.isNumber() ? threshold.asLong() : null,
        params.path("vectors").path("on_disk").asBoolean(false),
        q.isObject() && q.fieldNames().hasNext() ? q.fieldNames().next() : "none",
        List.of(),
        null);
  }

  /**
   * Shard placement merged over the nodes' GET /collections/{name}/cluster: a node's own view of
   * its local shards wins over the others' view of them.
   */
  private static final class Placement {
    /** One replica's place, ordered by shard, then peer. */
    private record Place(int shard, long peer) implements Comparable<Place> {
      @Override
      public int compareTo(Place o) {
        return shard != o.shard ? Integer.compare(shard, o.shard) : Long.compare(peer, o.peer);
      }
    }

    private final Map<Place, CollectionState.Replica> local = new TreeMap<>();
    private final Map<Place, CollectionState.Replica> remote = new TreeMap<>();
    private int transfers;

    void add(JsonNode cluster) {
      long self = cluster.path("peer_id").asLong();
      transfers = Math.max(transfers, cluster.path("shard_transfers").size());
      for (JsonNode s : cluster.path("local_shards")) {
        CollectionState.Replica r =
            new CollectionState.Replica(s.path("shard_id").asInt(), self, s.path("state").asText());
        local.put(new Place(r.shard(), r.peer()), r);
      }
      for (JsonNode s : cluster.path("remote_shards")) {
        CollectionState.Replica r =
            new CollectionState.Replica(
                s.path("shard_id").asInt(), s.path("peer_id").asLong(), s.path("state").asText());
        remote.putIfAbsent(new Place(r.shard(), r.peer()), r);
      }
    }

    List<CollectionState.Replica> replicas() {
      Map<Place, CollectionState.Replica> all = new TreeMap<>(local);
      remote.forEach(all::putIfAbsent);
      return new ArrayList<>(all.values());
    }
  }

  private static void judgeStatus(
      String name, String status, List<String> problems, List<String> warnings) {
    if (status.equalsIgnoreCase("red")) {
      problems.add("collection " + name + " is red (an operation failed; see the nodes' logs)");
    } else if (status.equalsIgnoreCase("grey")) {
      warnings.add(
          "collection "
              + name
              + " is grey (optimisations pending since a restart; any update operation, e.g."
              + " PATCH /collections/"
              + name
              + " {\"optimizers_config\": {}}, starts them)");
    } else if (!status.equalsIgnoreCase("green")) {
      warnings.add("collection " + name + " is " + status + " (optimising or indexing)");
    }
  }

  /** Every shard needs a serving replica; replicas catching up are worth a warning. */
  private static void judgeReplicas(
      String name,
      List<CollectionState.Replica> replicas,
      List<String> problems,
      List<String> warnings) {
    Map<Integer, Integer> active = new TreeMap<>();
    for (CollectionState.Replica r : replicas) {
      String state = r.state().toLowerCase(Locale.ROOT);
      active.merge(r.shard(), SERVING.contains(state) ? 1 : 0, Integer::sum);
      String where = "collection " + name + ": shard " + r.shard() + " replica on peer " + r.peer();
      if (CATCHING_UP.contains(state)) {
        warnings.add(
            where
                + " is "
                + r.state()
                + (state.equals("listener")
                    ? " (receives writes, serves no reads)"
                    : " (catching up)"));
      } else if (!SERVING.contains(state)) {
        problems.add(where + " is " + r.state());
      }
    }
    active.forEach(
        (shard, n) -> {
          if (n == 0) {
            problems.add(
                "collection "
                    + name
                    + ": shard "
                    + shard
                    + " has no active replica (its points are unavailable)");
          }
        });
  }

  private JsonNode get(String address, String path) throws IOException {
    return rest.get(address, path);
  }

  /** Plain-text rendering for the terminal. */
  public static String format(Report report) {
    StringBuilder s = new StringBuilder();
    s.append(
        String.format(
            "%-22s %-10s %-20s %-9s %-20s %6s %8s%n",
            "node", "version", "peer id", "role", "leader", "term", "commit"));
    for (NodeState n : report.nodes()) {
      if (n.reachable()) {
        if (n.clusterEnabled()) {
          s.append(
              String.format(
                  "%-22s %-10s %-20d %-9s %-20s %6d %8d%n",
                  n.address(),
                  n.version(),
                  n.peerId(),
                  n.role(),
                  n.leader() < 0 ? "none" : Long.toString(n.leader()),
                  n.term(),
                  n.commit()));
        } else {
          s.append(
              String.format("%-22s %-10s (cluster mode disabled)%n", n.address(), n.version()));
        }
      } else {
        s.append(String.format("%-22s UNREACHABLE: %s%n", n.address(), n.failure()));
      }
    }
    for (CollectionState c : report.collections()) {
      s.append(
          String.format(
              "%ncollection %s: %s, %d points%s, %d shards x replication %d, %d-d %s, hnsw m %s"
                  + " ef_construct %s%s%s%n",
              c.name(),
              c.status() == null ? "unknown" : c.status(),
              c.points(),
              c.indexedVectors() == null
                  ? ""
                  : c.unindexed()
                      ? " (none HNSW-indexed: searches are full scans)"
                      : " (" + c.indexedVectors() + " indexed)",
              c.shardNumber(),
              c.replicationFactor(),
              c.vectorSize(),
              c.distance(),
              c.hnswM(),
              c.hnswEfConstruct(),
              c.onDisk() ? ", vectors on disk" : "",
              c.quantization() == null || c.quantization().equals("none")
                  ? ""
                  : ", " + c.quantization() + " quantization"));
      Map<Integer, List<String>> byShard = new LinkedHashMap<>();
      for (CollectionState.Replica r : c.replicas()) {
        byShard.computeIfAbsent(r.shard(), k -> new ArrayList<>()).add(r.peer() + " " + r.state());
      }
      byShard.forEach(
          (shard, rs) ->
              s.append(String.format("  shard %-3d %s%n", shard, String.join(", ", rs))));
    }
    if (!report.warnings().isEmpty()) {
      s.append("\nwarnings:\n");
      report.warnings().forEach(w -> s.append("  - ").append(w).append('\n'));
    }
    s.append(report.healthy() ? "\nhealthy\n" : "\nUNHEALTHY:\n");
    report.problems().forEach(p -> s.append("  - ").append(p).append('\n'));
    return s.toString();
  }
}
