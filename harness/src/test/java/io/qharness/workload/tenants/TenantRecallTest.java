package io.qharness.workload.tenants;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.qharness.workload.QueryRecall;
import io.qharness.workload.tenants.TenantLayout.SizeClass;
import io.qharness.workload.tenants.TenantQueries.Draw;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TenantRecallTest {
  @Test
  void recallIsAveragedPerTenantThenPerClassAndTheLowestTenantsAreNamed() {
    TenantLayout layout = new TenantLayout(2_000, 20, 1, 0);
    TenantQueries q = new TenantQueries(layout, 200, Draw.UNIFORM, 3);
    Map<SizeClass, QueryRecall> recall = new EnumMap<>(SizeClass.class);
    for (SizeClass c : q.classes()) {
      QueryRecall r = new QueryRecall(200);
      for (int i = 0; i < 200; i++) {
        int t = q.tenant(c, i);
        // tenant 19 (the smallest) is served badly; everyone else perfectly; query 0 twice
        r.add(i, t == 19 ? 0.5 : 1.0);
        if (i == 0) {
          r.add(i, t == 19 ? 0.5 : 1.0);
        }
      }
      recall.put(c, r);
    }
    TenantRecall.Report report = TenantRecall.of(q, recall);
    assertThat(report.layout()).isEqualTo(layout.toString());
    assertThat(report.draw()).isEqualTo("uniform");
    TenantRecall.ClassRecall small = report.classes().get(2);
    assertThat(small.sizeClass()).isEqualTo("small");
    assertThat(small.tenants()).isEqualTo(10);
    assertThat(small.tenantsMeasured()).isEqualTo(10);
    // each of the 10 small tenants counts once: (9 x 1.0 + 0.5) / 10
    assertThat(small.meanTenantRecall()).isCloseTo(0.95, within(1e-9));
    assertThat(small.minTenantRecall()).isCloseTo(0.5, within(1e-9));
    assertThat(small.searchShare()).isCloseTo(0.5, within(1e-12));
    assertThat(report.classes().get(0).meanTenantRecall()).isEqualTo(1.0);
    assertThat(report.lowestRecall()).hasSize(TenantRecall.LOWEST);
    assertThat(report.lowestRecall().get(0).tenant()).isEqualTo("t19");
    assertThat(report.lowestRecall().get(0).points()).isEqualTo(layout.size(19));
    long responses = 0;
    for (SizeClass c : q.classes()) {
      for (int i = 0; i < 200; i++) {
        responses += recall.get(c).count(i);
      }
    }
    assertThat(responses).isEqualTo(3 * 201);
  }

  @Test
  void aClassWithoutMeasuredResponsesSaysSo() {
    TenantLayout layout = new TenantLayout(100, 4, 0, 0);
    TenantQueries q = new TenantQueries(layout, 5, Draw.UNIFORM, 3);
    TenantRecall.Report report = TenantRecall.of(q, Map.of());
    assertThat(report.classes()).allSatisfy(c -> assertThat(c.tenantsMeasured()).isZero());
    assertThat(report.classes().get(0).meanTenantRecall()).isNull();
    assertThat(report.lowestRecall()).isEmpty();
  }
}
