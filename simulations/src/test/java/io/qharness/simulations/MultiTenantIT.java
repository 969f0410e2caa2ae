package io.qharness.simulations;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.qharness.metrics.OperationSummary;
import io.qharness.results.RunRecord;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The multi-tenant workload on the embedded test double (automatic sharding: the double places
 * points by id only), end to end through the CLI: Zipf-sized tenants, an is_tenant index, searches
 * filtered to one tenant per size class, recall per tenant in run.json. Custom sharding and bad
 * tenant settings are refused naming the fix.
 */
class MultiTenantIT {
  @TempDir Path dir;

  private QharnessCli run(String id, String... extra) {
    String[] base = {
      "run",
      "MultiTenant",
      "--points",
      "3000",
      "--dim",
      "16",
      "--search-rate",
      "60",
      "--duration",
      "4s",
      "--warmup",
      "1s",
      "--results-dir",
      dir.toString(),
      "--run-id",
      id,
      "--no-report",
      "--progress",
      "false"
    };
    String[] all = new String[base.length + extra.length];
    System.arraycopy(base, 0, all, 0, base.length);
    System.arraycopy(extra, 0, all, base.length, extra.length);
    return QharnessCli.run(all);
  }

  @Test
  void searchesFilteredToOneTenantAreMeasuredPerSizeClassWithRecallPerTenant() {
    QharnessCli r = run("tenants", "--tenants", "30", "--tenant-skew", "1.2");
    assertThat(r.code()).as(r.toString()).isZero();
    RunRecord.Loaded rec = RunRecord.load(dir.resolve("tenants"));
    assertThat(rec.complete()).isTrue();
    long searches = 0;
    for (String c : new String[] {"large", "medium", "small"}) {
      OperationSummary s = rec.summary().operation("tenant search " + c);
      assertThat(s.errors()).as(c).isZero();
      // the double's search is exact: every tenant's top-k is its exact top-k
      assertThat(s.recallMean()).as(c).isEqualTo(1.0);
      searches += s.count();
    }
    // uniform draw: 3 of 30 tenants are large, 12 medium, 15 small; 60/s for 4 s in all
    assertThat(rec.summary().operation("tenant search large").count()).isEqualTo(24);
    assertThat(rec.summary().operation("tenant search small").count()).isEqualTo(120);
    assertThat(searches).isEqualTo(240);
    JsonNode tenants = rec.json().path("tenants");
    assertThat(tenants.path("shardKeys").asInt()).isZero();
    assertThat(tenants.path("layout").asText()).startsWith("30 tenants (Zipf 1.2");
    assertThat(tenants.path("classes")).hasSize(3);
    JsonNode small = tenants.path("classes").get(2);
    assertThat(small.path("sizeClass").asText()).isEqualTo("small");
    assertThat(small.path("tenants").asInt()).isEqualTo(15);
    assertThat(small.path("tenantsMeasured").asInt()).isBetween(10, 15);
    assertThat(small.path("meanTenantRecall").asDouble()).isEqualTo(1.0);
    assertThat(small.path("maxPoints").asLong())
        .isLessThan(tenants.path("classes").get(0).path("minPoints").asLong());
    assertThat(tenants.path("lowestRecall").get(0).path("tenant").asText()).startsWith("t");
    // every point written with its tenant and read back
    assertThat(rec.json().path("audit").path("missing").asLong()).isZero();
    assertThat(rec.json().path("data").path("tenantGroundTruth").asText()).contains("computed");
  }

  @Test
  void customShardingAndTenantSettingsOutOfRangeAreRefusedNamingTheFix() {
    QharnessCli keyed = run("keyed", "--tenants", "30", "--tenant-shard-keys", "3");
    assertThat(keyed.code()).as(keyed.toString()).isNotZero();
    assertThat(keyed.out() + keyed.err())
        .contains("custom sharding (shard keys) needs a real Qdrant: give --hosts");
    QharnessCli skew = run("skew", "--tenants", "30", "--tenant-skew", "4");
    assertThat(skew.code()).as(skew.toString()).isEqualTo(2);
    assertThat(skew.out() + skew.err()).contains("tenantSkew").contains("0..3");
    QharnessCli crowded = run("crowded", "--tenants", "5000");
    assertThat(crowded.code()).as(crowded.toString()).isEqualTo(2);
    assertThat(crowded.out() + crowded.err())
        .contains("tenants=5000 needs at least one point each")
        .contains("lower tenants or raise points");
  }
}
