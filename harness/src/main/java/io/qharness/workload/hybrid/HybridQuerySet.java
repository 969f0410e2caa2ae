package io.qharness.workload.hybrid;

import io.qharness.protocol.HybridQueries;
import io.qharness.workload.Slices;
import io.qharness.workload.sparse.SparseVector;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Hybrid queries held in memory: per query a dense vector and a sparse vector, and when known what
 * the fused top-k may rightly hold ({@link HybridGroundTruth}), handed out round-robin without
 * allocation.
 */
public final class HybridQuerySet implements HybridQueries {
  private final float[][] dense;
  private final SparseVector[] sparse;
  private final long[][] expected;
  private final String description;
  private final AtomicLong cursor = new AtomicLong();
  private int sliceIndex;
  private int sliceCount = 1;

  public HybridQuerySet(
      float[][] dense, SparseVector[] sparse, long[][] expected, String description) {
    if (dense.length == 0 || dense.length != sparse.length) {
      throw new IllegalArgumentException(
          "a hybrid query set needs as many sparse as dense queries, at least one: "
              + dense.length
              + " dense, "
              + sparse.length
              + " sparse");
    }
    if (expected != null && expected.length != dense.length) {
      throw new IllegalArgumentException(
          "ground truth has " + expected.length + " rows for " + dense.length + " queries");
    }
    this.dense = dense;
    this.sparse = sparse;
    this.expected = expected;
    this.description = description;
  }

  /**
   * Injector {@code index}'s share of the queries when {@code count} injectors send them: queries
   * index, index + count, ...; call before the first query.
   */
  public HybridQuerySet slice(int index, int count) {
    Slices.check(index, count, dense.length, "hybrid queries");
    this.sliceIndex = index;
    this.sliceCount = count;
    return this;
  }

  public int next() {
    return Slices.next(cursor, dense.length, sliceIndex, sliceCount);
  }

  public int size() {
    return dense.length;
  }

  public float[] dense(int i) {
    return dense[i];
  }

  public SparseVector sparse(int i) {
    return sparse[i];
  }

  @Override
  public io.qdrant.client.grpc.Points.SparseVector sparseVector(int i) {
    return sparse[i].toProto();
  }

  /** What the fused top-k of query i may hold, or null without ground truth. */
  public long[] expected(int i) {
    return expected == null ? null : expected[i];
  }

  public String description() {
    return description;
  }
}
