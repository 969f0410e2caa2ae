package io.qharness.grpc;

import com.google.protobuf.Internal;
import io.qdrant.client.grpc.Points.DenseVector;
import io.qdrant.client.grpc.Points.MultiDenseVector;

/**
 * Vectors as Qdrant's gRPC messages: one place for the copy loops every request and point needs.
 */
public final class ProtoVectors {
  private ProtoVectors() {}

  /** Protobuf's own unboxed float list: what the generated builders hold their floats in. */
  private static final Internal.FloatList EMPTY =
      (Internal.FloatList) DenseVector.getDefaultInstance().getDataList();

  private static final ThreadLocal<Internal.FloatList> SCRATCH =
      ThreadLocal.withInitial(() -> EMPTY.mutableCopyWithCapacity(1024));

  /**
   * The vector as the generated message. The floats go into a reused protobuf list and from there
   * into the builder in one array copy: the builder's {@code addData(float)} checks mutability and
   * notifies a change on every float, 3-4x the cost (4.8 against 1.3 µs for 768 floats), which was
   * a seventh of an upload's CPU per point.
   */
  public static DenseVector dense(float[] v) {
    return DenseVector.newBuilder().addAllData(floats(v)).build();
  }

  /** {@code v} in this thread's scratch list, valid until its next call on this thread. */
  private static Internal.FloatList floats(float[] v) {
    Internal.FloatList list = SCRATCH.get();
    list.clear();
    for (float x : v) {
      list.addFloat(x);
    }
    return list;
  }

  public static MultiDenseVector multi(float[][] vectors) {
    MultiDenseVector.Builder m = MultiDenseVector.newBuilder();
    for (float[] v : vectors) {
      m.addVectors(dense(v));
    }
    return m.build();
  }
}
