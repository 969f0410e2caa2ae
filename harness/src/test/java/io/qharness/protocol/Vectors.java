package io.qharness.protocol;

import io.qdrant.client.grpc.Common.PointId;
import io.qdrant.client.grpc.JsonWithInt.Value;
import io.qdrant.client.grpc.Points;
import io.qdrant.client.grpc.Points.DenseVector;
import io.qdrant.client.grpc.Points.PointStruct;
import io.qdrant.client.grpc.Points.Vector;
import io.qharness.workload.TestVectors;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/** Test data and a naive, independent reference for Qdrant's ranking. */
final class Vectors {
  private Vectors() {}

  static float[][] random(int n, int dim, long seed) {
    return TestVectors.random(n, dim, seed);
  }

  static List<PointStruct> points(float[][] vectors, long firstId) {
    List<PointStruct> out = new ArrayList<>();
    for (int i = 0; i < vectors.length; i++) {
      out.add(
          point(
              firstId + i,
              vectors[i],
              Map.of(
                  "group",
                  Value.newBuilder().setStringValue(i % 2 == 0 ? "even" : "odd").build())));
    }
    return out;
  }

  static PointStruct point(long id, float[] v, Map<String, Value> payload) {
    DenseVector.Builder d = DenseVector.newBuilder();
    for (float x : v) {
      d.addData(x);
    }
    return PointStruct.newBuilder()
        .setId(PointId.newBuilder().setNum(id))
        .setVectors(Points.Vectors.newBuilder().setVector(Vector.newBuilder().setDense(d)))
        .putAllPayload(payload)
        .build();
  }

  /** Qdrant's score of {@code v} for query {@code q}, computed naively in double precision. */
  static double score(String distance, float[] q, float[] v) {
    double dot = 0;
    double qq = 0;
    double vv = 0;
    double l2 = 0;
    double l1 = 0;
    for (int i = 0; i < q.length; i++) {
      dot += (double) q[i] * v[i];
      qq += (double) q[i] * q[i];
      vv += (double) v[i] * v[i];
      l2 += ((double) q[i] - v[i]) * ((double) q[i] - v[i]);
      l1 += Math.abs((double) q[i] - v[i]);
    }
    switch (distance) {
      case "Cosine":
        return dot / Math.sqrt(qq) / Math.sqrt(vv);
      case "Dot":
        return dot;
      case "Euclid":
        return Math.sqrt(l2);
      default:
        return l1;
    }
  }

  static boolean higherIsBetter(String distance) {
    return distance.equals("Cosine") || distance.equals("Dot");
  }

  /** The ids (firstId + index) of the k best vectors for query q. */
  static long[] nearest(String distance, float[] q, float[][] data, long firstId, int k) {
    Comparator<Integer> order = Comparator.comparingDouble(i -> score(distance, q, data[i]));
    if (higherIsBetter(distance)) {
      order = order.reversed();
    }
    return IntStream.range(0, data.length)
        .boxed()
        .sorted(order)
        .limit(k)
        .mapToLong(i -> firstId + i)
        .toArray();
  }

  static String str(long[] ids) {
    return Arrays.toString(ids);
  }
}
