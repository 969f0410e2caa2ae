package io.qharness.testcluster;

import io.grpc.stub.StreamObserver;
import io.qdrant.client.grpc.Collections.CollectionClusterInfoRequest;
import io.qdrant.client.grpc.Collections.CollectionClusterInfoResponse;
import io.qdrant.client.grpc.Collections.CollectionDescription;
import io.qdrant.client.grpc.Collections.CollectionExists;
import io.qdrant.client.grpc.Collections.CollectionExistsRequest;
import io.qdrant.client.grpc.Collections.CollectionExistsResponse;
import io.qdrant.client.grpc.Collections.CollectionOperationResponse;
import io.qdrant.client.grpc.Collections.CreateCollection;
import io.qdrant.client.grpc.Collections.DeleteCollection;
import io.qdrant.client.grpc.Collections.GetCollectionInfoRequest;
import io.qdrant.client.grpc.Collections.GetCollectionInfoResponse;
import io.qdrant.client.grpc.Collections.ListCollectionsRequest;
import io.qdrant.client.grpc.Collections.ListCollectionsResponse;
import io.qdrant.client.grpc.Collections.UpdateCollection;
import io.qdrant.client.grpc.CollectionsGrpc;
import java.util.TreeSet;

/**
 * The Collections calls the qharness protocol uses. Calls not listed here answer UNIMPLEMENTED, as
 * the generated base class does: the test double does not pretend to more than it does.
 */
final class CollectionsService extends CollectionsGrpc.CollectionsImplBase {
  private final TestNode node;
  private final CollectionRequests coordinator;

  CollectionsService(TestNode node, CollectionRequests coordinator) {
    this.node = node;
    this.coordinator = coordinator;
  }

  private static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  @Override
  public void create(
      CreateCollection request, StreamObserver<CollectionOperationResponse> observer) {
    long t0 = System.nanoTime();
    node.handle(
        "/qdrant.Collections/Create",
        observer,
        () ->
            CollectionOperationResponse.newBuilder()
                .setResult(coordinator.create(request))
                .setTime(seconds(t0))
                .build());
  }

  @Override
  public void delete(
      DeleteCollection request, StreamObserver<CollectionOperationResponse> observer) {
    long t0 = System.nanoTime();
    node.handle(
        "/qdrant.Collections/Delete",
        observer,
        () ->
            CollectionOperationResponse.newBuilder()
                .setResult(coordinator.delete(request.getCollectionName()))
                .setTime(seconds(t0))
                .build());
  }

  @Override
  public void update(
      UpdateCollection request, StreamObserver<CollectionOperationResponse> observer) {
    long t0 = System.nanoTime();
    node.handle(
        "/qdrant.Collections/Update",
        observer,
        () ->
            CollectionOperationResponse.newBuilder()
                .setResult(coordinator.update(request.getCollectionName()))
                .setTime(seconds(t0))
                .build());
  }

  @Override
  public void get(
      GetCollectionInfoRequest request, StreamObserver<GetCollectionInfoResponse> observer) {
    long t0 = System.nanoTime();
    node.handle(
        "/qdrant.Collections/Get",
        observer,
        () ->
            GetCollectionInfoResponse.newBuilder()
                .setResult(coordinator.info(request.getCollectionName()))
                .setTime(seconds(t0))
                .build());
  }

  @Override
  public void list(
      ListCollectionsRequest request, StreamObserver<ListCollectionsResponse> observer) {
    long t0 = System.nanoTime();
    node.handle(
        "/qdrant.Collections/List",
        observer,
        () -> {
          ListCollectionsResponse.Builder b = ListCollectionsResponse.newBuilder();
          for (String name : new TreeSet<>(node.cluster().collections.keySet())) {
            b.addCollections(CollectionDescription.newBuilder().setName(name));
          }
          return b.setTime(seconds(t0)).build();
        });
  }

  @Override
  public void collectionExists(
      CollectionExistsRequest request, StreamObserver<CollectionExistsResponse> observer) {
    long t0 = System.nanoTime();
    node.handle(
        "/qdrant.Collections/CollectionExists",
        observer,
        () ->
            CollectionExistsResponse.newBuilder()
                .setResult(
                    CollectionExists.newBuilder()
                        .setExists(
                            node.cluster().collections.containsKey(request.getCollectionName())))
                .setTime(seconds(t0))
                .build());
  }

  @Override
  public void collectionClusterInfo(
      CollectionClusterInfoRequest request,
      StreamObserver<CollectionClusterInfoResponse> observer) {
    node.handle(
        "/qdrant.Collections/CollectionClusterInfo",
        observer,
        () -> coordinator.clusterInfo(request.getCollectionName()));
  }
}
