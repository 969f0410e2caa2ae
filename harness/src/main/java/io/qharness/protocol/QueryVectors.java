package io.qharness.protocol;

import io.qdrant.client.grpc.Common.Filter;
import io.qdrant.client.grpc.Points.ShardKeySelector;

/**
 * The query vectors a nearest-neighbour action takes in turn, shared by its virtual users.
 * qharness's query sets implement it ({@code io.qharness.workload.QuerySet}, with exact ground
 * truth); so can your own source.
 */
public interface QueryVectors {
  /** The index of the next query: called once per request, from any thread. */
  int next();

  /** Query {@code i}'s vector; not copied, so not to be changed. */
  float[] vector(int i);

  /** The exact nearest ids of query {@code i}, best first, or null: then no recall is measured. */
  default long[] groundTruth(int i) {
    return null;
  }

  /** The filter query {@code i} is sent with, or null. */
  default Filter filter(int i) {
    return null;
  }

  /** The shard keys query {@code i} is sent to (custom sharding), or null: every shard. */
  default ShardKeySelector shardKeys(int i) {
    return null;
  }

  /** Called with the recall@k of each response to query {@code i}, from any thread. */
  default void recalled(int i, double recall) {}
}
