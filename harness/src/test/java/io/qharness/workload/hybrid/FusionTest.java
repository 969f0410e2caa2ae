package io.qharness.workload.hybrid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.qharness.workload.sparse.SparseVector;
import io.qharness.workload.sparse.SyntheticSparse;
import io.qharness.workload.vectors.SyntheticVectors;
import io.qharness.workload.vectors.VectorDistance;
import java.util.List;
import org.junit.jupiter.api.Test;

class FusionTest {

  @Test
  void rrfAddsOneOverPositionPlusTwoPerList() {
    Fusion.Fused f =
        Fusion.RRF.fuse(
            List.of(
                new Fusion.Ranked(new long[] {7, 8, 9}, new float[] {0.9f, 0.8f, 0.7f}),
                new Fusion.Ranked(new long[] {9, 7}, new float[] {12, 3})));
    // 7: 1/2 + 1/3; 9: 1/4 + 1/2; 8: 1/3
    assertThat(f.ids()).containsExactly(7, 9, 8);
    assertThat(f.scores()[0]).isCloseTo(0.5 + 1 / 3.0, within(1e-6));
    assertThat(f.scores()[1]).isCloseTo(0.75, within(1e-6));
    assertThat(f.scores()[2]).isCloseTo(1 / 3.0, within(1e-6));
  }

  @Test
  void dbsfMapsEachListBetweenMeanMinusAndPlusThreeDeviations() {
    // scores 1, 2, 3: mean 2, sample sd 1, so [-1, 5] maps to [0, 1]
    Fusion.Fused f =
        Fusion.DBSF.fuse(
            List.of(
                new Fusion.Ranked(new long[] {1, 2, 3}, new float[] {3, 2, 1}),
                new Fusion.Ranked(new long[] {4}, new float[] {100})));
    assertThat(f.ids()).containsExactly(1, 2, 4, 3);
    assertThat(f.scores()[0]).isCloseTo(4 / 6.0, within(1e-6));
    assertThat(f.scores()[1]).isCloseTo(0.5, within(1e-6));
    assertThat(f.scores()[2]).as("a single score becomes 0.5").isCloseTo(0.5, within(1e-6));
    assertThat(f.scores()[3]).isCloseTo(2 / 6.0, within(1e-6));
  }

  @Test
  void pointsTiedWithTheKthAreAcceptedButNotExpected() {
    Fusion.Fused f =
        Fusion.RRF.fuse(
            List.of(
                new Fusion.Ranked(new long[] {1, 2}, new float[] {2, 1}),
                new Fusion.Ranked(new long[] {3, 4}, new float[] {2, 1})));
    // 1 and 3 tie at 1/2, 2 and 4 at 1/3
    long[] top3 = Fusion.expected(f, 3);
    assertThat(top3).hasSize(4);
    assertThat(top3[3]).as("the id tied with the third, encoded -id-1").isNegative();
    assertThat(Fusion.expected(f, 2)).containsExactly(1, 3);
    assertThatThrownBy(() -> Fusion.parse("max")).hasMessageContaining("rrf, dbsf");
    assertThat(Fusion.parse(" DBSF ")).isEqualTo(Fusion.DBSF);
  }

  @Test
  void hybridGroundTruthIsTheFusionOfTheExactPerVectorResults() {
    SyntheticVectors dense = SyntheticVectors.uniform(16, 2000, 5);
    SyntheticSparse sparse = new SyntheticSparse(2000, 200, 10, 5);
    SyntheticVectors dq = dense.queries(5);
    float[][] denseQueries = new float[5][];
    SparseVector[] sparseQueries = new SparseVector[5];
    for (int i = 0; i < 5; i++) {
      denseQueries[i] = dq.get(i);
      sparseQueries[i] = sparse.queries(5).get(i);
    }
    long[][] truth =
        HybridGroundTruth.compute(
            dense,
            sparse,
            2000,
            denseQueries,
            sparseQueries,
            VectorDistance.COSINE,
            Fusion.RRF,
            20,
            10,
            2);
    for (int q = 0; q < 5; q++) {
      assertThat(truth[q].length).isGreaterThanOrEqualTo(10);
      // the best fused point is first in one of the lists, scoring at least 1/2
      long first = truth[q][0];
      float[] p = VectorDistance.COSINE.prepare(denseQueries[q]);
      double best = Double.NEGATIVE_INFINITY;
      long bestId = -1;
      for (long id = 0; id < 2000; id++) {
        double s = VectorDistance.COSINE.score(p, VectorDistance.COSINE.prepare(dense.get(id)));
        if (s > best) {
          best = s;
          bestId = id;
        }
      }
      double bestSparse = Double.NEGATIVE_INFINITY;
      long bestSparseId = -1;
      for (long id = 0; id < 2000; id++) {
        double s = sparseQueries[q].dot(sparse.get(id));
        if (s > bestSparse) {
          bestSparse = s;
          bestSparseId = id;
        }
      }
      assertThat(first).isIn(bestId, bestSparseId);
    }
  }
}
