package io.qharness.workload.tenants;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.qharness.workload.tenants.TenantLayout.SizeClass;
import io.qharness.workload.tenants.TenantQueries.Draw;
import org.junit.jupiter.api.Test;

class TenantQueriesTest {
  private final TenantLayout layout = new TenantLayout(20_000, 40, 1, 3);

  @Test
  void eachClassSearchesOnlyItsOwnTenants() {
    TenantQueries q = new TenantQueries(layout, 300, Draw.UNIFORM, 7);
    assertThat(q.classes()).containsExactly(SizeClass.LARGE, SizeClass.MEDIUM, SizeClass.SMALL);
    for (SizeClass c : q.classes()) {
      assertThat(q.queries(c)).isEqualTo(300);
      for (int i = 0; i < 300; i++) {
        assertThat(layout.sizeClass(q.tenant(c, i))).isEqualTo(c);
      }
    }
  }

  @Test
  void uniformDrawSharesTheRateByTenantsSizeDrawByPoints() {
    TenantQueries uniform = new TenantQueries(layout, 10, Draw.UNIFORM, 7);
    assertThat(uniform.rateShare(SizeClass.LARGE)).isCloseTo(4 / 40.0, within(1e-12));
    assertThat(uniform.rateShare(SizeClass.SMALL)).isCloseTo(20 / 40.0, within(1e-12));
    TenantQueries bySize = new TenantQueries(layout, 10, Draw.SIZE, 7);
    long large = 0;
    for (int t = 0; t < 4; t++) {
      large += layout.size(t);
    }
    assertThat(bySize.rateShare(SizeClass.LARGE)).isCloseTo(large / 20_000.0, within(1e-12));
    double sum = 0;
    for (SizeClass c : bySize.classes()) {
      sum += bySize.rateShare(c);
    }
    assertThat(sum).isCloseTo(1, within(1e-12));
  }

  @Test
  void sizeDrawPicksLargeTenantsMoreOften() {
    TenantQueries q = new TenantQueries(layout, 4_000, Draw.SIZE, 7);
    int t0 = 0;
    for (int i = 0; i < 4_000; i++) {
      t0 += q.tenant(SizeClass.LARGE, i) == 0 ? 1 : 0;
    }
    long large = 0;
    for (int t = 0; t < 4; t++) {
      large += layout.size(t);
    }
    assertThat(t0 / 4_000.0).isCloseTo(layout.size(0) / (double) large, within(0.03));
  }

  @Test
  void filtersSelectorsAndTruthAgreeOnTheTenant() {
    TenantQueries q = new TenantQueries(layout, 50, Draw.UNIFORM, 7);
    var filters = q.filters(SizeClass.MEDIUM);
    var selectors = q.selectors(SizeClass.MEDIUM);
    var admitted = q.admitted(SizeClass.MEDIUM);
    for (int i = 0; i < 50; i++) {
      int t = q.tenant(SizeClass.MEDIUM, i);
      assertThat(filters[i].getMust(0).getField().getMatch().getKeyword())
          .isEqualTo(TenantLayout.name(t));
      assertThat(selectors[i].getShardKeys(0).getKeyword()).isEqualTo(layout.keyOf(t));
      assertThat(admitted[i].test(layout.first(t))).isTrue();
      assertThat(admitted[i].test(layout.first(t) + layout.size(t))).isFalse();
    }
    assertThat(
            new TenantQueries(new TenantLayout(100, 4, 1, 0), 5, Draw.UNIFORM, 7)
                .selectors(SizeClass.SMALL))
        .isNull();
  }

  @Test
  void theDrawIsSeededAndPartOfTheTruthsIdentity() {
    TenantQueries a = new TenantQueries(layout, 50, Draw.UNIFORM, 7);
    TenantQueries b = new TenantQueries(layout, 50, Draw.UNIFORM, 7);
    TenantQueries c = new TenantQueries(layout, 50, Draw.UNIFORM, 8);
    for (int i = 0; i < 50; i++) {
      assertThat(a.tenant(SizeClass.SMALL, i)).isEqualTo(b.tenant(SizeClass.SMALL, i));
    }
    assertThat(a.identity(SizeClass.SMALL)).isEqualTo(b.identity(SizeClass.SMALL));
    assertThat(a.identity(SizeClass.SMALL)).isNotEqualTo(c.identity(SizeClass.SMALL));
    assertThat(a.identity(SizeClass.SMALL)).isNotEqualTo(a.identity(SizeClass.LARGE));
  }

  @Test
  void parsesTheDrawOrNamesTheChoices() {
    assertThat(Draw.parse("Uniform")).isEqualTo(Draw.UNIFORM);
    assertThat(Draw.parse("size")).isEqualTo(Draw.SIZE);
    assertThatThrownBy(() -> Draw.parse("zipf")).hasMessageContaining("use uniform or size");
  }
}
