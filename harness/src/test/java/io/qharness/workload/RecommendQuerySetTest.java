package io.qharness.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.qharness.workload.truth.GroundTruth;
import io.qharness.workload.vectors.InMemoryVectors;
import io.qharness.workload.vectors.VectorDistance;
import io.qharness.workload.vectors.VectorSet;
import java.util.Arrays;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class RecommendQuerySetTest {
  private static final VectorSet BASE =
      InMemoryVectors.of(new float[][] {{1, 0}, {0, 1}, {3, 4}, {0, -2}, {5, 5}, {-1, -1}});

  @Test
  void examplesAreDistinctSeededAndWithinThePoints() {
    RecommendQuerySet a = RecommendQuerySet.draw(50, 6, 2, 1, 42);
    RecommendQuerySet b = RecommendQuerySet.draw(50, 6, 2, 1, 42);
    for (int q = 0; q < 50; q++) {
      long[] all = new long[3];
      System.arraycopy(a.positive(q), 0, all, 0, 2);
      all[2] = a.negative(q)[0];
      assertThat(Arrays.stream(all).distinct().count()).isEqualTo(3);
      assertThat(Arrays.stream(all).allMatch(id -> id >= 0 && id < 6)).isTrue();
      assertThat(a.positive(q)).containsExactly(b.positive(q));
      assertThat(a.negative(q)).containsExactly(b.negative(q));
    }
  }

  @Test
  void theTargetIsQdrantsAverageVector() {
    RecommendQuerySet set = RecommendQuerySet.draw(1, 6, 2, 1, 1);
    long[] pos = set.positive(0);
    long neg = set.negative(0)[0];
    float[] target = set.targets(BASE, VectorDistance.EUCLID)[0];
    for (int j = 0; j < 2; j++) {
      double mean = (BASE.get(pos[0])[j] + BASE.get(pos[1])[j]) / 2.0;
      assertThat((double) target[j]).isCloseTo(mean + mean - BASE.get(neg)[j], Offset.offset(1e-6));
    }
    // Cosine averages the stored, normalised vectors
    float[] cos = set.targets(BASE, VectorDistance.COSINE)[0];
    float[] p0 = VectorDistance.COSINE.prepare(BASE.get(pos[0]));
    float[] p1 = VectorDistance.COSINE.prepare(BASE.get(pos[1]));
    float[] n = VectorDistance.COSINE.prepare(BASE.get(neg));
    assertThat((double) cos[0]).isCloseTo(p0[0] + p1[0] - n[0], Offset.offset(1e-6));
  }

  @Test
  void withoutNegativesTheTargetIsThePositivesMeanAndExamplesAreNeverAnswers() {
    RecommendQuerySet set = RecommendQuerySet.draw(3, 6, 3, 0, 9);
    float[] target = set.targets(BASE, VectorDistance.DOT)[0];
    double sum = 0;
    for (long id : set.positive(0)) {
      sum += BASE.get(id)[0];
    }
    assertThat((double) target[0]).isCloseTo(sum / 3, Offset.offset(1e-6));
    long[][] truth =
        GroundTruth.compute(
            BASE,
            6,
            set.targets(BASE, VectorDistance.DOT),
            VectorDistance.DOT,
            3,
            set.notExamples(),
            1);
    for (int q = 0; q < 3; q++) {
      long[] examples = set.positive(q);
      assertThat(truth[q]).hasSize(3).doesNotContain(examples);
    }
  }

  @Test
  void impossibleExampleCountsAreRefused() {
    assertThatThrownBy(() -> RecommendQuerySet.draw(1, 6, 0, 1, 1))
        .hasMessageContaining("at least 1 positive example");
    assertThatThrownBy(() -> RecommendQuerySet.draw(1, 3, 2, 2, 1))
        .hasMessageContaining("4 examples per recommendation from 3 points");
  }
}
