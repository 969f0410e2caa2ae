package io.qharness.testcluster;

import io.grpc.stub.StreamObserver;
import io.qdrant.client.grpc.QdrantGrpc;
import io.qdrant.client.grpc.QdrantOuterClass.HealthCheckReply;
import io.qdrant.client.grpc.QdrantOuterClass.HealthCheckRequest;

/** Qdrant's HealthCheck, answering with a title that says this is a test double. */
final class QdrantService extends QdrantGrpc.QdrantImplBase {
  private final TestNode node;

  QdrantService(TestNode node) {
    this.node = node;
  }

  @Override
  public void healthCheck(HealthCheckRequest request, StreamObserver<HealthCheckReply> observer) {
    node.handle(
        "/qdrant.Qdrant/HealthCheck",
        observer,
        () ->
            HealthCheckReply.newBuilder()
                .setTitle(TestCluster.TITLE)
                .setVersion(TestCluster.EMULATED_QDRANT_VERSION)
                .setCommit("qharness-testcluster")
                .build());
  }
}
