package io.qharness.testcluster;

import io.qdrant.client.grpc.Collections.Distance;

/**
 * Qdrant's distances as the double scores them: Cosine on normalised vectors (stored normalised, as
 * Qdrant stores them), Dot, Euclid (the distance, smaller is closer) and Manhattan. Written apart
 * from the harness's own distance code on purpose: the double is an independent oracle, so a run's
 * recall of 1.0 against the harness's ground truth checks both.
 */
enum Similarity {
  COSINE,
  DOT,
  EUCLID,
  MANHATTAN;

  static Similarity of(Distance d) {
    return switch (d) {
      case Cosine -> COSINE;
      case Dot -> DOT;
      case Euclid -> EUCLID;
      case Manhattan -> MANHATTAN;
      default ->
          throw QdrantErrors.wrongInput(
              "unsupported distance " + d + "; allowed: Cosine, Dot, Euclid, Manhattan");
    };
  }

  /** True when a larger score is a closer match. */
  boolean higherIsBetter() {
    return this == COSINE || this == DOT;
  }

  /** True when score {@code a} ranks strictly before score {@code b}. */
  boolean better(float a, float b) {
    return higherIsBetter() ? a > b : a < b;
  }

  /** The vector as Qdrant stores it: normalised for Cosine (a zero vector stays zero). */
  float[] prepare(float[] v) {
    if (this != COSINE) {
      return v;
    }
    double sum = 0;
    for (float x : v) {
      sum += (double) x * x;
    }
    float[] out = v.clone();
    if (sum > 0) {
      double scale = 1 / Math.sqrt(sum);
      for (int i = 0; i < out.length; i++) {
        out[i] = (float) (out[i] * scale);
      }
    }
    return out;
  }

  /**
   * The score Qdrant reports between a prepared query and the stored vector at {@code from} of
   * {@code data}.
   */
  float score(float[] query, float[] data, int from) {
    double acc = 0;
    for (int i = 0; i < query.length; i++) {
      double q = query[i];
      double d = data[from + i];
      acc +=
          switch (this) {
            case COSINE, DOT -> q * d;
            case EUCLID -> (q - d) * (q - d);
            case MANHATTAN -> Math.abs(q - d);
          };
    }
    return (float) (this == EUCLID ? Math.sqrt(acc) : acc);
  }
}
