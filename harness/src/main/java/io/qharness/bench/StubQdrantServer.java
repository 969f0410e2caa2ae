package io.qharness.bench;

import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.qdrant.client.grpc.Common.PointId;
import io.qdrant.client.grpc.Points.QueryPoints;
import io.qdrant.client.grpc.Points.QueryResponse;
import io.qdrant.client.grpc.Points.ScoredPoint;
import io.qdrant.client.grpc.Points.SearchPoints;
import io.qdrant.client.grpc.Points.SearchResponse;
import io.qdrant.client.grpc.PointsGrpc;
import io.qdrant.client.grpc.QdrantGrpc;
import io.qdrant.client.grpc.QdrantOuterClass.HealthCheckReply;
import io.qdrant.client.grpc.QdrantOuterClass.HealthCheckRequest;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * A gRPC server that answers every Search and Query at once with the same {@code k} points (ids 0
 * to k-1, scores falling): no index, no scan, so a client measured against it pays only its own
 * costs and the gRPC transport's. It is not Qdrant and serves nothing else (other calls are
 * UNIMPLEMENTED); the client-cost benchmark runs it on loopback.
 */
public final class StubQdrantServer implements AutoCloseable {
  private final Server server;

  private StubQdrantServer(Server server) {
    this.server = server;
  }

  /** Starts on a free loopback port, answering with {@code k} points. */
  public static StubQdrantServer start(int k) throws IOException {
    SearchResponse.Builder search = SearchResponse.newBuilder().setTime(1e-6);
    QueryResponse.Builder query = QueryResponse.newBuilder().setTime(1e-6);
    for (int i = 0; i < k; i++) {
      ScoredPoint p =
          ScoredPoint.newBuilder()
              .setId(PointId.newBuilder().setNum(i))
              .setScore(1f - i / (float) (2 * k))
              .setVersion(1)
              .build();
      search.addResult(p);
      query.addResult(p);
    }
    SearchResponse searchReply = search.build();
    QueryResponse queryReply = query.build();
    Server server =
        NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
            .directExecutor() // answers are prebuilt: nothing to hand to another thread
            .addService(
                new PointsGrpc.PointsImplBase() {
                  @Override
                  public void search(SearchPoints r, StreamObserver<SearchResponse> out) {
                    out.onNext(searchReply);
                    out.onCompleted();
                  }

                  @Override
                  public void query(QueryPoints r, StreamObserver<QueryResponse> out) {
                    out.onNext(queryReply);
                    out.onCompleted();
                  }
                })
            .addService(
                new QdrantGrpc.QdrantImplBase() {
                  @Override
                  public void healthCheck(
                      HealthCheckRequest r, StreamObserver<HealthCheckReply> out) {
                    out.onNext(
                        HealthCheckReply.newBuilder()
                            .setTitle("qharness stub server (not Qdrant)")
                            .setVersion("stub")
                            .build());
                    out.onCompleted();
                  }
                })
            .build()
            .start();
    return new StubQdrantServer(server);
  }

  /** The gRPC address, host:port. */
  public String address() {
    return "127.0.0.1:" + ((InetSocketAddress) server.getListenSockets().get(0)).getPort();
  }

  @Override
  public void close() {
    server.shutdownNow();
    try {
      server.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
