package io.qharness.workload.multi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.qharness.workload.vectors.VectorDistance;
import org.junit.jupiter.api.Test;

class MaxSimGroundTruthTest {

  @Test
  void maxSimSumsEachQueryVectorsBestMatch() {
    float[][] query = {{1, 0}, {0, 1}};
    float[][] point = {{1, 0}, {0.6f, 0.8f}};
    // first query vector: best 1 (the first); second: best 0.8 (the second)
    assertThat(MaxSimGroundTruth.maxSim(query, point, VectorDistance.DOT))
        .isCloseTo(1.8, within(1e-6));
  }

  @Test
  void groundTruthIsTheExactMaxSimTopK() {
    MultiVectors base = new MultiVectors(400, 8, 4, 3);
    MultiVectors q = base.queries(5);
    float[][][] queries = new float[5][][];
    for (int i = 0; i < 5; i++) {
      queries[i] = q.get(i);
    }
    long[][] truth = MaxSimGroundTruth.compute(base, 400, queries, VectorDistance.COSINE, 10, 2);
    for (int i = 0; i < 5; i++) {
      float[][] pq = prepare(queries[i]);
      double[] s = new double[400];
      for (int id = 0; id < 400; id++) {
        s[id] = MaxSimGroundTruth.maxSim(pq, prepare(base.get(id)), VectorDistance.COSINE);
      }
      double tenth = s[(int) truth[i][9]];
      int above = 0;
      for (double x : s) {
        above += x > tenth + 1e-5 ? 1 : 0;
      }
      assertThat(above).as("points scoring above the 10th").isLessThanOrEqualTo(9);
      assertThat(s[(int) truth[i][0]]).isGreaterThanOrEqualTo(tenth);
    }
    assertThatThrownBy(
            () -> MaxSimGroundTruth.compute(base, 400, queries, VectorDistance.EUCLID, 10, 1))
        .hasMessageContaining("Cosine and Dot");
    // seeded: the same point twice is the same multivector, with 2..6 vectors
    assertThat(base.get(17)).isDeepEqualTo(base.get(17));
    assertThat(base.get(17).length).isBetween(2, 6);
  }

  private static float[][] prepare(float[][] v) {
    float[][] out = new float[v.length][];
    for (int i = 0; i < v.length; i++) {
      out[i] = VectorDistance.COSINE.prepare(v[i]);
    }
    return out;
  }
}
