package io.qharness.workload;

import static org.assertj.core.api.Assertions.assertThat;

import io.qharness.workload.truth.GroundTruth;
import io.qharness.workload.truth.GroundTruths;
import io.qharness.workload.vectors.VectorDistance;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.function.LongPredicate;
import java.util.stream.LongStream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class GroundTruthTest {
  @TempDir Path dir;

  /** Naive reference in double precision, independent of VectorDistance's kernels. */
  static double score(VectorDistance d, float[] q, float[] v) {
    double dot = 0, qq = 0, vv = 0, l2 = 0, l1 = 0;
    for (int i = 0; i < q.length; i++) {
      dot += (double) q[i] * v[i];
      qq += (double) q[i] * q[i];
      vv += (double) v[i] * v[i];
      l2 += ((double) q[i] - v[i]) * ((double) q[i] - v[i]);
      l1 += Math.abs((double) q[i] - v[i]);
    }
    return switch (d) {
      case COSINE -> dot / Math.sqrt(qq * vv);
      case DOT -> dot;
      case EUCLID -> Math.sqrt(l2);
      case MANHATTAN -> l1;
    };
  }

  static long[] naive(VectorDistance d, float[] q, float[][] base, int k, LongPredicate allowed) {
    Comparator<Long> order = Comparator.comparingDouble(i -> score(d, q, base[(int) (long) i]));
    if (d.higherIsBetter()) {
      order = order.reversed();
    }
    return LongStream.range(0, base.length)
        .filter(i -> allowed == null || allowed.test(i))
        .boxed()
        .sorted(order)
        .limit(k)
        .mapToLong(Long::longValue)
        .toArray();
  }

  @ParameterizedTest
  @EnumSource(VectorDistance.class)
  void equalsANaiveReferenceForEveryDistance(VectorDistance d) {
    float[][] base = TestVectors.random(3000, 24, 11);
    float[][] queries = TestVectors.random(40, 24, 12);
    for (int k : new int[] {1, 10, 100}) {
      long[][] got = GroundTruth.compute(TestVectors.of(base), base.length, queries, d, k, null, 3);
      for (int i = 0; i < queries.length; i++) {
        assertThat(got[i])
            .as(d + " k=" + k + " query " + i)
            .containsExactly(naive(d, queries[i], base, k, null));
      }
    }
  }

  @ParameterizedTest
  @EnumSource(
      value = VectorDistance.class,
      names = {"COSINE", "EUCLID"})
  void filteredTruthKeepsOnlyAdmittedPoints(VectorDistance d) {
    float[][] base = TestVectors.random(2000, 8, 21);
    float[][] queries = TestVectors.random(10, 8, 22);
    LongPredicate[] filters = new LongPredicate[queries.length];
    for (int i = 0; i < filters.length; i++) {
      int mod = i + 2;
      filters[i] = id -> id % mod == 0;
    }
    long[][] got =
        GroundTruth.compute(TestVectors.of(base), base.length, queries, d, 10, filters, 2);
    for (int i = 0; i < queries.length; i++) {
      assertThat(got[i]).containsExactly(naive(d, queries[i], base, 10, filters[i]));
    }
  }

  @ParameterizedTest
  @EnumSource(
      value = VectorDistance.class,
      names = {"DOT"})
  void isCachedAndReusedOnTheSecondCall(VectorDistance d) throws Exception {
    try (Dataset data = Dataset.open("synthetic:gaussian?dim=16&n=5000&seed=3&queries=25", 25, 0)) {
      GroundTruths.Truth first = GroundTruths.groundTruth(data, d, 10, null, null, dir);
      assertThat(first.origin()).isEqualTo(GroundTruths.Origin.COMPUTED);
      GroundTruths.Truth second = GroundTruths.groundTruth(data, d, 10, null, null, dir);
      assertThat(second.origin()).isEqualTo(GroundTruths.Origin.CACHED);
      assertThat(second.ids()).isDeepEqualTo(first.ids());
      // another k or distance is another entry
      assertThat(GroundTruths.groundTruth(data, d, 5, null, null, dir).origin())
          .isEqualTo(GroundTruths.Origin.COMPUTED);
      assertThat(
              GroundTruths.groundTruth(data, VectorDistance.EUCLID, 10, null, null, dir).origin())
          .isEqualTo(GroundTruths.Origin.COMPUTED);
      // a corrupt entry is recomputed, never trusted
      try (var files = Files.list(dir)) {
        for (Path f : files.toList()) {
          Files.write(f, new byte[] {1, 2, 3});
        }
      }
      assertThat(GroundTruths.groundTruth(data, d, 10, null, null, dir).origin())
          .isEqualTo(GroundTruths.Origin.COMPUTED);
    }
  }
}
