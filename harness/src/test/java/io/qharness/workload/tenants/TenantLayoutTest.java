package io.qharness.workload.tenants;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.qharness.workload.tenants.TenantLayout.SizeClass;
import org.junit.jupiter.api.Test;

class TenantLayoutTest {
  @Test
  void zipfSizesCoverEveryPointOnceLargestFirst() {
    TenantLayout l = new TenantLayout(10_000, 50, 1.0, 0);
    long sum = 0;
    for (int t = 0; t < 50; t++) {
      assertThat(l.size(t)).isPositive();
      if (t > 0) {
        assertThat(l.size(t)).isLessThanOrEqualTo(l.size(t - 1));
        assertThat(l.first(t)).isEqualTo(l.first(t - 1) + l.size(t - 1));
      }
      sum += l.size(t);
    }
    assertThat(sum).isEqualTo(10_000);
    // Zipf 1 over 50 tenants: the largest holds 1 / H(50) = 22 % of the points, the smallest 0.45 %
    assertThat(l.size(0)).isBetween(2_200L, 2_260L);
    assertThat(l.size(49)).isBetween(40L, 50L);
  }

  @Test
  void skewZeroGivesSameSizeTenants() {
    TenantLayout l = new TenantLayout(1_003, 10, 0, 0);
    for (int t = 0; t < 10; t++) {
      assertThat(l.size(t)).isBetween(100L, 101L);
    }
  }

  @Test
  void everyPointBelongsToTheTenantWhoseRangeHoldsIt() {
    TenantLayout l = new TenantLayout(5_000, 37, 1.3, 0);
    for (long id = 0; id < 5_000; id++) {
      int t = l.tenantOf(id);
      assertThat(id).isBetween(l.first(t), l.first(t) + l.size(t) - 1);
    }
  }

  @Test
  void uploadBatchesNeverSpanTwoTenantsNorExceedTheBatchSize() {
    TenantLayout l = new TenantLayout(5_000, 37, 1.3, 4);
    long[] starts = l.batchStarts(64);
    assertThat(starts[0]).isZero();
    assertThat(starts[starts.length - 1]).isEqualTo(5_000);
    for (int b = 0; b + 1 < starts.length; b++) {
      assertThat(starts[b + 1] - starts[b]).isBetween(1L, 64L);
      assertThat(l.tenantOf(starts[b + 1] - 1)).isEqualTo(l.tenantOf(starts[b]));
    }
  }

  @Test
  void tenantsAreSpreadOverTheShardKeys() {
    TenantLayout l = new TenantLayout(1_000, 10, 1, 3);
    assertThat(l.keyNames()).containsExactly("k0", "k1", "k2");
    assertThat(l.keyOf(0)).isEqualTo("k0");
    assertThat(l.keyOf(4)).isEqualTo("k1");
    assertThat(l.selector(5).getShardKeys(0).getKeyword()).isEqualTo("k2");
    TenantLayout auto = new TenantLayout(1_000, 10, 1, 0);
    assertThat(auto.keyOf(4)).isNull();
    assertThat(auto.selector(4)).isNull();
  }

  @Test
  void sizeClassesAreTheLargestTenthTheSmallerHalfAndTheRest() {
    TenantLayout l = new TenantLayout(10_000, 40, 1, 0);
    assertThat(l.sizeClass(0)).isEqualTo(SizeClass.LARGE);
    assertThat(l.sizeClass(3)).isEqualTo(SizeClass.LARGE);
    assertThat(l.sizeClass(4)).isEqualTo(SizeClass.MEDIUM);
    assertThat(l.sizeClass(19)).isEqualTo(SizeClass.MEDIUM);
    assertThat(l.sizeClass(20)).isEqualTo(SizeClass.SMALL);
    TenantLayout one = new TenantLayout(100, 1, 1, 0);
    assertThat(one.sizeClass(0)).isEqualTo(SizeClass.LARGE);
  }

  @Test
  void payloadsCarryTheTenantBesideTheBasePayload() {
    TenantLayout l = new TenantLayout(100, 4, 0, 0);
    var p =
        l.payloads(
                id ->
                    java.util.Map.of(
                        "category",
                        io.qdrant.client.grpc.JsonWithInt.Value.newBuilder()
                            .setStringValue("c1")
                            .build()))
            .apply(60);
    assertThat(p.get(TenantLayout.FIELD).getStringValue()).isEqualTo("t2");
    assertThat(p.get("category").getStringValue()).isEqualTo("c1");
    assertThat(TenantLayout.filter(2).getMust(0).getField().getMatch().getKeyword())
        .isEqualTo("t2");
  }

  @Test
  void refusesWhatCannotBeLaidOutNamingTheFix() {
    assertThatThrownBy(() -> new TenantLayout(10, 20, 1, 0))
        .hasMessageContaining("tenants=20 needs at least one point each")
        .hasMessageContaining("lower tenants or raise points");
    assertThatThrownBy(() -> new TenantLayout(100, 10, 3.5, 0))
        .hasMessageContaining("tenantSkew must be within 0..3.0");
    assertThatThrownBy(() -> new TenantLayout(100, 10, Double.NaN, 0))
        .hasMessageContaining("tenantSkew");
    assertThatThrownBy(() -> new TenantLayout(100, 10, 1, 11))
        .hasMessageContaining("tenantShardKeys must be within 0..tenants (10");
  }
}
