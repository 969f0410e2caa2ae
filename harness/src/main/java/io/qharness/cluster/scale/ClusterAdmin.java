package io.qharness.cluster.scale;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.qharness.cluster.QdrantRest;
import io.qharness.config.TransferMethod;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Qdrant's cluster API over REST, for scale events: the peers as a node sees them, shard moves and
 * copies with an explicit transfer method, dropping a replica, aborting a transfer, removing a
 * peer. Each failure is an IOException with the node's own message and what it means.
 */
public final class ClusterAdmin {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final QdrantRest rest;

  public ClusterAdmin(QdrantRest rest) {
    this.rest = rest;
  }

  /** A node's view of the cluster ({@code GET /cluster}). */
  public record ClusterInfo(
      long peerId, Map<Long, String> peers, boolean voter, String role, long leader) {}

  public ClusterInfo info(String restAddress) throws IOException {
    JsonNode r = rest.get(restAddress, "/cluster").path("result");
    if (!"enabled".equals(r.path("status").asText())) {
      throw new IOException(
          restAddress
              + " runs with cluster mode "
              + r.path("status").asText("off")
              + ": start it with QDRANT__CLUSTER__ENABLED=true to scale the cluster");
    }
    Map<Long, String> peers = new LinkedHashMap<>();
    r.path("peers")
        .fields()
        .forEachRemaining(
            e -> peers.put(Long.parseLong(e.getKey()), e.getValue().path("uri").asText()));
    JsonNode raft = r.path("raft_info");
    return new ClusterInfo(
        r.path("peer_id").asLong(),
        peers,
        raft.path("is_voter").asBoolean(false),
        raft.path("role").asText(""),
        raft.path("leader").asLong(-1));
  }

  /** Moves a shard's replica from one peer to another. */
  public void move(String node, String collection, int shard, long from, long to, TransferMethod m)
      throws IOException {
    operation(node, collection, "move_shard", transfer(shard, from, to, m));
  }

  /** Copies a shard's replica onto another peer. */
  public void replicate(
      String node, String collection, int shard, long from, long to, TransferMethod m)
      throws IOException {
    operation(node, collection, "replicate_shard", transfer(shard, from, to, m));
  }

  /** Drops a shard's replica from a peer. */
  public void dropReplica(String node, String collection, int shard, long peer) throws IOException {
    ObjectNode b = JSON.createObjectNode().put("shard_id", shard).put("peer_id", peer);
    operation(node, collection, "drop_replica", b);
  }

  /** Aborts a running transfer. */
  public void abort(String node, String collection, int shard, long from, long to)
      throws IOException {
    ObjectNode b =
        JSON.createObjectNode()
            .put("shard_id", shard)
            .put("from_peer_id", from)
            .put("to_peer_id", to);
    operation(node, collection, "abort_transfer", b);
  }

  /**
   * Removes a peer that holds no shard. Qdrant answers OK for a peer it does not know, so the
   * caller checks membership first.
   */
  public void removePeer(String node, long peer) throws IOException {
    rest.delete(node, "/cluster/peer/" + peer);
  }

  private static ObjectNode transfer(int shard, long from, long to, TransferMethod m) {
    return JSON.createObjectNode()
        .put("shard_id", shard)
        .put("from_peer_id", from)
        .put("to_peer_id", to)
        .put("method", m.json());
  }

  private void operation(String node, String collection, String op, ObjectNode args)
      throws IOException {
    ObjectNode body = JSON.createObjectNode();
    body.set(op, args);
    try {
      rest.post(node, "/collections/" + collection + "/cluster", body);
    } catch (IOException e) {
      throw new IOException(op + " " + args + " refused by " + node + ": " + e.getMessage(), e);
    }
  }
}
