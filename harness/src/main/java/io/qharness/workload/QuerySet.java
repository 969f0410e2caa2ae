package io.qharness.workload;

import io.qdrant.client.grpc.Common.Filter;
import io.qdrant.client.grpc.Points.ShardKeySelector;
import io.qharness.protocol.QueryVectors;
import io.qharness.workload.vectors.VectorSet;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

/**
 * Query vectors held in memory (a few thousand at most), each with its exact nearest ids when
 * known, handed out round-robin to concurrent virtual users without allocation.
 */
public final class QuerySet implements QueryVectors {
  private final float[][] vectors;
  private final long[][] groundTruth;
  private final Filter[] filters;
  private final ShardKeySelector[] shardKeys;
  private final QueryRecall recall;
  private final AtomicLong cursor = new AtomicLong();
  private final String description;
  private final IntFunction<long[]> liveTruth;
  private final int sliceIndex;
  private final int sliceCount;

  public QuerySet(float[][] vectors, long[][] groundTruth, String description) {
    this(vectors, groundTruth, null, description);
  }

  public QuerySet(float[][] vectors, long[][] groundTruth, Filter[] filters, String description) {
    this(vectors, groundTruth, filters, null, null, description, null, 0, 1);
    if (vectors.length == 0) {
      throw new IllegalArgumentException("a query set needs at least one query vector");
    }
    if (groundTruth != null && groundTruth.length != vectors.length) {
      throw new IllegalArgumentException(
          "ground truth has " + groundTruth.length + " rows for " + vectors.length + " queries");
    }
    if (filters != null && filters.length != vectors.length) {
      throw new IllegalArgumentException(
          "got " + filters.length + " filters for " + vectors.length + " queries");
    }
  }

  @SuppressWarnings("checkstyle:ParameterNumber")
  private QuerySet(
      float[][] vectors,
      long[][] groundTruth,
      Filter[] filters,
      ShardKeySelector[] shardKeys,
      QueryRecall recall,
      String description,
      IntFunction<long[]> liveTruth,
      int sliceIndex,
      int sliceCount) {
    this.vectors = vectors;
    this.groundTruth = groundTruth;
    this.filters = filters;
    this.shardKeys = shardKeys;
    this.recall = recall;
    this.description = description;
    this.liveTruth = liveTruth;
    this.sliceIndex = sliceIndex;
    this.sliceCount = sliceCount;
  }

  /**
   * Injector {@code index}'s share of the queries when {@code count} injectors send them: queries
   * index, index + count, ... in turn, so no two injectors send the same query.
   */
  public QuerySet slice(int index, int count) {
    Slices.check(index, count, vectors.length, "queries");
    return count == 1
        ? this
        : new QuerySet(
            vectors,
            groundTruth,
            filters,
            shardKeys,
            recall,
            description + ", queries " + index + " + " + count + "k (injector share)",
            liveTruth,
            index,
            count);
  }

  /**
   * The same queries with ground truth computed when each request is sent: for a collection that
   * changes under the load (see {@code workload.truth.GrowingGroundTruth}).
   */
  public QuerySet withLiveGroundTruth(IntFunction<long[]> truth, String what) {
    return new QuerySet(
        vectors,
        null,
        filters,
        shardKeys,
        recall,
        description + ", " + what,
        truth,
        sliceIndex,
        sliceCount);
  }

  /** The first {@code count} vectors of a set, without ground truth. */
  public static QuerySet of(VectorSet source, int count) {
    int n = (int) Math.min(count, source.size());
    float[][] v = new float[n][];
    for (int i = 0; i < n; i++) {
      v[i] = source.get(i);
    }
    return new QuerySet(v, null, source.description() + " first " + n);
  }

  public QuerySet withGroundTruth(long[][] truth) {
    if (truth != null && truth.length != vectors.length) {
      throw new IllegalArgumentException(
          "ground truth has " + truth.length + " rows for " + vectors.length + " queries");
    }
    return new QuerySet(
        vectors, truth, filters, shardKeys, recall, description, null, sliceIndex, sliceCount);
  }

  /** The same queries, each restricted by its own payload filter. */
  public QuerySet withFilters(Filter[] perQuery, String what) {
    return new QuerySet(vectors, null, perQuery, description + ", filtered by " + what);
  }

  /** The same queries, each sent to its own shard keys (custom sharding). */
  public QuerySet withShardKeys(ShardKeySelector[] perQuery, String what) {
    if (perQuery.length != vectors.length) {
      throw new IllegalArgumentException(
          "got " + perQuery.length + " shard key selectors for " + vectors.length + " queries");
    }
    return new QuerySet(
        vectors,
        groundTruth,
        filters,
        perQuery,
        recall,
        description + ", on " + what,
        liveTruth,
        sliceIndex,
        sliceCount);
  }

  /** The same queries, their recall summed per query into {@code sink}. */
  public QuerySet withRecallPerQuery(QueryRecall sink) {
    if (sink.size() != vectors.length) {
      throw new IllegalArgumentException(
          "a recall sink of " + sink.size() + " queries for " + vectors.length);
    }
    return new QuerySet(
        vectors,
        groundTruth,
        filters,
        shardKeys,
        sink,
        description,
        liveTruth,
        sliceIndex,
        sliceCount);
  }

  @Override
  public ShardKeySelector shardKeys(int i) {
    return shardKeys == null ? null : shardKeys[i];
  }

  @Override
  public void recalled(int i, double r) {
    if (recall != null) {
      recall.add(i, r);
    }
  }

  /** The payload filter of query {@code i}, or null. */
  @Override
  public Filter filter(int i) {
    return filters == null ? null : filters[i];
  }

  /** All query vectors (shared, do not modify). */
  public float[][] vectors() {
    return vectors;
  }

  public int size() {
    return vectors.length;
  }

  public int dimension() {
    return vectors[0].length;
  }

  /** The next query index, round-robin across all callers. */
  public int next() {
    return Slices.next(cursor, vectors.length, sliceIndex, sliceCount);
  }

  public float[] vector(int i) {
    return vectors[i];
  }

  /** Exact nearest ids of query {@code i}, best first; null when unknown. */
  public long[] groundTruth(int i) {
    if (liveTruth != null) {
      return liveTruth.apply(i);
    }
    return groundTruth == null ? null : groundTruth[i];
  }

  public boolean hasGroundTruth() {
    return groundTruth != null || liveTruth != null;
  }

  public String description() {
    return description;
  }
}
