package io.qharness.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class PayloadGeneratorTest {
  @Test
  void categoriesFollowTheSkewAndAgreeWithTheFilterPredicate() {
    PayloadGenerator g = new PayloadGenerator(10, 1.0, 5);
    int[] counts = new int[10];
    int n = 100_000;
    for (long id = 0; id < n; id++) {
      String c = g.category(id);
      counts[Integer.parseInt(c.substring(1))]++;
      assertThat(g.payload(id).get(PayloadGenerator.CATEGORY).getStringValue()).isEqualTo(c);
    }
    for (int c = 0; c < 10; c++) {
      assertThat(counts[c] / (double) n).as("share of c" + c).isCloseTo(g.share(c), within(0.01));
    }
    assertThat(counts[0]).isGreaterThan(counts[9] * 5);
    var admitted = g.categoryPredicate("c3");
    assertThat(admitted.test(42)).isEqualTo(g.category(42).equals("c3"));
  }

  @Test
  void uniformWhenSkewIsZero() {
    PayloadGenerator g = new PayloadGenerator(4, 0, 1);
    for (int c = 0; c < 4; c++) {
      assertThat(g.share(c)).isCloseTo(0.25, within(1e-12));
    }
  }

  @Test
  void matchedSharesAreCountedOverThePointsPayloads() {
    PayloadGenerator g = new PayloadGenerator(10, 1.0, 5);
    var shares = g.matchedShares(20_000);
    assertThat(shares).hasSize(10);
    assertThat(shares.values().stream().mapToDouble(Double::doubleValue).sum())
        .isCloseTo(1.0, org.assertj.core.api.Assertions.within(1e-9));
    // counted, so it is exactly what the category predicate admits
    long c3 = 0;
    for (long id = 0; id < 20_000; id++) {
      if (g.categoryPredicate("c3").test(id)) {
        c3++;
      }
    }
    assertThat(shares.get("c3")).isEqualTo(c3 / 20_000.0);
    assertThat(shares.get("c0")).isGreaterThan(shares.get("c9")); // Zipf: c0 is the most frequent
  }

  @Test
  void rankWindowsAdmitTheChosenShareOfThePointsAndMatchTheirPayloads() {
    PayloadGenerator g = new PayloadGenerator(10, 1.0, 42);
    for (long id = 0; id < 200; id++) {
      assertThat(g.payload(id).get(PayloadGenerator.RANK).getIntegerValue()).isEqualTo(g.rank(id));
    }
    for (double share : new double[] {0.001, 0.01, 0.1, 0.5, 1.0}) {
      long[][] windows = g.rankWindows(300, share);
      double[] matched = g.matchedShares(50_000, windows);
      double mean = 0;
      for (int i = 0; i < windows.length; i++) {
        assertThat(windows[i][1] - windows[i][0])
            .isEqualTo(Math.round(share * PayloadGenerator.RANKS));
        assertThat(windows[i][0])
            .isBetween(0L, PayloadGenerator.RANKS - (windows[i][1] - windows[i][0]));
        mean += matched[i] / windows.length;
      }
      assertThat(mean).as("mean share admitted at " + share).isCloseTo(share, within(share * 0.1));
      // the predicate the ground truth uses admits exactly what the share counted
      long[] w = windows[7];
      long admitted = 0;
      for (long id = 0; id < 50_000; id++) {
        admitted += g.rankPredicate(w[0], w[1]).test(id) ? 1 : 0;
      }
      assertThat(admitted / 50_000.0).isEqualTo(matched[7]);
      assertThat(PayloadGenerator.rankFilter(w[0], w[1]).getMust(0).getField().getRange().getLt())
          .isEqualTo((double) w[1]);
    }
    // windows differ between queries, and are the same for the same seed
    assertThat(g.rankWindows(2, 0.01)[0]).isNotEqualTo(g.rankWindows(2, 0.01)[1]);
    assertThat(new PayloadGenerator(10, 1.0, 42).rankWindows(5, 0.01))
        .isDeepEqualTo(g.rankWindows(5, 0.01));
  }
}
