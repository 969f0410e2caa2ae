package io.qharness.workload;

import static org.assertj.core.api.Assertions.assertThat;

import io.qdrant.client.grpc.Common.PointId;
import io.qdrant.client.grpc.Points.ScoredPoint;
import io.qharness.protocol.internal.Recall;
import io.qharness.workload.truth.GroundTruth;
import io.qharness.workload.truth.GrowingGroundTruth;
import io.qharness.workload.vectors.SyntheticVectors;
import io.qharness.workload.vectors.VectorDistance;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class GrowingGroundTruthTest {
  private static final int K = 10;

  @Test
  void everyFillsTopKIsTheExactTopKOfThatPrefix() {
    for (VectorDistance d : VectorDistance.values()) {
      SyntheticVectors base = SyntheticVectors.uniform(16, 3000, 7);
      SyntheticVectors querySource = base.queries(20);
      float[][] queries = new float[20][];
      for (int i = 0; i < queries.length; i++) {
        queries[i] = querySource.get(i);
      }
      GrowingGroundTruth growing = GrowingGroundTruth.compute(base, 3000, queries, d, K);
      for (long prefix : new long[] {1, 5, 10, 11, 137, 1000, 2999, 3000}) {
        long[][] exact = GroundTruth.compute(base, prefix, queries, d, K, null, 1);
        for (int q = 0; q < queries.length; q++) {
          assertThat(growing.topK(q, prefix))
              .as(d + " query " + q + " over the first " + prefix + " points")
              .containsExactly(exact[q]);
        }
      }
      // records: about k x (1 + ln(n / k)), far fewer than the points
      assertThat(growing.records(0)).isBetween(K, 200);
    }
  }

  @Test
  void pointsThatMayBeVisibleCountAsRightWithoutBeingExpected() {
    SyntheticVectors base = SyntheticVectors.uniform(8, 2000, 3);
    float[][] queries = {base.get(1500)}; // its own point enters the top-k at id 1500
    GrowingGroundTruth g =
        GrowingGroundTruth.compute(base, 2000, queries, VectorDistance.EUCLID, K);
    long[] before = g.topK(0, 1500);
    long[] after = g.topK(0, 1501);
    assertThat(before).doesNotContain(1500L);
    assertThat(after[0]).isEqualTo(1500L);
    long[] expected = g.expected(0, 1500, 1600);
    assertThat(expected).startsWith(before).contains(-1500L - 1);
    // an answer from before the write and one from after it are both right
    assertThat(Recall.of(answer(before), expected, K)).isEqualTo(1.0);
    assertThat(Recall.of(answer(after), expected, K)).isEqualTo(1.0);
    // without the write possibly visible, the newer answer misses one
    assertThat(Recall.of(answer(after), g.expected(0, 1500, 1500), K)).isEqualTo(0.9);
    // a point past what may be visible is wrong
    long[] wrong = before.clone();
    wrong[K - 1] = 1999;
    assertThat(Recall.of(answer(wrong), expected, K)).isEqualTo(0.9);
  }

  private static List<ScoredPoint> answer(long[] ids) {
    List<ScoredPoint> out = new ArrayList<>();
    for (long id : ids) {
      out.add(ScoredPoint.newBuilder().setId(PointId.newBuilder().setNum(id)).build());
    }
    return out;
  }
}
