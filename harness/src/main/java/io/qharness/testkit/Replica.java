package io.qharness.testkit;

/**
 * One copy of a shard on one node. A replica that missed writes while its node was away is
 * refreshed from a live peer replica when the node returns, as a Qdrant shard transfer would.
 */
final class Replica {
  final int shardId;
  final int node;
  volatile PointStore store;
  /** Set when a write skipped this replica because its node was not serving. */
  volatile boolean missedWrites;

  Replica(int shardId, int node, PointStore store) {
    this.shardId = shardId;
    this.node = node;
    this.store = store;
  }
}
