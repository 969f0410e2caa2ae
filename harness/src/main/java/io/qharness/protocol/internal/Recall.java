package io.qharness.protocol.internal;

import io.qdrant.client.grpc.Points.ScoredPoint;
import java.util.List;

/** recall@k without allocation: k is at most a few hundred, so a nested scan beats hashing. */
public final class Recall {
  private Recall() {}

  /**
   * Share of the first {@code min(k, expected.length)} expected ids present among the first k
   * results. NaN when nothing is expected.
   */
  public static double of(List<ScoredPoint> results, long[] expected, int k) {
    int truth = Math.min(k, expected.length);
    if (truth <= 0) {
      return Double.NaN;
    }
    int n = Math.min(k, results.size());
    int found = 0;
    for (int i = 0; i < n; i++) {
      ScoredPoint p = results.get(i);
      if (!p.getId().hasNum()) {
        continue;
      }
      long id = p.getId().getNum();
      for (int j = 0; j < truth; j++) {
        if (expected[j] == id) {
          found++;
          break;
        }
      }
    }
    return (double) found / truth;
  }
}
