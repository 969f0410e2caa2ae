package io.qharness.workload.sparse;

import java.util.Arrays;

/**
 * A sparse vector as Qdrant stores it: strictly increasing dimension ids with their weights.
 *
 * @param indices dimension ids, strictly increasing, each at least 0
 * @param values one weight per dimension id
 */
public record SparseVector(int[] indices, float[] values) {
  public SparseVector {
    if (indices.length != values.length) {
      throw new IllegalArgumentException(
          "a sparse vector needs one value per index: "
              + indices.length
              + " indices, "
              + values.length
              + " values");
    }
    for (int i = 0; i < indices.length; i++) {
      if (indices[i] < 0 || (i > 0 && indices[i] <= indices[i - 1])) {
        throw new IllegalArgumentException(
            "sparse vector indices must be non-negative and strictly increasing; at position "
                + i
                + ": "
                + Arrays.toString(Arrays.copyOfRange(indices, Math.max(0, i - 1), i + 1)));
      }
    }
  }

  /** As Qdrant's gRPC message. */
  public io.qdrant.client.grpc.Points.SparseVector toProto() {
    io.qdrant.client.grpc.Points.SparseVector.Builder b =
        io.qdrant.client.grpc.Points.SparseVector.newBuilder();
    for (int j = 0; j < indices.length; j++) {
      b.addIndices(indices[j]).addValues(values[j]);
    }
    return b.build();
  }

  public int size() {
    return indices.length;
  }

  /** The dot product, by merging the two sorted index lists. */
  public double dot(SparseVector other) {
    int i = 0;
    int j = 0;
    double sum = 0;
    int[] a = indices;
    int[] b = other.indices;
    while (i < a.length && j < b.length) {
      if (a[i] == b[j]) {
        sum += (double) values[i++] * other.values[j++];
      } else if (a[i] < b[j]) {
        i++;
      } else {
        j++;
      }
    }
    return sum;
  }
}
