package io.qharness.protocol.internal;

import io.qdrant.client.grpc.Points.ScoredPoint;
import java.util.List;

/** recall@k without allocation: k is at most a few hundred, so a nested scan beats hashing. */
public final class Recall {
  private Recall() {}

  /**
   * Share of the first {@code min(k, expected.length)} expected ids present among the first k
   * results. NaN when nothing is expected. Negative entries after the expected ids, {@code -id -
   * 1}, are ids also accepted as right without being expected: points a search of a growing
   * collection may rightly see (see {@code GrowingGroundTruth}).
   */
  public static double of(List<ScoredPoint> results, long[] expected, int k) {
    int exact = 0;
    while (exact < expected.length && expected[exact] >= 0) {
      exact++;
    }
    int truth = Math.min(k, exact);
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
      boolean right = false;
      for (int j = 0; j < truth && !right; j++) {
        right = expected[j] == id;
      }
      for (int j = exact; j < expected.length && !right; j++) {
        right = expected[j] == -id - 1;
      }
      if (right) {
        found++;
      }
    }
    return (double) Math.min(found, truth) / truth;
  }
}
