package io.qharness.testcluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
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
  final ConcurrentHashMap<String, TestCollection> collections = new ConcurrentHashMap<>();

  /** Committed consensus operations (collection create/delete, node changes). */
  final AtomicLong commit = new AtomicLong();

  final AtomicLong term = new AtomicLong(1);
  final AtomicLong updateOperations = new AtomicLong();
  volatile Duration optimisationDelay = Duration.ZERO;
  volatile ResultDistortion distortion = ResultDistortion.NONE;

  ClusterState(int nodeCount, long seed) {
    this.nodeCount = nodeCount;
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

  void setStatus(int node, NodeStatus s) {
    NodeStatus previous = status.getAndSet(node, s);
    if (previous != s) {
      commit.incrementAndGet();
      if (node == leader() || previous == NodeStatus.UP && s != NodeStatus.UP) {
        term.incrementAndGet();
      }
    }
  }

  /** The first serving node plays the Raft leader. */
  int leader() {
    for (int i = 0; i < nodeCount; i++) {
      if (serving(i)) {
        return i;
      }
    }
    return -1;
  }

  List<Integer> servingNodes() {
    List<Integer> nodes = new ArrayList<>();
    for (int i = 0; i < nodeCount; i++) {
      if (serving(i)) {
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
