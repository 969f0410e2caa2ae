package io.qharness.workload.sparse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class SparseVectorsTest {

  @Test
  void dotProductMergesTheSortedIndices() {
    SparseVector a = new SparseVector(new int[] {1, 4, 9}, new float[] {1, 2, 3});
    SparseVector b = new SparseVector(new int[] {0, 4, 9, 12}, new float[] {5, 0.5f, 2, 7});
    assertThat(a.dot(b)).isCloseTo(2 * 0.5 + 3 * 2, within(1e-9));
    assertThat(b.dot(a)).isEqualTo(a.dot(b));
    assertThat(a.dot(new SparseVector(new int[] {2}, new float[] {1}))).isZero();
  }

  @Test
  void malformedVectorsAreRefusedNamingThePosition() {
    assertThatThrownBy(() -> new SparseVector(new int[] {3, 3}, new float[] {1, 1}))
        .hasMessageContaining("strictly increasing")
        .hasMessageContaining("position 1");
    assertThatThrownBy(() -> new SparseVector(new int[] {1}, new float[] {1, 2}))
        .hasMessageContaining("one value per index");
    assertThatThrownBy(() -> new SparseVector(new int[] {-1}, new float[] {1}))
        .hasMessageContaining("non-negative");
  }

  @Test
  void syntheticVectorsAreSeededSortedAndWithinTheVocabulary() {
    SyntheticSparse s = new SyntheticSparse(1000, 500, 20, 7);
    long total = 0;
    for (long id = 0; id < 1000; id++) {
      SparseVector v = s.get(id);
      assertThat(v.size()).isBetween(1, 30);
      assertThat(v.indices()[v.size() - 1]).isLessThan(500);
      for (float x : v.values()) {
        assertThat(x).isPositive();
      }
      total += v.size();
      assertThat(s.get(id)).usingRecursiveComparison().isEqualTo(v);
    }
    assertThat(total / 1000.0).isBetween(15.0, 25.0);
    // queries come from the same vocabulary, but are other vectors
    assertThat(s.queries(10).get(0).indices()).isNotEqualTo(s.get(0).indices());
  }

  @Test
  void groundTruthIsTheExactTopByDotProduct() {
    SyntheticSparse base = new SyntheticSparse(3000, 300, 15, 3);
    SparseGroundTruth truth = SparseGroundTruth.index(base, 3000);
    SyntheticSparse queries = base.queries(20);
    for (int q = 0; q < 20; q++) {
      SparseVector query = queries.get(q);
      SparseGroundTruth.Ranked top = truth.top(query, 10);
      // brute force
      double[] scores = new double[3000];
      for (int id = 0; id < 3000; id++) {
        scores[id] = query.dot(base.get(id));
      }
      for (int i = 0; i < top.ids().length; i++) {
        assertThat((double) top.scores()[i]).isCloseTo(scores[(int) top.ids()[i]], within(1e-4));
        if (i > 0) {
          assertThat(top.scores()[i]).isLessThanOrEqualTo(top.scores()[i - 1]);
        }
      }
      long better = 0;
      for (double s : scores) {
        better += s > top.scores()[top.scores().length - 1] + 1e-4 ? 1 : 0;
      }
      assertThat(better).as("points scoring above the 10th").isLessThan(10);
    }
  }

  @Test
  void idfWeighsRareDimensionsAsQdrantDoes() {
    // 4 points: dimension 0 in all, dimension 1 in one
    SparseVectorSet set =
        new SparseVectorSet() {
          @Override
          public long size() {
            return 4;
          }

          @Override
          public int dimensions() {
            return 2;
          }

          @Override
          public SparseVector get(long id) {
            return id == 0
                ? new SparseVector(new int[] {0, 1}, new float[] {1, 1})
                : new SparseVector(new int[] {0}, new float[] {2});
          }

          @Override
          public String description() {
            return "four";
          }
        };
    SparseGroundTruth t = SparseGroundTruth.index(set, 4);
    assertThat(t.idf(0)).isCloseTo(Math.log((4 - 4 + 0.5) / 4.5 + 1), within(1e-12));
    assertThat(t.idf(1)).isCloseTo(Math.log((4 - 1 + 0.5) / 1.5 + 1), within(1e-12));
    SparseVector q = new SparseVector(new int[] {0, 1}, new float[] {1, 1});
    // plain dot: the points with weight 2 on dimension 0 tie point 0 (2 = 1 + 1)
    assertThat(t.top(q, 1).scores()[0]).isEqualTo(2f);
    // with IDF the rare dimension wins: point 0 first
    SparseGroundTruth.Ranked idf = t.topIdf(q, 4);
    assertThat(idf.ids()[0]).isZero();
    assertThat((double) idf.scores()[0]).isCloseTo(t.idf(0) + t.idf(1), within(1e-5));
  }
}
