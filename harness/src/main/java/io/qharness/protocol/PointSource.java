package io.qharness.protocol;

import io.qdrant.client.grpc.Points.PointStruct;
import io.qdrant.client.grpc.Points.ShardKeySelector;
import java.util.List;

/**
 * The batches an upsert action writes, shared by its virtual users. qharness's data sets give one
 * ({@code io.qharness.workload.PointBatches}: an upload in order, or random overwrites).
 */
@FunctionalInterface
public interface PointSource {
  /**
   * The next batch, or null (or empty) once a finite source has handed out every point: the request
   * is then skipped, nothing sent or reported. Called from any thread.
   */
  List<PointStruct> next();

  /** The shard keys a batch goes to (custom sharding), or null: Qdrant places it by id. */
  default ShardKeySelector shardKey(List<PointStruct> batch) {
    return null;
  }
}
