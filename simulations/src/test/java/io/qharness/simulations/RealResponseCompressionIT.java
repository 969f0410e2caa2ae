package io.qharness.simulations;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ClientInterceptors;
import io.grpc.ForwardingClientCall.SimpleForwardingClientCall;
import io.grpc.ForwardingClientCallListener.SimpleForwardingClientCallListener;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.qdrant.client.grpc.Points.SearchPoints;
import io.qdrant.client.grpc.Points.SearchResponse;
import io.qdrant.client.grpc.PointsGrpc;
import io.qharness.grpc.ConnectionSettings;
import io.qharness.grpc.NodeAddress;
import io.qharness.grpc.QdrantNodes;
import io.qharness.testsupport.LocalQdrantCluster;
import io.qharness.testsupport.RequiresQdrant;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Real Qdrant 1.19 gzips every gRPC response to a client that says it accepts gzip, as grpc-java
 * does by default; the {@code gzipResponses} setting decides whether qharness says so.
 */
@RequiresQdrant
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RealResponseCompressionIT {
  private static final Metadata.Key<String> ENCODING =
      Metadata.Key.of("grpc-encoding", Metadata.ASCII_STRING_MARSHALLER);

  private LocalQdrantCluster cluster;

  @BeforeAll
  void start() {
    cluster = LocalQdrantCluster.builder().name("gzip").nodes(1).start();
    LocalQdrantCluster.Node n = cluster.node(0);
    assertThat(
            cluster
                .request(
                    n,
                    "PUT",
                    "/collections/c",
                    "{\"vectors\":{\"size\":4,\"distance\":\"Cosine\"}}")
                .statusCode())
        .isEqualTo(200);
    StringBuilder points = new StringBuilder("{\"points\":[");
    for (int i = 1; i <= 20; i++) {
      points.append(i > 1 ? "," : "").append("{\"id\":").append(i);
      points.append(",\"vector\":[").append(i).append(",1,2,3]}");
    }
    assertThat(
            cluster
                .request(n, "PUT", "/collections/c/points?wait=true", points + "]}")
                .statusCode())
        .isEqualTo(200);
  }

  @AfterAll
  void stop() {
    cluster.close();
  }

  @Test
  void responsesComeGzippedOnlyWhenTheClientAcceptsGzip() {
    assertThat(searchEncoding(true)).isEqualTo("gzip");
    String plain = searchEncoding(false);
    assertThat(plain == null || plain.equals("identity"))
        .as("uncompressed (no grpc-encoding, or identity), got " + plain)
        .isTrue();
  }

  /** The grpc-encoding of a top-10 search's response, through qharness's own channels. */
  private String searchEncoding(boolean gzip) {
    ConnectionSettings settings =
        new ConnectionSettings(1, Duration.ofSeconds(10), null, false, null, 1, gzip);
    AtomicReference<String> encoding = new AtomicReference<>();
    try (QdrantNodes nodes =
        new QdrantNodes(List.of(NodeAddress.parse(cluster.node(0).grpcAddress())), settings)) {
      Channel channel = ClientInterceptors.intercept(nodes.get(0).channel(), recorder(encoding));
      SearchResponse r =
          PointsGrpc.newBlockingStub(channel)
              .search(
                  SearchPoints.newBuilder()
                      .setCollectionName("c")
                      .addAllVector(List.of(1f, 1f, 2f, 3f))
                      .setLimit(10)
                      .build());
      assertThat(r.getResultCount()).isEqualTo(10);
    }
    return encoding.get();
  }

  private static ClientInterceptor recorder(AtomicReference<String> encoding) {
    return new ClientInterceptor() {
      @Override
      public <Q, R> ClientCall<Q, R> interceptCall(
          MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
        return new SimpleForwardingClientCall<>(next.newCall(method, options)) {
          @Override
          public void start(Listener<R> listener, Metadata headers) {
            super.start(
                new SimpleForwardingClientCallListener<>(listener) {
                  @Override
                  public void onHeaders(Metadata h) {
                    encoding.set(h.get(ENCODING));
                    super.onHeaders(h);
                  }
                },
                headers);
          }
        };
      }
    };
  }
}
