package io.qharness.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Injectors' shares of a query set are disjoint and together the whole set. */
class QuerySharesTest {
  @Test
  void threeSharesOfTenQueriesCoverEachQueryOnce() {
    float[][] v = new float[10][];
    for (int i = 0; i < v.length; i++) {
      v[i] = new float[] {i, 0};
    }
    QuerySet all = new QuerySet(v, null, "ten");
    Set<Integer> seen = new HashSet<>();
    int total = 0;
    for (int injector = 0; injector < 3; injector++) {
      QuerySet share = all.slice(injector, 3);
      Set<Integer> mine = new HashSet<>();
      for (int k = 0; k < 40; k++) {
        int q = share.next();
        assertThat(q % 3)
            .as("injector %d sends only its own queries", injector)
            .isEqualTo(injector);
        mine.add(q);
      }
      total += mine.size();
      seen.addAll(mine);
    }
    assertThat(seen).hasSize(10);
    assertThat(total).as("no query in two shares").isEqualTo(10);
    assertThatThrownBy(() -> all.slice(0, 11))
        .hasMessageContaining("10 queries cannot be shared by 11 injectors");
  }
}
