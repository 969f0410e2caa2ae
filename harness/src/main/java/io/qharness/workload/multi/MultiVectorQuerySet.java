package io.qharness.workload.multi;

import io.qharness.protocol.MultiVectorQueries;
import io.qharness.workload.Slices;
import java.util.concurrent.atomic.AtomicLong;

/** Query multivectors with their exact MaxSim top-k, handed out round-robin. */
public final class MultiVectorQuerySet implements MultiVectorQueries {
  private final float[][][] queries;
  private final long[][] truth;
  private final AtomicLong cursor = new AtomicLong();
  private int sliceIndex;
  private int sliceCount = 1;

  public MultiVectorQuerySet(float[][][] queries, long[][] truth) {
    if (queries.length == 0 || (truth != null && truth.length != queries.length)) {
      throw new IllegalArgumentException(
          "a multivector query set needs at least one query and, if any, ground truth per query");
    }
    this.queries = queries;
    this.truth = truth;
  }

  /**
   * Injector {@code index}'s share of the queries when {@code count} injectors send them: queries
   * index, index + count, ...; call before the first query.
   */
  public MultiVectorQuerySet slice(int index, int count) {
    Slices.check(index, count, queries.length, "multivector queries");
    this.sliceIndex = index;
    this.sliceCount = count;
    return this;
  }

  public int next() {
    return Slices.next(cursor, queries.length, sliceIndex, sliceCount);
  }

  public float[][] query(int i) {
    return queries[i];
  }

  /** Exact top-k ids of query i, best first, or null without ground truth. */
  public long[] truth(int i) {
    return truth == null ? null : truth[i];
  }

  public int size() {
    return queries.length;
  }
}
