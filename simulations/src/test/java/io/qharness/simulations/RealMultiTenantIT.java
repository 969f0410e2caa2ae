package io.qharness.simulations;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.qharness.metrics.OperationSummary;
import io.qharness.results.RunRecord;
import io.qharness.testsupport.LocalQdrantCluster;
import io.qharness.testsupport.RequiresQdrant;
import io.qharness.workload.tenants.TenantLayout;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The multi-tenant workload on a real 3-node Qdrant 1.19 cluster with custom sharding: 4 shard
 * keys, each tenant's points upserted to its key (counted back per key), searches filtered to one
 * tenant and sent to its key, the large tenants' searches through the HNSW graph (small
 * thresholds), recall per tenant. Then the collection is reused (upload=false), and reuse with an
 * unknown shard key or without the is_tenant index is refused naming the fix.
 */
@RequiresQdrant
class RealMultiTenantIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path dir;

  private QharnessCli run(LocalQdrantCluster cluster, String id, String... extra) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "run",
                "MultiTenant",
                "--hosts",
                cluster.hosts(),
                "--points",
                "8000",
                "--dim",
                "32",
                "--tenants",
                "40",
                "--shards",
                "1",
                "--search-rate",
                "60",
                "--duration",
                "5s",
                "--warmup",
                "1s",
                "--indexing-threshold",
                "10",
                "--full-scan-threshold",
                "10",
                "--results-dir",
                dir.toString(),
                "--run-id",
                id,
                "--no-report",
                "--progress",
                "false",
                "--p99-ms",
                "100000"));
    args.addAll(List.of(extra));
    return QharnessCli.run(args.toArray(String[]::new));
  }

  private long countOnKey(LocalQdrantCluster cluster, String key) throws Exception {
    HttpResponse<String> r =
        cluster.request(
            cluster.node(0),
            "POST",
            "/collections/qharness/points/count",
            "{\"exact\": true, \"shard_key\": \"" + key + "\"}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return JSON.readTree(r.body()).path("result").path("count").asLong();
  }

  @Test
  void tenantsOnShardKeysAreLoadedSearchedAndReusedAndBadReuseIsRefused() throws Exception {
    try (LocalQdrantCluster cluster =
        LocalQdrantCluster.builder().name("tenants").nodes(3).start()) {
      QharnessCli r = run(cluster, "keyed", "--tenant-shard-keys", "4");
      assertThat(r.code()).as(r.toString()).isZero();
      RunRecord.Loaded rec = RunRecord.load(dir.resolve("keyed"));
      assertThat(rec.complete()).isTrue();
      StringBuilder figures = new StringBuilder();
      for (String c : new String[] {"large", "medium", "small"}) {
        OperationSummary s = rec.summary().operation("tenant search " + c);
        assertThat(s.errors()).as(c).isZero();
        assertThat(s.recallMean()).as(c).isGreaterThan(0.8);
        figures.append(
            String.format(
                Locale.ROOT,
                "  %-6s %4d searches  recall %.4f  p50 %.2f ms  p99 %.2f ms%n",
                c,
                s.count(),
                s.recallMean(),
                s.p50Micros() / 1000.0,
                s.p99Micros() / 1000.0));
      }
      System.out.print("real Qdrant, tenants on 4 shard keys:\n" + figures);
      JsonNode tenants = rec.json().path("tenants");
      assertThat(tenants.path("shardKeys").asInt()).isEqualTo(4);
      assertThat(tenants.path("classes").get(0).path("tenantsMeasured").asInt()).isEqualTo(4);
      // each tenant's points went to its own key: count every key back
      TenantLayout layout = new TenantLayout(8000, 40, 1.0, 4);
      for (int k = 0; k < 4; k++) {
        long expected = 0;
        for (int t = k; t < 40; t += 4) {
          expected += layout.size(t);
        }
        assertThat(countOnKey(cluster, "k" + k)).as("points on k" + k).isEqualTo(expected);
      }
      assertThat(rec.json().path("audit").path("missing").asLong()).isZero();

      // the reuse returns payloads: what a response carries, measured on the real server
      QharnessCli reuse =
          run(
              cluster,
              "reuse",
              "--tenant-shard-keys",
              "4",
              "--upload",
              "false",
              "--with-payload",
              "true");
      assertThat(reuse.code()).as(reuse.toString()).isZero();
      OperationSummary idsOnly = rec.summary().operation("tenant search small");
      OperationSummary withPayload =
          RunRecord.load(dir.resolve("reuse")).summary().operation("tenant search small");
      assertThat(withPayload.recallMean()).isGreaterThan(0.8);
      // 10 hits, each now with its tenant, category, rank and price
      assertThat(withPayload.meanResponseBytes())
          .isGreaterThan(idsOnly.meanResponseBytes() + 10 * 30);

      QharnessCli unknownKey =
          run(cluster, "unknown-key", "--tenant-shard-keys", "5", "--upload", "false");
      assertThat(unknownKey.code()).as(unknownKey.toString()).isEqualTo(2);
      assertThat(unknownKey.out() + unknownKey.err())
          .contains("has no shard key k4 (it has k0, k1, k2, k3)")
          .contains("set tenantShardKeys");

      HttpResponse<String> drop =
          cluster.request(
              cluster.node(0), "DELETE", "/collections/qharness/index/tenant?wait=true", null);
      assertThat(drop.statusCode()).as(drop.body()).isEqualTo(200);
      QharnessCli noIndex =
          run(cluster, "no-index", "--tenant-shard-keys", "4", "--upload", "false");
      assertThat(noIndex.code()).as(noIndex.toString()).isEqualTo(2);
      assertThat(noIndex.out() + noIndex.err())
          .contains("no payload index on `tenant`")
          .contains("\"is_tenant\": true");
    }
  }
}
