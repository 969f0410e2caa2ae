package io.qharness.workload;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Recall summed per query index while a load runs, without allocation: one counter pair per query,
 * so recall can be told apart by what each query searched (a tenant, a filter).
 */
public final class QueryRecall {
  private static final double SCALE = 1e6;
  private final AtomicLongArray sums;
  private final AtomicLongArray counts;

  public QueryRecall(int queries) {
    sums = new AtomicLongArray(queries);
    counts = new AtomicLongArray(queries);
  }

  public void add(int query, double recall) {
    sums.addAndGet(query, Math.round(recall * SCALE));
    counts.incrementAndGet(query);
  }

  /** Responses measured for query i. */
  public long count(int query) {
    return counts.get(query);
  }

  /** Recall summed over query i's responses. */
  public double sum(int query) {
    return sums.get(query) / SCALE;
  }

  public int size() {
    return sums.length();
  }
}
