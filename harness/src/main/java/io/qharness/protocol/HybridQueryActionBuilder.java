package io.qharness.protocol;

import io.qdrant.client.grpc.Points;
import io.qdrant.client.grpc.Points.PrefetchQuery;
import io.qdrant.client.grpc.Points.Query;
import io.qdrant.client.grpc.Points.QueryPoints;
import io.qdrant.client.grpc.Points.QueryResponse;
import io.qdrant.client.grpc.Points.SearchParams;
import io.qdrant.client.grpc.Points.VectorInput;
import io.qharness.protocol.internal.Operation;
import io.qharness.workload.ProtoVectors;
import io.qharness.workload.hybrid.Fusion;
import io.qharness.workload.hybrid.HybridQuerySet;
import java.util.Objects;

/**
 * Hybrid retrieval through the Query API: two prefetches, the dense query on one named vector and
 * the sparse query on another, each taking its top {@link #prefetchLimit}, fused by RRF or DBSF
 * into the top {@link #limit}. With a query set carrying ground truth, recall@k of the fused answer
 * is measured against the fusion of the exact per-vector results ({@link
 * io.qharness.workload.hybrid.HybridGroundTruth}).
 */
public final class HybridQueryActionBuilder extends QdrantActionBuilder<HybridQueryActionBuilder> {
  HybridQuerySet queries;
  String denseVector = "dense";
  String sparseVector = "sparse";
  int prefetchLimit = 50;
  int limit = 10;
  Fusion fusion = Fusion.RRF;
  Long hnswEf;

  HybridQueryActionBuilder(String requestName) {
    super(requestName);
  }

  /** Dense and sparse queries taken round-robin; with ground truth, recall@k is measured. */
  public HybridQueryActionBuilder queries(HybridQuerySet set) {
    Objects.requireNonNull(set, "hybrid query set");
    return with(b -> b.queries = set);
  }

  /** The names of the dense and the sparse vector (default "dense" and "sparse"). */
  public HybridQueryActionBuilder using(String dense, String sparse) {
    Objects.requireNonNull(dense, "dense vector name");
    Objects.requireNonNull(sparse, "sparse vector name");
    return with(
        b -> {
          b.denseVector = dense;
          b.sparseVector = sparse;
        });
  }

  /** How many points each prefetch passes to the fusion (default 50). */
  public HybridQueryActionBuilder prefetchLimit(int n) {
    if (n < 1) {
      throw new IllegalArgumentException("prefetchLimit must be at least 1, got " + n);
    }
    return with(b -> b.prefetchLimit = n);
  }

  /** k: how many fused points to return (default 10). */
  public HybridQueryActionBuilder limit(int k) {
    if (k < 1) {
      throw new IllegalArgumentException("limit must be at least 1, got " + k);
    }
    return with(b -> b.limit = k);
  }

  /** RRF (default) or DBSF. */
  public HybridQueryActionBuilder fusion(Fusion f) {
    Objects.requireNonNull(f, "fusion");
    return with(b -> b.fusion = f);
  }

  /** hnsw_ef of the dense prefetch. */
  public HybridQueryActionBuilder hnswEf(int ef) {
    if (ef < 1) {
      throw new IllegalArgumentException("hnsw_ef must be at least 1, got " + ef);
    }
    return with(b -> b.hnswEf = (long) ef);
  }

  @Override
  protected QdrantResult.Kind kind() {
    return QdrantResult.Kind.POINTS;
  }

  @Override
  protected Operation<QueryPoints, QueryResponse> operation() {
    if (queries == null) {
      throw new IllegalArgumentException("request '" + requestName + "' needs .queries(set)");
    }
    if (prefetchLimit < limit) {
      throw new IllegalArgumentException(
          "request '"
              + requestName
              + "': prefetchLimit ("
              + prefetchLimit
              + ") is below limit ("
              + limit
              + "); the fusion could not fill the answer");
    }
    HybridQuerySet set = queries;
    String dense = denseVector;
    String sparse = sparseVector;
    int prefetch = prefetchLimit;
    int k = limit;
    Points.Fusion f = fusion == Fusion.RRF ? Points.Fusion.RRF : Points.Fusion.DBSF;
    SearchParams params =
        hnswEf == null ? null : SearchParams.newBuilder().setHnswEf(hnswEf).build();
    return new QueryOperation(
        (session, collection, call) -> {
          int i = set.next();
          PrefetchQuery.Builder densePrefetch =
              PrefetchQuery.newBuilder()
                  .setQuery(
                      Query.newBuilder()
                          .setNearest(
                              VectorInput.newBuilder().setDense(ProtoVectors.dense(set.dense(i)))))
                  .setUsing(dense)
                  .setLimit(prefetch);
          if (params != null) {
            densePrefetch.setParams(params);
          }
          long[] expected = set.expected(i);
          if (expected != null) {
            call.expect(expected, k);
          }
          return QueryPoints.newBuilder()
              .setCollectionName(collection)
              .addPrefetch(densePrefetch)
              .addPrefetch(
                  PrefetchQuery.newBuilder()
                      .setQuery(
                          Query.newBuilder()
                              .setNearest(
                                  VectorInput.newBuilder().setSparse(set.sparse(i).toProto())))
                      .setUsing(sparse)
                      .setLimit(prefetch))
              .setQuery(Query.newBuilder().setFusion(f))
              .setLimit(k)
              .build();
        });
  }
}
