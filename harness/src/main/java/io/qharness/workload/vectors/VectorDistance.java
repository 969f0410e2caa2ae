package io.qharness.workload.vectors;

import io.qdrant.client.grpc.Collections.Distance;
import io.qharness.workload.kernels.Kernels;
import java.util.Locale;

/**
 * Qdrant's distance functions with Qdrant's scoring conventions, shared by the test cluster and the
 * ground-truth computation so that both rank exactly as Qdrant does.
 *
 * <p>Cosine vectors are normalised once (Qdrant does it at upsert) and then scored by dot product;
 * Cosine and Dot rank higher scores first. Euclid reports the L2 distance and Manhattan the L1
 * distance, both ranked ascending.
 */
public enum VectorDistance {
  COSINE(true, Distance.Cosine),
  DOT(true, Distance.Dot),
  EUCLID(false, Distance.Euclid),
  MANHATTAN(false, Distance.Manhattan);

  private final boolean higherIsBetter;
  private final Distance proto;

  VectorDistance(boolean higherIsBetter, Distance proto) {
    this.higherIsBetter = higherIsBetter;
    this.proto = proto;
  }

  /** True when a larger score is a closer match (Cosine, Dot). */
  public boolean higherIsBetter() {
    return higherIsBetter;
  }

  public Distance toProto() {
    return proto;
  }

  public static VectorDistance fromProto(Distance distance) {
    for (VectorDistance d : values()) {
      if (d.proto == distance) {
        return d;
      }
    }
    throw new IllegalArgumentException(
        "unsupported distance " + distance + "; allowed: Cosine, Dot, Euclid, Manhattan");
  }

  /** Parses a user-given name (case-insensitive; "euclidean", "angular" and "l2" accepted). */
  public static VectorDistance parse(String name) {
    switch (name.trim().toLowerCase(Locale.ROOT)) {
      case "cosine":
      case "angular":
        return COSINE;
      case "dot":
      case "ip":
        return DOT;
      case "euclid":
      case "euclidean":
      case "l2":
        return EUCLID;
      case "manhattan":
      case "l1":
        return MANHATTAN;
      default:
        throw new IllegalArgumentException(
            "unknown distance '" + name + "'; allowed: Cosine, Dot, Euclid, Manhattan");
    }
  }

  /**
   * The vector as stored by Qdrant: a normalised copy for Cosine, the vector itself otherwise. Zero
   * vectors stay zero, as in Qdrant.
   */
  public float[] prepare(float[] v) {
    if (this != COSINE) {
      return v;
    }
    double norm = 0;
    for (float x : v) {
      norm += (double) x * x;
    }
    if (norm == 0) {
      return v.clone();
    }
    float inv = (float) (1.0 / Math.sqrt(norm));
    float[] out = new float[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = v[i] * inv;
    }
    return out;
  }

  /**
   * Qdrant's reported score between a prepared query and a prepared stored vector held at {@code
   * offset} of a flat array.
   */
  public float score(float[] query, float[] data, int offset) {
    switch (this) {
      case COSINE:
      case DOT:
        return dot(query, data, offset);
      case EUCLID:
        return (float) Math.sqrt(squaredL2(query, data, offset));
      default:
        return l1(query, data, offset);
    }
  }

  public float score(float[] query, float[] vector) {
    return score(query, vector, 0);
  }

  /** True when score {@code a} ranks strictly before score {@code b}. */
  public boolean better(float a, float b) {
    return higherIsBetter ? a > b : a < b;
  }

  static float dot(float[] a, float[] b, int off) {
    return Kernels.BEST.dot(a, b, off);
  }

  static float squaredL2(float[] a, float[] b, int off) {
    return Kernels.BEST.squaredL2(a, b, off);
  }

  static float l1(float[] a, float[] b, int off) {
    return Kernels.BEST.l1(a, b, off);
  }
}
