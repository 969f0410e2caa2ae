package io.qharness.cluster.scale;

import com.fasterxml.jackson.databind.JsonNode;
import io.qharness.cluster.QdrantRest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * Where a collection's shard replicas are, read from every node ({@code GET
 * /collections/{name}/cluster}): each node is the authority on its own replicas, and the others'
 * remote views fill in a node that did not answer. Transfers are the union of what the nodes list.
 *
 * @param nodes one view per node asked, in the order asked
 */
public record Placement(String collection, List<NodeView> nodes) {
  /** One replica: a shard on a peer, in a state (Active, Partial, Dead...), with its points. */
  public record Replica(int shard, long peer, String state, Long points) {
    public boolean active() {
      return "Active".equals(state);
    }
  }

  /** A running shard transfer as Qdrant lists it. */
  public record Transfer(int shard, long from, long to, String method, String comment) {}

  /**
   * What one node said: its peer id, its own replicas, its view of the others', the transfers it
   * knows of; or why it could not say.
   */
  public record NodeView(
      String restAddress,
      long peerId,
      List<Replica> local,
      List<Replica> remote,
      List<Transfer> transfers,
      String failure) {}

  /** Reads the placement from every node, in parallel; a node that fails is recorded, not fatal. */
  public static Placement read(QdrantRest rest, List<String> restAddresses, String collection) {
    List<CompletableFuture<JsonNode>> calls = new ArrayList<>();
    for (String a : restAddresses) {
      calls.add(rest.getAsync(a, "/collections/" + collection + "/cluster"));
    }
    List<NodeView> views = new ArrayList<>();
    for (int i = 0; i < restAddresses.size(); i++) {
      String a = restAddresses.get(i);
      try {
        views.add(view(a, calls.get(i).join().path("result")));
      } catch (RuntimeException e) {
        Throwable c = e.getCause() == null ? e : e.getCause();
        views.add(new NodeView(a, -1, List.of(), List.of(), List.of(), c.getMessage()));
      }
    }
    return new Placement(collection, List.copyOf(views));
  }

  static NodeView view(String address, JsonNode r) {
    long self = r.path("peer_id").asLong(-1);
    List<Replica> local = new ArrayList<>();
    for (JsonNode s : r.path("local_shards")) {
      local.add(
          new Replica(
              s.path("shard_id").asInt(),
              self,
              s.path("state").asText(),
              s.has("points_count") ? s.path("points_count").asLong() : null));
    }
    List<Replica> remote = new ArrayList<>();
    for (JsonNode s : r.path("remote_shards")) {
      remote.add(
          new Replica(
              s.path("shard_id").asInt(),
              s.path("peer_id").asLong(),
              s.path("state").asText(),
              null));
    }
    List<Transfer> transfers = new ArrayList<>();
    for (JsonNode t : r.path("shard_transfers")) {
      transfers.add(
          new Transfer(
              t.path("shard_id").asInt(),
              t.path("from").asLong(),
              t.path("to").asLong(),
              t.path("method").asText(null),
              t.path("comment").asText("")));
    }
    return new NodeView(address, self, local, remote, transfers, null);
  }

  /**
   * Shard to peer to state: each answering node's own replicas, then the others' views of peers
   * that did not answer for themselves.
   */
  public SortedMap<Integer, SortedMap<Long, Replica>> replicas() {
    SortedMap<Integer, SortedMap<Long, Replica>> out = new TreeMap<>();
    Set<Long> selfReported = new LinkedHashSet<>();
    for (NodeView v : nodes) {
      if (v.failure() == null) {
        selfReported.add(v.peerId());
        v.local()
            .forEach(r -> out.computeIfAbsent(r.shard(), k -> new TreeMap<>()).put(r.peer(), r));
      }
    }
    for (NodeView v : nodes) {
      for (Replica r : v.remote()) {
        if (!selfReported.contains(r.peer())) {
          out.computeIfAbsent(r.shard(), k -> new TreeMap<>()).putIfAbsent(r.peer(), r);
        }
      }
    }
    return out;
  }

  /** Every transfer any node lists, once. */
  public List<Transfer> transfers() {
    Set<Transfer> all = new LinkedHashSet<>();
    for (NodeView v : nodes) {
      for (Transfer t : v.transfers()) {
        all.add(new Transfer(t.shard(), t.from(), t.to(), t.method(), ""));
      }
    }
    List<Transfer> out = new ArrayList<>();
    for (Transfer t : all) { // keep a comment where a node gave one
      String comment = "";
      for (NodeView v : nodes) {
        for (Transfer u : v.transfers()) {
          if (u.shard() == t.shard() && u.from() == t.from() && u.to() == t.to()) {
            comment = u.comment().isEmpty() ? comment : u.comment();
          }
        }
      }
      out.add(new Transfer(t.shard(), t.from(), t.to(), t.method(), comment));
    }
    return out;
  }

  /** Replicas on a peer, any state. */
  public int replicasOn(long peer) {
    int n = 0;
    for (Map<Long, Replica> peers : replicas().values()) {
      n += peers.containsKey(peer) ? 1 : 0;
    }
    return n;
  }

  /** The replica of a shard on a peer, or null. */
  public Replica replica(int shard, long peer) {
    SortedMap<Long, Replica> peers = replicas().get(shard);
    return peers == null ? null : peers.get(peer);
  }

  /** True when every replica is Active and no transfer runs. */
  public boolean settled() {
    for (Map<Long, Replica> peers : replicas().values()) {
      for (Replica r : peers.values()) {
        if (!r.active()) {
          return false;
        }
      }
    }
    return transfers().isEmpty();
  }

  /** The peer id of a node by its REST address, or -1 when it did not answer. */
  public long peerOf(String restAddress) {
    for (NodeView v : nodes) {
      if (Objects.equals(v.restAddress(), restAddress) && v.failure() == null) {
        return v.peerId();
      }
    }
    return -1;
  }

  /**
   * Shard by shard, each replica's peer (named by {@code names} where known) and state, e.g. "shard
   * 0: node1 Active, node4 Partial; shard 1: ...", then the transfers running and the nodes that
   * could not be read.
   */
  public String describe(Map<Long, String> names) {
    StringBuilder s = new StringBuilder();
    replicas()
        .forEach(
            (shard, peers) -> {
              s.append(s.length() == 0 ? "" : "; ").append("shard ").append(shard).append(':');
              String sep = " ";
              for (Replica r : peers.values()) {
                s.append(sep).append(name(r.peer(), names)).append(' ').append(r.state());
                sep = ", ";
              }
            });
    for (Transfer t : transfers()) {
      s.append("; transfer of shard ")
          .append(t.shard())
          .append(' ')
          .append(name(t.from(), names))
          .append(" -> ")
          .append(name(t.to(), names))
          .append(t.method() == null ? "" : " (" + t.method() + ")")
          .append(t.comment().isEmpty() ? "" : ": " + t.comment());
    }
    for (NodeView v : nodes) {
      if (v.failure() != null) {
        s.append("; ").append(v.restAddress()).append(" unreadable: ").append(v.failure());
      }
    }
    return s.toString();
  }

  static String name(long peer, Map<Long, String> names) {
    String n = names.get(peer);
    return n == null ? "peer " + peer : n;
  }

  /** The REST address of the node that answered as {@code peer}, or null. */
  public String restAddressOf(long peer) {
    for (NodeView v : nodes) {
      if (v.peerId() == peer && v.failure() == null) {
        return v.restAddress();
      }
    }
    return null;
  }

  /** A check that fails with an IOException naming every node that could not be read. */
  public Placement requireReadable() throws IOException {
    List<String> failed = new ArrayList<>();
    for (NodeView v : nodes) {
      if (v.failure() != null) {
        failed.add(v.restAddress() + ": " + v.failure());
      }
    }
    if (failed.size() == nodes.size()) {
      throw new IOException(
          "no node answered for collection `" + collection + "`: " + String.join("; ", failed));
    }
    return this;
  }
}
