package io.qharness.protocol;

import io.qdrant.client.grpc.Common.PointId;
import io.qdrant.client.grpc.Points.RetrievedPoint;
import io.qdrant.client.grpc.Points.ScoredPoint;
import io.qdrant.client.grpc.Points.UpdateResult;
import io.qharness.protocol.internal.Recall;
import java.util.List;

/**
 * What checks see of a successful response. Search and Query give {@link #points()}, SearchBatch
 * {@link #batches()}, Count {@link #count()}, Retrieve {@link #retrieved()}, Upsert {@link
 * #update()}, collection calls {@link #acknowledged()}. {@link #expectedIds()} holds the ground
 * truth of the query sent, when the action knows it.
 */
public final class QdrantResult {
  /** The kind of response, which decides which checks apply. */
  public enum Kind {
    POINTS,
    BATCH,
    COUNT,
    RETRIEVED,
    UPDATE,
    COLLECTION
  }

  private final Kind kind;
  private final List<ScoredPoint> points;
  private final List<List<ScoredPoint>> batches;
  private final long count;
  private final List<RetrievedPoint> retrieved;
  private final UpdateResult update;
  private final boolean acknowledged;
  private long[] expectedIds;
  private int k;

  private QdrantResult(
      Kind kind,
      List<ScoredPoint> points,
      List<List<ScoredPoint>> batches,
      long count,
      List<RetrievedPoint> retrieved,
      UpdateResult update,
      boolean acknowledged) {
    this.kind = kind;
    this.points = points;
    this.batches = batches;
    this.count = count;
    this.retrieved = retrieved;
    this.update = update;
    this.acknowledged = acknowledged;
  }

  /** A search's hits. */
  public static QdrantResult points(List<ScoredPoint> points) {
    return new QdrantResult(Kind.POINTS, points, null, 0, null, null, true);
  }

  /**
   * A search's hits and the exact top-k they are judged against by recall checks ({@code ids} null:
   * no ground truth).
   */
  public static QdrantResult points(List<ScoredPoint> points, long[] ids, int k) {
    return points(points).expect(ids, k);
  }

  /** A batch search's hits, per query. */
  public static QdrantResult batches(List<List<ScoredPoint>> batches) {
    return new QdrantResult(Kind.BATCH, null, batches, 0, null, null, true);
  }

  /** A count. */
  public static QdrantResult count(long count) {
    return new QdrantResult(Kind.COUNT, null, null, count, null, null, true);
  }

  /** A retrieve's points. */
  public static QdrantResult retrieved(List<RetrievedPoint> points) {
    return new QdrantResult(Kind.RETRIEVED, null, null, 0, points, null, true);
  }

  /** A write's result. */
  public static QdrantResult update(UpdateResult update) {
    return new QdrantResult(Kind.UPDATE, null, null, 0, null, update, true);
  }

  /** A collection operation's result. */
  public static QdrantResult collection(boolean acknowledged) {
    return new QdrantResult(Kind.COLLECTION, null, null, 0, null, null, acknowledged);
  }

  QdrantResult expect(long[] ids, int k) {
    this.expectedIds = ids;
    this.k = k;
    return this;
  }

  /** Which kind of response this is; checks say which kinds they apply to. */
  public Kind kind() {
    return kind;
  }

  /** The hits of a search, best first. */
  public List<ScoredPoint> points() {
    return points;
  }

  /** The hits of each query of a batch search. */
  public List<List<ScoredPoint>> batches() {
    return batches;
  }

  /** The counted points. */
  public long count() {
    return count;
  }

  /** The points a retrieve returned. */
  public List<RetrievedPoint> retrieved() {
    return retrieved;
  }

  /** What a write returned. */
  public UpdateResult update() {
    return update;
  }

  /** Whether a collection operation was acknowledged. */
  public boolean acknowledged() {
    return acknowledged;
  }

  /** The exact nearest ids of the query sent (best first), or null when not known. */
  public long[] expectedIds() {
    return expectedIds;
  }

  /** The k of recall@k: the request's limit. */
  public int k() {
    return k;
  }

  /**
   * recall@k of the returned points against the expected ids: the share of the expected top-k found
   * among the first k results. NaN when nothing is expected or ids are not numeric.
   */
  public double recall() {
    if (expectedIds == null || kind != Kind.POINTS) {
      return Double.NaN;
    }
    return Recall.of(points, expectedIds, k);
  }

  /** Numeric ids of the returned points (UUID ids become -1). */
  public long[] ids() {
    List<?> list = kind == Kind.RETRIEVED ? retrieved : points;
    if (list == null) {
      return new long[0];
    }
    long[] out = new long[list.size()];
    for (int i = 0; i < out.length; i++) {
      Object p = list.get(i);
      PointId id =
          p instanceof ScoredPoint ? ((ScoredPoint) p).getId() : ((RetrievedPoint) p).getId();
      out[i] = id.hasNum() ? id.getNum() : -1;
    }
    return out;
  }
}
