package io.qharness.workload.hybrid;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Qdrant 1.19's fusion of prefetch results, for ground truth: the same formulas on exact per-vector
 * results give the answer a hybrid query would return if every prefetch were exact.
 *
 * <ul>
 *   <li>{@link #RRF}: each list adds {@code 1 / (position + k)} to a point, position from 0 and k =
 *       2 (Qdrant's default; lib/segment/src/common/reciprocal_rank_fusion.rs);
 *   <li>{@link #DBSF}: each list's scores are mapped to [0, 1] between mean - 3 sd and mean + 3 sd
 *       (sample variance; a single score becomes 0.5), then summed per point
 *       (lib/segment/src/common/score_fusion.rs).
 * </ul>
 */
public enum Fusion {
  RRF,
  DBSF;

  /** Qdrant's default RRF k. */
  public static final int RRF_K = 2;

  /** One prefetch's answer: ids best first, with the scores Qdrant reports for them. */
  public record Ranked(long[] ids, float[] scores) {}

  /** A fused answer: ids best first with their fused scores. */
  public record Fused(long[] ids, double[] scores) {}

  /** As Qdrant's Query API names it. */
  public io.qdrant.client.grpc.Points.Fusion toProto() {
    return this == RRF
        ? io.qdrant.client.grpc.Points.Fusion.RRF
        : io.qdrant.client.grpc.Points.Fusion.DBSF;
  }

  public static Fusion parse(String s) {
    try {
      return valueOf(s.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unknown fusion '" + s + "'; allowed: rrf, dbsf");
    }
  }

  /** Fuses the lists, best first. Ties are ordered by id, which Qdrant does not promise. */
  public Fused fuse(List<Ranked> lists) {
    Map<Long, Double> score = new LinkedHashMap<>();
    for (Ranked r : lists) {
      double[] contribution = this == RRF ? rrf(r) : distribution(r);
      for (int i = 0; i < r.ids().length; i++) {
        score.merge(r.ids()[i], contribution[i], Double::sum);
      }
    }
    List<Map.Entry<Long, Double>> entries = new ArrayList<>(score.entrySet());
    entries.sort(
        (a, b) -> {
          int c = Double.compare(b.getValue(), a.getValue());
          return c != 0 ? c : Long.compare(a.getKey(), b.getKey());
        });
    long[] ids = new long[entries.size()];
    double[] scores = new double[entries.size()];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = entries.get(i).getKey();
      scores[i] = entries.get(i).getValue();
    }
    return new Fused(ids, scores);
  }

  private static double[] rrf(Ranked r) {
    double[] out = new double[r.ids().length];
    for (int i = 0; i < out.length; i++) {
      // Qdrant computes it in f32: 1 / ((pos + 1) / weight + k - 1)
      out[i] = (float) (1.0f / ((float) (i + 1) + RRF_K - 1.0f));
    }
    return out;
  }

  private static double[] distribution(Ranked r) {
    int n = r.scores().length;
    double[] out = new double[n];
    if (n == 1) {
      out[0] = 0.5;
      return out;
    }
    if (n == 0) {
      return out;
    }
    // Welford's mean and sample variance, in f32 as Qdrant does
    float mean = 0;
    float aggregate = 0;
    for (int i = 0; i < n; i++) {
      float s = r.scores()[i];
      float oldDelta = s - mean;
      mean += oldDelta / (i + 1);
      aggregate += oldDelta * (s - mean);
    }
    float sd = (float) Math.sqrt(aggregate / (n - 1.0f));
    float min = mean - 3.0f * sd;
    float max = mean + 3.0f * sd;
    for (int i = 0; i < n; i++) {
      out[i] = min == max ? 0.5f : (r.scores()[i] - min) / (max - min);
    }
    return out;
  }

  /**
   * What a fused top-{@code k} answer may rightly hold: the first k fused ids, then, encoded {@code
   * -id - 1}, ids whose fused score ties the k-th (Qdrant orders ties arbitrarily).
   */
  public static long[] expected(Fused f, int k) {
    int m = Math.min(k, f.ids().length);
    long[] out = Arrays.copyOf(f.ids(), m);
    if (m == 0 || f.ids().length <= m) {
      return out;
    }
    double kth = f.scores()[m - 1];
    int extra = 0;
    while (m + extra < f.ids().length
        && Math.abs(f.scores()[m + extra] - kth) <= 1e-6 * Math.abs(kth)) {
      extra++;
    }
    out = Arrays.copyOf(out, m + extra);
    for (int i = 0; i < extra; i++) {
      out[m + i] = -f.ids()[m + i] - 1;
    }
    return out;
  }
}
