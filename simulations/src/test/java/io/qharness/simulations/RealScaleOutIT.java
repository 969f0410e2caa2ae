package io.qharness.simulations;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.qharness.results.RunRecord;
import io.qharness.testsupport.LocalPrometheus;
import io.qharness.testsupport.LocalPushgateway;
import io.qharness.testsupport.LocalQdrantCluster;
import io.qharness.testsupport.RequiresQdrant;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scale-out and scale-in on a real Qdrant 1.19 cluster under the default mixed load, through the
 * CLI as a user runs it: a fourth node started by its script joins through the bootstrap node,
 * shards move onto it and back off it with stream_records, it is removed and stopped. No
 * acknowledged write may be lost; every transfer is timed and set against the load; the final
 * placement is read back from every node.
 */
@RequiresQdrant
class RealScaleOutIT {
  @TempDir static Path dir;

  @Test
  void aFourthNodeJoinsTakesShardsUnderLoadAndIsDrainedAgain() throws Exception {
    try (LocalQdrantCluster cluster =
            LocalQdrantCluster.builder().name("scale").nodes(3).spares(1).start();
        LocalPushgateway gateway = LocalPushgateway.start(dir.resolve("pushgateway"));
        LocalPrometheus prometheus =
            LocalPrometheus.start(
                dir.resolve("prometheus"),
                "1s",
                List.of(
                    new LocalPrometheus.Job(
                        "pushgateway", List.of(gateway.address()), List.of(), true)))) {
      double start = System.currentTimeMillis() / 1000.0;
      LocalQdrantCluster.Node spare = cluster.spares().get(0);
      QharnessCli r =
          QharnessCli.run(
              "run",
              "ScaleOut",
              "--hosts",
              cluster.hosts(),
              "--scale-hosts",
              spare.grpcAddress(),
              "--scale-start-command",
              "sh " + spare.startScript(),
              "--results-dir",
              dir.toString(),
              "--run-id",
              "scale",
              "--points",
              "12000",
              "--warmup",
              "2s",
              "--scale-steady",
              "6s",
              "--transfer-method",
              "stream_records",
              "--progress",
              "false",
              "--pushgateway",
              gateway.address(),
              "--push-keep",
              "true",
              // errors and lost writes are what this checks, not an SLO: four nodes and the
              // injector share two cores while shards move
              "--p99-ms",
              "60000");
      assertThat(r.code()).as(r.toString()).isZero();
      RunRecord.Loaded rec = RunRecord.load(dir.resolve("scale"));
      JsonNode scale = rec.json().path("scale");
      JsonNode steps = scale.path("steps");
      assertThat(steps).as(scale.toString()).hasSize(3);
      JsonNode onto = steps.get(1).path("transfers");
      assertThat(onto.size()).as("shards moved onto node4").isGreaterThanOrEqualTo(2);
      for (JsonNode t : onto) {
        assertThat(t.path("to").asText()).isEqualTo("node4");
        assertThat(t.path("error").isMissingNode() || t.path("error").isNull()).isTrue();
        assertThat(t.path("method").asText()).isEqualTo("stream_records");
        // the size of the source replica's vectors and payloads, per its node's telemetry
        assertThat(t.path("bytes").asLong()).as("bytes of shard " + t.path("shard")).isPositive();
        assertThat(t.path("bytesPerSec").asDouble()).isPositive();
        for (JsonNode i : t.path("impact")) {
          if (i.path("operation").asText().equals("search")) {
            assertThat(i.path("during").path("errorRate").asDouble())
                .as("search errors during the transfer of shard " + t.path("shard"))
                .isLessThanOrEqualTo(0.005);
          }
        }
      }
      JsonNode off = steps.get(2).path("transfers");
      assertThat(off.size()).isEqualTo(onto.size());
      off.forEach(t -> assertThat(t.path("from").asText()).isEqualTo("node4"));
      JsonNode audit = rec.json().path("audit");
      assertThat(audit.path("missing").asLong()).as(audit.toString()).isZero();
      assertThat(audit.path("vectorMismatches").asLong()).isZero();
      assertThat(audit.path("distinctIds").asLong()).isEqualTo(12000);

      // the final placement, from every node: 4 shards x 2 Active replicas on the first three,
      // no transfer running, and the fourth no longer a peer
      ObjectMapper json = new ObjectMapper();
      Map<Integer, Set<Long>> replicas = new HashMap<>();
      Set<Long> members = new HashSet<>();
      for (LocalQdrantCluster.Node n : cluster.nodes()) {
        JsonNode c =
            json.readTree(cluster.get(n, "/collections/qharness/cluster").body()).path("result");
        members.add(c.path("peer_id").asLong());
        assertThat(c.path("shard_transfers")).isEmpty();
        for (JsonNode s : c.path("local_shards")) {
          assertThat(s.path("state").asText()).isEqualTo("Active");
          replicas
              .computeIfAbsent(s.path("shard_id").asInt(), k -> new HashSet<>())
              .add(c.path("peer_id").asLong());
        }
        HttpResponse<String> peers = cluster.get(n, "/cluster");
        assertThat(json.readTree(peers.body()).path("result").path("peers").size())
            .as("node4 removed, seen from " + n.name())
            .isEqualTo(3);
      }
      assertThat(replicas).hasSize(4);
      replicas.values().forEach(p -> assertThat(members).containsAll(p));
      replicas.values().forEach(p -> assertThat(p).hasSize(2));

      // the dashboards annotate the steps and transfers from the Pushgateway
      String annotation =
          DashboardQueries.substitute(
              DashboardQueries.queries(
                      json.readTree(
                          Path.of("..", "grafana-dashboards", "qharness-load-test.json").toFile()))
                  .get("annotation 'qharness scale events'"));
      assertThat(
              prometheus
                  .awaitData(
                      "qharness_scale_time_seconds{job=\"qharness\", run_id=\"scale\"}", 15_000)
                  .hasData())
          .isTrue();
      LocalPrometheus.Result annotated =
          prometheus.queryRange(annotation, start, System.currentTimeMillis() / 1000.0, 1);
      assertThat(annotated.series())
          .as(annotation)
          .extracting(a -> a.path("metric").path("action").asText())
          .contains("join", "rebalance", "drain", "transfer");

      StringBuilder figures = new StringBuilder("real Qdrant, scale out and in under load:\n");
      for (JsonNode st : steps) {
        figures.append(
            String.format("  %s: %s%n", st.path("step").asText(), st.path("detail").asText()));
        for (JsonNode t : st.path("transfers")) {
          figures.append(
              String.format(
                  "    shard %s %s -> %s: %.2f s, %s points, %.0f points/s, %.1f MB/s;",
                  t.path("shard").asText(),
                  t.path("from").asText(),
                  t.path("to").asText(),
                  (t.path("endMillis").asLong() - t.path("startMillis").asLong()) / 1000.0,
                  t.path("points").asText(),
                  t.path("pointsPerSec").asDouble(),
                  t.path("bytesPerSec").asDouble() / 1e6));
          for (JsonNode i : t.path("impact")) {
            figures.append(
                String.format(
                    " %s p99 %.1f -> %.1f ms (errors %.2f%%)",
                    i.path("operation").asText(),
                    i.path("before").path("p99Ms").asDouble(),
                    i.path("during").path("p99Ms").asDouble(),
                    100 * i.path("during").path("errorRate").asDouble()));
          }
          figures.append('\n');
        }
      }
      System.out.print(figures);
    }
  }
}
