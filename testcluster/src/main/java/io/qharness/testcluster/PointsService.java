package io.qharness.testcluster;

import io.grpc.stub.StreamObserver;
import io.qdrant.client.grpc.Points.CountPoints;
import io.qdrant.client.grpc.Points.CountResponse;
import io.qdrant.client.grpc.Points.CountResult;
import io.qdrant.client.grpc.Points.CreateFieldIndexCollection;
import io.qdrant.client.grpc.Points.DeletePoints;
import io.qdrant.client.grpc.Points.GetPoints;
import io.qdrant.client.grpc.Points.GetResponse;
import io.qdrant.client.grpc.Points.GroupsResult;
import io.qdrant.client.grpc.Points.PointsOperationResponse;
import io.qdrant.client.grpc.Points.QueryGroupsResponse;
import io.qdrant.client.grpc.Points.QueryPointGroups;
import io.qdrant.client.grpc.Points.QueryPoints;
import io.qdrant.client.grpc.Points.QueryResponse;
import io.qdrant.client.grpc.Points.SearchBatchPoints;
import io.qdrant.client.grpc.Points.SearchBatchResponse;
import io.qdrant.client.grpc.Points.SearchPoints;
import io.qdrant.client.grpc.Points.SearchResponse;
import io.qdrant.client.grpc.Points.UpsertPoints;
import io.qdrant.client.grpc.PointsGrpc;

/** The Points calls the qharness protocol uses; the rest answer UNIMPLEMENTED. */
final class PointsService extends PointsGrpc.PointsImplBase {
  private final TestNode node;
  private final PointWrites writes;
  private final PointReads reads;

  PointsService(TestNode node, PointWrites writes, PointReads reads) {
    this.node = node;
    this.writes = writes;
    this.reads = reads;
  }

  private static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  @Override
  public void upsert(UpsertPoints request, StreamObserver<PointsOperationResponse> observer) {
    long t0 = System.nanoTime();
    node.handle(
        "/qdrant.Points/Upsert",
        observer,
        () ->
            PointsOperationResponse.newBuilder()
                .setResult(writes.upsert(request))
                .setTime(seconds(t0))
                .build());
  }

  @Override
  public void delete(DeletePoints request, StreamObserver<PointsOperationResponse> observer) {
    long t0 = System.nanoTime();
    node.handle(
        "/qdrant.Points/Delete",
        observer,
        () ->
            PointsOperationResponse.newBuilder()
                .setResult(writes.delete(request))
                .setTime(seconds(t0))
                .build());
  }

  @Override
  public void createFieldIndex(
      CreateFieldIndexCollection request, StreamObserver<PointsOperationResponse> observer) {
    long t0 = System.nanoTime();
    node.handle(
        "/qdrant.Points/CreateFieldIndex",
        observer,
        () ->
            PointsOperationResponse.newBuilder()
                .setResult(writes.createFieldIndex(request))
                .setTime(seconds(t0))
                .build());
  }

  @Override
  public void search(SearchPoints request, StreamObserver<SearchResponse> observer) {
    long t0 = System.nanoTime();
    node.handle(
        "/qdrant.Points/Search",
        observer,
        () ->
            SearchResponse.newBuilder()
                .addAllResult(reads.search(request))
                .setTime(seconds(t0))
                .build());
  }

  @Override
  public void searchBatch(SearchBatchPoints request, StreamObserver<SearchBatchResponse> observer) {
    long t0 = System.nanoTime();
    node.handle(
        "/qdrant.Points/SearchBatch",
        observer,
        () ->
            SearchBatchResponse.newBuilder()
                .addAllResult(reads.searchBatch(request))
                .setTime(seconds(t0))
                .build());
  }

  @Override
  public void query(QueryPoints request, StreamObserver<QueryResponse> observer) {
    long t0 = System.nanoTime();
    node.handle(
        "/qdrant.Points/Query",
        observer,
        () ->
            QueryResponse.newBuilder()
                .addAllResult(reads.query(request))
                .setTime(seconds(t0))
                .build());
  }

  @Override
  public void queryGroups(QueryPointGroups request, StreamObserver<QueryGroupsResponse> observer) {
    long t0 = System.nanoTime();
    node.handle(
        "/qdrant.Points/QueryGroups",
        observer,
        () ->
            QueryGroupsResponse.newBuilder()
                .setResult(GroupsResult.newBuilder().addAllGroups(reads.queryGroups(request)))
                .setTime(seconds(t0))
                .build());
  }

  @Override
  public void count(CountPoints request, StreamObserver<CountResponse> observer) {
    long t0 = System.nanoTime();
    node.handle(
        "/qdrant.Points/Count",
        observer,
        () ->
            CountResponse.newBuilder()
                .setResult(CountResult.newBuilder().setCount(reads.count(request)))
                .setTime(seconds(t0))
                .build());
  }

  @Override
  public void get(GetPoints request, StreamObserver<GetResponse> observer) {
    long t0 = System.nanoTime();
    node.handle(
        "/qdrant.Points/Get",
        observer,
        () ->
            GetResponse.newBuilder().addAllResult(reads.get(request)).setTime(seconds(t0)).build());
  }
}
