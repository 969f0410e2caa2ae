package io.qharness.testcluster;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Qdrant's collection cluster operations in the test double ({@code POST
 * /collections/{name}/cluster}: move_shard, replicate_shard, drop_replica, abort_transfer) and peer
 * removal ({@code DELETE /cluster/peer/{id}}), with Qdrant 1.19's answers, quirks included: a move
 * to a peer that already holds the shard is accepted and only drops the source replica, and
 * removing an unknown peer answers OK. A transfer takes a time proportional to the shard's points
 * ({@link #POINTS_PER_SECOND} by default), during which the new replica is Partial.
 */
final class ShardOperations {
  /** The double's default transfer speed: 50,000 points a second (each transfer 100 ms or more). */
  static final int POINTS_PER_SECOND = 50_000;

  private volatile int pointsPerSecond = POINTS_PER_SECOND;

  /** A refusal, answered with HTTP 400 and Qdrant's wording. */
  static final class BadRequest extends RuntimeException {
    final int status;

    BadRequest(int status, String message) {
      super(message);
      this.status = status;
    }
  }

  private final ClusterState cluster;
  private final ScheduledExecutorService scheduler;

  ShardOperations(ClusterState cluster, ScheduledExecutorService scheduler) {
    this.cluster = cluster;
    this.scheduler = scheduler;
  }

  /** Applies one operation of a {@code ClusterOperations} body. */
  synchronized void apply(String collection, JsonNode body) {
    TestCollection c = cluster.collections.get(collection);
    if (c == null) {
      throw new BadRequest(404, "Not found: Collection `" + collection + "` doesn't exist!");
    }
    if (body.has("move_shard") || body.has("replicate_shard")) {
      boolean copy = body.has("replicate_shard");
      JsonNode a = body.path(copy ? "replicate_shard" : "move_shard");
      start(
          c,
          a.path("shard_id").asInt(-1),
          peer(a, "from_peer_id"),
          peer(a, "to_peer_id"),
          a.path("method").asText("stream_records"),
          copy);
    } else if (body.has("drop_replica")) {
      JsonNode a = body.path("drop_replica");
      int shard = shard(c, a.path("shard_id").asInt(-1));
      int node = node(peer(a, "peer_id"));
      Replica r = find(c, shard, node);
      if (r == null) {
        throw new BadRequest(
            400,
            "Bad request: Shard " + shard + " does not exist on peer " + cluster.peerIds[node]);
      }
      c.shards.get(shard).remove(r);
      cluster.commit.incrementAndGet();
    } else if (body.has("abort_transfer")) {
      JsonNode a = body.path("abort_transfer");
      int shard = shard(c, a.path("shard_id").asInt(-1));
      long from = peer(a, "from_peer_id");
      long to = peer(a, "to_peer_id");
      for (ShardTransfer t : c.transfers) {
        if (t.shard == shard && cluster.peerIds[t.from] == from && cluster.peerIds[t.to] == to) {
          abort(c, t);
          return;
        }
      }
      throw new BadRequest(
          404,
          "Not found: Shard transfer "
              + from
              + " -> "
              + to
              + " for collection "
              + collection
              + ":"
              + shard
              + " does not exist");
    } else {
      throw new BadRequest(
          422,
          "Format error in JSON body: data did not match any variant of untagged enum"
              + " ClusterOperations");
    }
  }

  private void start(
      TestCollection c, int shard, long fromPeer, long toPeer, String method, boolean copy) {
    shard(c, shard);
    int from = node(fromPeer);
    int to = node(toPeer);
    Replica source = find(c, shard, from);
    if (source == null || !cluster.serving(from) || source.missedWrites) {
      throw new BadRequest(
          400, "Bad request: Shard " + shard + " is not active on peer " + fromPeer);
    }
    Replica existing = find(c, shard, to);
    if (existing != null) {
      if (!copy) { // as Qdrant 1.19: accepted, and the source replica is simply dropped
        c.shards.get(shard).remove(source);
        cluster.commit.incrementAndGet();
      }
      return;
    }
    Replica target = new Replica(shard, to, new PointStore(c.dim));
    target.missedWrites = true; // Partial: takes writes, serves no reads
    c.shards.get(shard).add(target);
    ShardTransfer t = new ShardTransfer(shard, from, to, method, copy, target);
    c.transfers.add(t);
    cluster.commit.incrementAndGet();
    long millis = Math.max(100, 1000L * source.store.size() / pointsPerSecond);
    scheduler.schedule(() -> finish(c, t, source), millis, TimeUnit.MILLISECONDS);
  }

  private synchronized void finish(TestCollection c, ShardTransfer t, Replica source) {
    if (t.aborted || !c.transfers.remove(t)) {
      return;
    }
    t.target.store = source.store.copy();
    t.target.missedWrites = false;
    if (!t.copy) {
      c.shards.get(t.shard).remove(source);
    }
    cluster.commit.incrementAndGet();
  }

  private void abort(TestCollection c, ShardTransfer t) {
    t.aborted = true;
    c.transfers.remove(t);
    c.shards.get(t.shard).remove(t.target);
    cluster.commit.incrementAndGet();
  }

  /** Sets the transfer speed, e.g. low to make transfers outlast a timeout. */
  void pointsPerSecond(int rate) {
    if (rate < 1) {
      throw new IllegalArgumentException("a transfer speed is at least 1 point/s, got " + rate);
    }
    this.pointsPerSecond = rate;
  }

  /**
   * Removes a peer that holds no replica; answers OK for a peer it does not know, as Qdrant does.
   */
  synchronized void removePeer(long peerId) {
    int node = cluster.nodeOf(peerId);
    if (node < 0 || !cluster.member(node)) {
      return;
    }
    for (TestCollection c : cluster.collections.values()) {
      for (List<Replica> shard : c.shards) {
        for (Replica r : shard) {
          if (r.node == node) {
            throw new BadRequest(
                400, "Bad request: Cannot remove peer " + peerId + " as there are shards on it");
          }
        }
      }
    }
    cluster.leave(node);
  }

  /** The transfers of a collection as Qdrant lists them in its cluster info. */
  List<Map<String, Object>> transfers(String collection) {
    TestCollection c = cluster.collections.get(collection);
    List<Map<String, Object>> out = new ArrayList<>();
    if (c == null) {
      return out;
    }
    for (ShardTransfer t : c.transfers) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("shard_id", t.shard);
      m.put("from", cluster.peerIds[t.from]);
      m.put("to", cluster.peerIds[t.to]);
      m.put("sync", false);
      m.put("method", t.method);
      m.put(
          "comment",
          String.format(
              "started %.1fs ago (qharness test double)",
              (System.nanoTime() - t.startNanos) / 1e9));
      out.add(m);
    }
    return out;
  }

  private Replica find(TestCollection c, int shard, int node) {
    for (Replica r : c.shards.get(shard)) {
      if (r.node == node) {
        return r;
      }
    }
    return null;
  }

  private int shard(TestCollection c, int shard) {
    if (shard < 0 || shard >= c.shardNumber) {
      throw new BadRequest(
          400, "Bad request: Shard " + shard + " of " + c.name + " does not exist");
    }
    return shard;
  }

  private long peer(JsonNode a, String field) {
    if (!a.has(field)) {
      throw new BadRequest(422, "Format error in JSON body: missing field `" + field + "`");
    }
    return a.path(field).asLong();
  }

  private int node(long peerId) {
    int node = cluster.nodeOf(peerId);
    if (node < 0 || !cluster.member(node)) {
      throw new BadRequest(400, "Bad request: Peer " + peerId + " does not exist");
    }
    return node;
  }
}
