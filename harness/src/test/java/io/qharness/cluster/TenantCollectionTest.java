package io.qharness.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.qharness.workload.tenants.TenantLayout;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TenantCollectionTest {
  private final TenantLayout layout = new TenantLayout(1_000, 10, 1, 3);

  private Map<Long, String> tenantsAsLaidOut(TenantLayout l) {
    Map<Long, String> out = new LinkedHashMap<>();
    for (long id : TenantCollection.samples(l)) {
      out.put(id, TenantLayout.name(l.tenantOf(id)));
    }
    return out;
  }

  @Test
  void aCollectionLaidOutAsTheRunSaysFits() {
    var found =
        new TenantCollection.Found(
            true, List.of("k2", "k0", "k1"), "keyword, is_tenant", tenantsAsLaidOut(layout));
    assertThat(TenantCollection.problems("c", found, layout)).isEmpty();
  }

  @Test
  void aTenantFieldWithoutAnIsTenantIndexIsRefusedWithTheRequestThatFixesIt() {
    for (String index : new String[] {null, "keyword"}) {
      var found =
          new TenantCollection.Found(
              true, List.of("k0", "k1", "k2"), index, tenantsAsLaidOut(layout));
      assertThat(TenantCollection.problems("c", found, layout))
          .singleElement()
          .asString()
          .contains(index == null ? "no payload index on `tenant`" : "a keyword index on `tenant`")
          .contains("\"is_tenant\": true")
          .contains("upload=true");
    }
  }

  @Test
  void anUnknownShardKeyIsNamedWithTheKeysThereAre() {
    var found =
        new TenantCollection.Found(
            true, List.of("k1", "k0"), "keyword, is_tenant", tenantsAsLaidOut(layout));
    assertThat(TenantCollection.problems("c", found, layout))
        .singleElement()
        .asString()
        .contains("no shard key k2 (it has k0, k1)")
        .contains("set tenantShardKeys");
    var automatic =
        new TenantCollection.Found(
            false, List.of(), "keyword, is_tenant", tenantsAsLaidOut(layout));
    assertThat(TenantCollection.problems("c", automatic, layout))
        .singleElement()
        .asString()
        .contains("uses automatic sharding, but tenantShardKeys=3");
  }

  @Test
  void pointsInOtherTenantsMeanAnotherLayout() {
    TenantLayout other = new TenantLayout(1_000, 9, 1, 3);
    var found =
        new TenantCollection.Found(
            true, List.of("k0", "k1", "k2"), "keyword, is_tenant", tenantsAsLaidOut(other));
    assertThat(TenantCollection.problems("c", found, layout))
        .singleElement()
        .asString()
        .contains("run with the tenants and tenantSkew it was loaded with");
  }
}
