package io.qharness.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.qharness.workload.kernels.Kernels;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The catalog holds every setting qharness reads, each under one name in every source. */
class CatalogTest {
  @Test
  void namesAreUniqueAndEverySourceSpellsThemTheSameWay() {
    Set<String> names = new HashSet<>();
    for (Setting<?> s : Catalog.ALL) {
      assertThat(names.add(s.name())).as("duplicate setting " + s.name()).isTrue();
      assertThat(s.systemProperty()).isEqualTo("qharness." + s.name());
      assertThat(s.environmentVariable())
          .isEqualTo("QHARNESS_" + s.name().replaceAll("([A-Z])", "_$1").toUpperCase());
    }
  }

  @Test
  void theKernelSettingIsTheOneTheKernelsRead() {
    // the kernels live below the configuration layer and read the property themselves
    assertThat(Catalog.KERNEL.systemProperty()).isEqualTo(Kernels.PROPERTY);
    assertThat(Catalog.KERNEL.environmentVariable()).isEqualTo(Kernels.ENVIRONMENT);
  }
}
