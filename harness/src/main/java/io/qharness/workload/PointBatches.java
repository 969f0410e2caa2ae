package io.qharness.workload;

import io.qdrant.client.grpc.Common.PointId;
import io.qdrant.client.grpc.JsonWithInt.Value;
import io.qdrant.client.grpc.Points.PointStruct;
import io.qdrant.client.grpc.Points.ShardKeySelector;
import io.qdrant.client.grpc.Points.Vector;
import io.qdrant.client.grpc.Points.Vectors;
import io.qharness.grpc.ProtoVectors;
import io.qharness.protocol.PointSource;
import io.qharness.workload.vectors.VectorSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;

/**
 * Batches of points built from a vector set, for upserts. In {@link Mode#SEQUENTIAL} mode
 * concurrent callers share one cursor over [0, size) and so upload disjoint batches once each; in
 * {@link Mode#RANDOM_OVERWRITE} mode each batch re-writes random existing ids with their own
 * vectors, a steady write load that leaves the data set, and so its ground truth, unchanged. Point
 * id i carries vector i.
 */
public final class PointBatches implements PointSource {
  /** How ids are chosen. */
  public enum Mode {
    SEQUENTIAL,
    RANDOM_OVERWRITE
  }

  private final VectorSet vectors;
  private final LongFunction<Vectors> vectorsOf;
  private final int batchSize;
  private final Mode mode;
  private final LongFunction<Map<String, Value>> payloads;
  private final AtomicLong cursor = new AtomicLong();
  private final long size;
  private int sliceIndex;
  private int sliceCount = 1;
  private long[] batchStarts; // when set, the cursor counts batches [starts[b], starts[b + 1])
  private LongFunction<ShardKeySelector> shardKeyOfId;

  public PointBatches(
      VectorSet vectors, int batchSize, Mode mode, LongFunction<Map<String, Value>> payloads) {
    if (batchSize < 1 || batchSize > 100_000) {
      throw new IllegalArgumentException("batch size must be within 1..100000, got " + batchSize);
    }
    this.vectors = vectors;
    this.vectorsOf = null;
    this.batchSize = batchSize;
    this.mode = mode;
    this.payloads = payloads;
    this.size = vectors.size();
  }

  /**
   * Batches of {@code size} points whose vectors come from {@code vectorsOf} (named, sparse or
   * multivectors: point id i carries vectorsOf(i)).
   */
  public PointBatches(
      long size,
      LongFunction<Vectors> vectorsOf,
      int batchSize,
      Mode mode,
      LongFunction<Map<String, Value>> payloads) {
    if (batchSize < 1 || batchSize > 100_000) {
      throw new IllegalArgumentException("batch size must be within 1..100000, got " + batchSize);
    }
    this.vectors = null;
    this.vectorsOf = vectorsOf;
    this.batchSize = batchSize;
    this.mode = mode;
    this.payloads = payloads;
    this.size = size;
  }

  /**
   * Random overwrites limited to injector {@code index}'s share of the ids when {@code count}
   * injectors write together (ids index, index + count, ...), so no two write the same point and
   * the write audit of each part is its own. Call before the first batch.
   */
  public PointBatches slice(int index, int count) {
    if (mode != Mode.RANDOM_OVERWRITE) {
      throw new IllegalStateException("only random overwrites are shared by id");
    }
    Slices.check(
        index,
        (int) Math.min(count, Integer.MAX_VALUE),
        (int) Math.min(size, Integer.MAX_VALUE),
        "points");
    this.sliceIndex = index;
    this.sliceCount = count;
    return this;
  }

  /**
   * A sequential upload in the batches given, batch b being ids [starts[b], starts[b + 1]) (each at
   * most the batch size), each sent to the shard key its first point's id maps to ({@code
   * shardKeyOfId} may be null: automatic sharding). Call before the first batch.
   */
  public PointBatches inBatches(long[] starts, LongFunction<ShardKeySelector> shardKeyOfId) {
    if (mode != Mode.SEQUENTIAL || starts.length < 1 || starts[starts.length - 1] != size) {
      throw new IllegalArgumentException(
          "batch starts must end at the set's size " + size + " in a sequential upload");
    }
    for (int b = 0; b + 1 < starts.length; b++) {
      long n = starts[b + 1] - starts[b];
      if (n < 1 || n > batchSize) {
        throw new IllegalArgumentException(
            "batch " + b + " holds " + n + " points, not within 1.." + batchSize);
      }
    }
    this.batchStarts = starts.clone();
    this.shardKeyOfId = shardKeyOfId;
    return this;
  }

  @Override
  public ShardKeySelector shardKey(List<PointStruct> batch) {
    return shardKeyOfId == null || batch.isEmpty()
        ? null
        : shardKeyOfId.apply(batch.get(0).getId().getNum());
  }

  public static PointBatches sequential(VectorSet vectors, int batchSize) {
    return new PointBatches(vectors, batchSize, Mode.SEQUENTIAL, null);
  }

  public int batchSize() {
    return batchSize;
  }

  public long size() {
    return size;
  }

  /** Points handed out so far (sequential mode), capped at the set's size. */
  public long taken() {
    if (batchStarts != null) {
      return batchStarts[(int) Math.min(cursor.get(), batchStarts.length - 1)];
    }
    return Math.min(cursor.get(), size);
  }

  /** True once a sequential upload has handed out every point. */
  public boolean exhausted() {
    if (batchStarts != null) {
      return cursor.get() >= batchStarts.length - 1;
    }
    return mode == Mode.SEQUENTIAL && cursor.get() >= size;
  }

  /** The next batch, or null when a sequential upload is done. */
  public List<PointStruct> next() {
    if (mode == Mode.RANDOM_OVERWRITE) {
      List<PointStruct> out = new ArrayList<>(batchSize);
      ThreadLocalRandom r = ThreadLocalRandom.current();
      float[] buf = vectors == null ? null : new float[vectors.dimension()];
      for (int i = 0; i < batchSize; i++) {
        long inShare = (size - sliceIndex + sliceCount - 1) / sliceCount;
        out.add(point(sliceIndex + sliceCount * r.nextLong(inShare), buf));
      }
      return out;
    }
    long from;
    long to;
    if (batchStarts != null) {
      long b = cursor.getAndIncrement();
      if (b >= batchStarts.length - 1) {
        return null;
      }
      from = batchStarts[(int) b];
      to = batchStarts[(int) b + 1];
    } else {
      from = cursor.getAndAdd(batchSize);
      if (from >= size) {
        return null;
      }
      to = Math.min(size, from + batchSize);
    }
    List<PointStruct> out = new ArrayList<>((int) (to - from));
    float[] buf = vectors == null ? null : new float[vectors.dimension()];
    for (long id = from; id < to; id++) {
      out.add(point(id, buf));
    }
    return out;
  }

  private PointStruct point(long id, float[] buf) {
    PointStruct.Builder p = PointStruct.newBuilder().setId(PointId.newBuilder().setNum(id));
    if (vectorsOf != null) {
      p.setVectors(vectorsOf.apply(id));
    } else {
      vectors.read(id, buf);
      p.setVectors(
          Vectors.newBuilder().setVector(Vector.newBuilder().setDense(ProtoVectors.dense(buf))));
    }
    if (payloads != null) {
      p.putAllPayload(payloads.apply(id));
    }
    return p.build();
  }
}
