package io.qharness.grpc;

import io.qdrant.client.grpc.Points.DenseVector;
import io.qdrant.client.grpc.Points.MultiDenseVector;

/**
 * Vectors as Qdrant's gRPC messages: one place for the copy loops every request and point needs.
 */
public final class ProtoVectors {
  private ProtoVectors() {}

  public static DenseVector dense(float[] v) {
    DenseVector.Builder d = DenseVector.newBuilder();
    for (float x : v) {
      d.addData(x);
    }
    return d.build();
  }

  public static MultiDenseVector multi(float[][] vectors) {
    MultiDenseVector.Builder m = MultiDenseVector.newBuilder();
    for (float[] v : vectors) {
      m.addVectors(dense(v));
    }
    return m.build();
  }
}
