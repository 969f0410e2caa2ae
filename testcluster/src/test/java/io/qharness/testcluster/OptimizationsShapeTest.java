package io.qharness.testcluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCalls;
import io.qdrant.client.grpc.Collections.CreateCollection;
import io.qdrant.client.grpc.Collections.Distance;
import io.qdrant.client.grpc.CollectionsGrpc;
import io.qdrant.client.grpc.Common.PointId;
import io.qdrant.client.grpc.Points.DenseVector;
import io.qdrant.client.grpc.Points.PointStruct;
import io.qdrant.client.grpc.Points.UpsertPoints;
import io.qdrant.client.grpc.Points.Vector;
import io.qdrant.client.grpc.Points.Vectors;
import io.qdrant.client.grpc.PointsGrpc;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The double's {@code GET /collections/{name}/optimizations} against a response captured from the
 * real Qdrant 1.19.0 ({@code golden/.../optimizations.json}, a collection after a bulk load: an
 * indexing and a merge optimisation): every field the double sends is one Qdrant sends, of the same
 * JSON type; an optimisation window after writes is reported running, then completed.
 */
class OptimizationsShapeTest {
  @Test
  void optimisationWindowsAreReportedInQdrantsShape() throws Exception {
    JsonNode golden =
        GoldenSamples.json(Files.readString(GoldenSamples.DIR.resolve("optimizations.json")));
    Map<String, String> real = GoldenSamples.shape(golden);
    try (TestCluster cluster = TestCluster.builder().nodes(3).basePort(0).build().start()) {
      cluster.optimisationDelay(Duration.ofMillis(600));
      ManagedChannel ch =
          NettyChannelBuilder.forTarget(cluster.grpcAddresses().get(0)).usePlaintext().build();
      try {
        ClientCalls.blockingUnaryCall(
            ch,
            CollectionsGrpc.getCreateMethod(),
            CallOptions.DEFAULT,
            CreateCollection.newBuilder()
                .setCollectionName("c")
                .setVectorsConfig(CollectionRequests.vectorsConfig(2, Distance.Euclid))
                .build());
        UpsertPoints.Builder up = UpsertPoints.newBuilder().setCollectionName("c").setWait(true);
        for (int i = 0; i < 10; i++) {
          up.addPoints(
              PointStruct.newBuilder()
                  .setId(PointId.newBuilder().setNum(i))
                  .setVectors(
                      Vectors.newBuilder()
                          .setVector(
                              Vector.newBuilder()
                                  .setDense(DenseVector.newBuilder().addData(i).addData(1)))));
        }
        ClientCalls.blockingUnaryCall(
            ch, PointsGrpc.getUpsertMethod(), CallOptions.DEFAULT, up.build());
        String rest = cluster.restAddresses().get(0);
        String path = "/collections/c/optimizations?with=completed&completed_limit=16";
        JsonNode running = GoldenSamples.json(GoldenSamples.get(rest, path));
        assertThat(running.path("result").path("running")).hasSize(1);
        assertThat(running.path("result").path("running").get(0).path("status").asText())
            .isEqualTo("optimizing");
        Thread.sleep(900);
        JsonNode done = GoldenSamples.json(GoldenSamples.get(rest, path));
        assertThat(done.path("result").path("running")).isEmpty();
        JsonNode entry = done.path("result").path("completed").get(0);
        assertThat(entry.path("optimizer").asText()).isEqualTo("indexing");
        assertThat(entry.path("segments").get(0).path("points_count").asLong()).isEqualTo(10);
        assertThat(entry.path("progress").path("duration_sec").asDouble()).isBetween(0.5, 5.0);
        for (JsonNode sample : new JsonNode[] {running, done}) {
          GoldenSamples.shape(sample)
              .forEach(
                  (field, type) -> {
                    // a running optimisation is the same structure as a completed one (the
                    // sample, taken at rest, has none running)
                    String p = field.replace("/result/running/[*]", "/result/completed/[*]");
                    assertThat(real).as("Qdrant's optimizations have %s", p).containsKey(p);
                    assertThat(real.get(p)).as("JSON type of %s", p).contains(type);
                  });
        }
      } finally {
        ch.shutdownNow();
      }
    }
  }
}
