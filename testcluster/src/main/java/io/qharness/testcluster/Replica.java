package io.qharness.testcluster;

import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

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

  /** The replica's one segment, as Qdrant's telemetry names segments. */
  final String segmentUuid = UUID.randomUUID().toString();

  /**
   * Searches per telemetry counter name ({@link SearchPathModel}); reset when the node restarts, as
   * Qdrant's are.
   */
  private volatile ConcurrentHashMap<String, LongAdder> searches = new ConcurrentHashMap<>();

  void countSearch(String path) {
    searches.computeIfAbsent(path, k -> new LongAdder()).increment();
  }

  Map<String, Long> searches() {
    Map<String, Long> out = new TreeMap<>();
    searches.forEach((k, v) -> out.put(k, v.sum()));
    return out;
  }

  void resetSearches() {
    searches = new ConcurrentHashMap<>();
  }

  Replica(int shardId, int node, PointStore store) {
    this.shardId = shardId;
    this.node = node;
    this.store = store;
  }
}
