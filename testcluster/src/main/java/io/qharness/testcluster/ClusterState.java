package io.qharness.testcluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * What every node of the test cluster agrees on (what Qdrant's consensus would replicate): peers
 * and their status, collections and their shard placement. Nodes share this object in-process; only
 * a serving node's replicas take part in reads and writes.
 */
final class ClusterState {
  enum NodeStatus {
    UP,
    DOWN,
    PAUSED
  }

  final int nodeCount;
  final long[] peerIds;
  private final AtomicReferenceArray<NodeStatus> status;

  /** 1 for a peer of the cluster: the first nodes, and a spare once it has joined. */
  private final AtomicIntegerArray member;

  final ConcurrentHashMap<String, TestCollection> collections = new ConcurrentHashMap<>();

  /** Committed consensus operations (collection create/delete, node changes). */
  final AtomicLong commit = new AtomicLong();

  final AtomicLong term = new AtomicLong(1);
  final AtomicLong updateOperations = new AtomicLong();
  volatile Duration optimisationDelay = Duration.ZERO;
  volatile ResultDistortion distortion = ResultDistortion.NONE;

  ClusterState(int nodeCount, long seed) {
    this(nodeCount, nodeCount, seed);
  }

  /** {@code nodeCount} nodes of which the first {@code members} are peers from the start. */
  ClusterState(int nodeCount, int members, long seed) {
    this.nodeCount = nodeCount;
    this.member = new AtomicIntegerArray(nodeCount);
    for (int i = 0; i < members; i++) {
      member.set(i, 1);
    }
    this.peerIds = new long[nodeCount];
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = 0; i < nodeCount; i++) {
      // Qdrant peer ids are random unsigned 64-bit numbers; keep them positive for readability.
      peerIds[i] = random.nextLong(1L << 40, Long.MAX_VALUE);
    }
    this.status = new AtomicReferenceArray<>(nodeCount);
    for (int i = 0; i < nodeCount; i++) {
      status.set(i, NodeStatus.DOWN);
    }
  }

  NodeStatus status(int node) {
    return status.get(node);
  }

  /** A node whose replicas take part in reads and writes: up, and not paused. */
  boolean serving(int node) {
    return status.get(node) == NodeStatus.UP;
  }

  /** True for a peer of the cluster (a spare is not, until it joins; a removed peer is not). */
  boolean member(int node) {
    return member.get(node) == 1;
  }

  /** A spare node joins when it first starts, as a Qdrant node started with --bootstrap. */
  void join(int node) {
    if (member.compareAndSet(node, 0, 1)) {
      commit.incrementAndGet();
    }
  }

  /** The peer leaves the cluster (DELETE /cluster/peer/{id}). */
  void leave(int node) {
    if (member.compareAndSet(node, 1, 0)) {
      commit.incrementAndGet();
    }
  }

  List<Integer> members() {
    List<Integer> out = new ArrayList<>();
    for (int i = 0; i < nodeCount; i++) {
      if (member(i)) {
        out.add(i);
      }
    }
    return out;
  }

  /** The node of a peer id, or -1. */
  int nodeOf(long peerId) {
    for (int i = 0; i < nodeCount; i++) {
      if (peerIds[i] == peerId) {
        return i;
      }
    }
    return -1;
  }

  void setStatus(int node, NodeStatus s) {
    NodeStatus previous = status.getAndSet(node, s);
    if (previous != s) {
      commit.incrementAndGet();
      if (node == leader() || previous == NodeStatus.UP && s != NodeStatus.UP) {
        term.incrementAndGet();
      }
    }
  }

  /** The first serving peer plays the Raft leader. */
  int leader() {
    for (int i = 0; i < nodeCount; i++) {
      if (serving(i) && member(i)) {
        return i;
      }
    }
    return -1;
  }

  /** Serving peers: where a new collection places its replicas. */
  List<Integer> servingNodes() {
    List<Integer> nodes = new ArrayList<>();
    for (int i = 0; i < nodeCount; i++) {
      if (serving(i) && member(i)) {
        nodes.add(i);
      }
    }
    return nodes;
  }

  /**
   * Brings a returning node's replicas up to date: a replica that missed writes takes a copy of a
   * live peer replica (a shard transfer). Without a live peer it keeps its own data, as a Qdrant
   * node restarting from its storage volume would.
   */
  void recoverReplicas(int node) {
    for (TestCollection c : collections.values()) {
      for (List<Replica> shard : c.shards) {
        for (Replica r : shard) {
          if (r.node != node || !r.missedWrites) {
            continue;
          }
          for (Replica peer : shard) {
            if (peer != r && serving(peer.node) && !peer.missedWrites) {
              r.store = peer.store.copy();
              r.missedWrites = false;
              break;
            }
          }
        }
      }
    }
  }

  /** Forgets a node's stored data, as losing its storage volume would. */
  void wipeReplicas(int node) {
    for (TestCollection c : collections.values()) {
      for (List<Replica> shard : c.shards) {
        for (Replica r : shard) {
          if (r.node == node) {
            r.store = new PointStore(c.dim);
            r.missedWrites = true;
          }
        }
      }
    }
  }
}
