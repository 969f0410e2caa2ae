package io.qharness.workload.multi;

import io.qharness.protocol.MultiVectorQueries;
import java.util.concurrent.atomic.AtomicLong;

/** Query multivectors with their exact MaxSim top-k, handed out round-robin. */
public final class MultiVectorQuerySet implements MultiVectorQueries {
  private final float[][][] queries;
  private final long[][] truth;
  private final AtomicLong cursor = new AtomicLong();

  public MultiVectorQuerySet(float[][][] queries, long[][] truth) {
    if (queries.length == 0 || (truth != null && truth.length != queries.length)) {
      throw new IllegalArgumentException(
          "a multivector query set needs at least one query and, if any, ground truth per query");
    }
    this.queries = queries;
    this.truth = truth;
  }

  public int next() {
    return (int) Math.floorMod(cursor.getAndIncrement(), (long) queries.length);
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
