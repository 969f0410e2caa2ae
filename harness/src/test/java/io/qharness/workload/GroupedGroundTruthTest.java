package io.qharness.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.qharness.workload.truth.GroupedGroundTruth;
import io.qharness.workload.vectors.InMemoryVectors;
import io.qharness.workload.vectors.VectorDistance;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class GroupedGroundTruthTest {
  /** Every point ranked, then grouped: what query_groups means, computed the slow way. */
  private static long[] bruteForce(
      float[][] base, float[] query, VectorDistance d, int groups, int size, int[] groupOf) {
    float[] q = d.prepare(query);
    List<Integer> order = new ArrayList<>(IntStream.range(0, base.length).boxed().toList());
    Comparator<Integer> byScore =
        (a, b) -> {
          float sa = d.score(q, d.prepare(base[a]));
          float sb = d.score(q, d.prepare(base[b]));
          if (sa != sb) {
            return d.better(sa, sb) ? -1 : 1;
          }
          return Integer.compare(a, b);
        };
    order.sort(byScore);
    Map<Integer, List<Long>> out = new LinkedHashMap<>();
    for (int id : order) {
      int g = groupOf[id];
      if (!out.containsKey(g) && out.size() < groups) {
        out.put(g, new ArrayList<>());
      }
      List<Long> hits = out.get(g);
      if (hits != null && hits.size() < size) {
        hits.add((long) id);
      }
    }
    return out.values().stream().flatMap(List::stream).mapToLong(Long::longValue).toArray();
  }

  private static float[][] gaussian(int n, int dim, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    float[][] out = new float[n][dim];
    for (float[] v : out) {
      for (int i = 0; i < dim; i++) {
        v[i] = (float) r.nextGaussian();
      }
    }
    return out;
  }

  @Test
  void matchesRankingEveryPointThenGrouping() {
    float[][] base = gaussian(3000, 8, 1);
    float[][] queries = gaussian(25, 8, 2);
    for (int categories : new int[] {3, 16, 400}) {
      PayloadGenerator payloads = new PayloadGenerator(categories, 1.0, 7);
      int[] groupOf = new int[base.length];
      for (int id = 0; id < base.length; id++) {
        groupOf[id] = payloads.categoryIndex(id);
      }
      for (VectorDistance d : new VectorDistance[] {VectorDistance.EUCLID, VectorDistance.COSINE}) {
        long[][] truth =
            GroupedGroundTruth.compute(
                InMemoryVectors.of(base),
                base.length,
                queries,
                d,
                5,
                4,
                payloads::categoryIndex,
                categories,
                2);
        for (int q = 0; q < queries.length; q++) {
          assertThat(truth[q])
              .as("%d categories, %s, query %d", categories, d, q)
              .containsExactly(bruteForce(base, queries[q], d, 5, 4, groupOf));
        }
      }
    }
  }

  @Test
  void smallGroupsAreAsFullAsTheirPointsAllowAndFewerGroupsAreReturnedWhenFewerExist() {
    float[][] base = gaussian(200, 4, 3);
    float[][] queries = gaussian(5, 4, 4);
    // two groups: point 0 alone in group 1, every other point in group 0
    int[] groupOf = new int[base.length];
    groupOf[0] = 1;
    long[][] truth =
        GroupedGroundTruth.compute(
            InMemoryVectors.of(base),
            base.length,
            queries,
            VectorDistance.EUCLID,
            10,
            3,
            id -> groupOf[(int) id],
            2,
            1);
    for (int q = 0; q < queries.length; q++) {
      assertThat(truth[q]).hasSize(4).contains(0L); // 3 of group 0, the single point of group 1
      assertThat(truth[q])
          .containsExactly(bruteForce(base, queries[q], VectorDistance.EUCLID, 10, 3, groupOf));
    }
  }

  @Test
  void refusesEmptyGroupRequests() {
    assertThatThrownBy(
            () ->
                GroupedGroundTruth.compute(
                    InMemoryVectors.of(gaussian(10, 2, 1)),
                    10,
                    gaussian(1, 2, 2),
                    VectorDistance.EUCLID,
                    0,
                    3,
                    id -> 0,
                    1,
                    1))
        .hasMessageContaining("groups and groupSize must be at least 1");
  }
}
