package io.qharness.results;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.List;

/**
 * One collection merged over the nodes' views, as {@code cluster status} prints it and run.json
 * records it.
 */
public record CollectionState(
    String name,
    String status,
    long points,
    Long indexedVectors,
    int shardNumber,
    int replicationFactor,
    int vectorSize,
    String distance,
    Integer hnswM,
    Integer hnswEfConstruct,
    Long fullScanThresholdKb,
    Long indexingThresholdKb,
    boolean onDisk,
    String quantization,
    List<Replica> replicas,
    String failure) {

  /** One replica of one shard. */
  public record Replica(int shard, long peer, String state) {}

  /**
   * Points but no vector in an HNSW index: below Qdrant's indexing_threshold, every search is a
   * full scan.
   */
  @JsonIgnore
  public boolean unindexed() {
    return points > 0 && indexedVectors != null && indexedVectors == 0;
  }
}
