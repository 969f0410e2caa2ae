package io.qharness.protocol;

import io.qdrant.client.grpc.Common.Filter;
import io.qdrant.client.grpc.Points.Fusion;
import io.qdrant.client.grpc.Points.PrefetchQuery;
import io.qdrant.client.grpc.Points.Query;
import io.qdrant.client.grpc.Points.QueryPoints;
import io.qdrant.client.grpc.Points.QueryResponse;
import io.qdrant.client.grpc.Points.VectorInput;
import io.qharness.grpc.ProtoVectors;
import io.qharness.protocol.internal.Operation;
import io.qharness.protocol.internal.QueryOperation;
import io.qharness.protocol.internal.SearchOptions;
import java.util.Objects;

/**
 * Hybrid retrieval through the Query API: two prefetches, the dense query on one named vector and
 * the sparse query on another, each taking its top {@link #prefetchLimit}, fused by RRF or DBSF
 * into the top {@link #limit}. The search parameters (hnsw_ef, exact, quantization) apply to the
 * dense prefetch, the filter to both. With queries carrying ground truth, recall@k of the fused
 * answer is measured against the fusion of the exact per-vector results.
 */
public final class HybridQueryActionBuilder
    extends QueryApiActionBuilder<HybridQueryActionBuilder> {
  HybridQueries queries;
  String sparseVector = "sparse";
  int prefetchLimit = 50;
  Fusion fusion = Fusion.RRF;

  HybridQueryActionBuilder(String requestName) {
    super(requestName);
    using = "dense";
  }

  /** Dense and sparse queries taken in turn (e.g. a HybridQuerySet); with ground truth, recall. */
  public HybridQueryActionBuilder queries(HybridQueries set) {
    Objects.requireNonNull(set, "hybrid queries");
    return with(b -> b.queries = set);
  }

  /** The name of the dense vector (default "dense"). */
  @Override
  public HybridQueryActionBuilder using(String dense) {
    return super.using(dense);
  }

  /** The names of the dense and the sparse vector (default "dense" and "sparse"). */
  public HybridQueryActionBuilder using(String dense, String sparse) {
    Objects.requireNonNull(sparse, "sparse vector name");
    return using(dense).with(b -> b.sparseVector = sparse);
  }

  /** How many points each prefetch passes to the fusion (default 50). */
  public HybridQueryActionBuilder prefetchLimit(int n) {
    if (n < 1) {
      throw new IllegalArgumentException("prefetchLimit must be at least 1, got " + n);
    }
    return with(b -> b.prefetchLimit = n);
  }

  /** Fusion.RRF (default) or Fusion.DBSF. */
  public HybridQueryActionBuilder fusion(Fusion f) {
    Objects.requireNonNull(f, "fusion");
    if (f == Fusion.UNRECOGNIZED) {
      throw new IllegalArgumentException("fusion must be Fusion.RRF or Fusion.DBSF");
    }
    return with(b -> b.fusion = f);
  }

  @Override
  QdrantResult.Kind kind() {
    return QdrantResult.Kind.POINTS;
  }

  @Override
  Operation<QueryPoints, QueryResponse> operation() {
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
    HybridQueries set = queries;
    String sparse = sparseVector;
    int prefetch = prefetchLimit;
    Fusion f = fusion;
    SearchOptions o = options();
    return new QueryOperation(
        (session, collection, call) -> {
          int i = set.next();
          Filter filter = o.filter(session, null);
          PrefetchQuery.Builder densePrefetch =
              PrefetchQuery.newBuilder()
                  .setQuery(
                      Query.newBuilder()
                          .setNearest(
                              VectorInput.newBuilder().setDense(ProtoVectors.dense(set.dense(i)))))
                  .setUsing(o.using())
                  .setLimit(prefetch);
          PrefetchQuery.Builder sparsePrefetch =
              PrefetchQuery.newBuilder()
                  .setQuery(
                      Query.newBuilder()
                          .setNearest(VectorInput.newBuilder().setSparse(set.sparseVector(i))))
                  .setUsing(sparse)
                  .setLimit(prefetch);
          if (o.params() != null) {
            densePrefetch.setParams(o.params());
          }
          if (filter != null) {
            densePrefetch.setFilter(filter);
            sparsePrefetch.setFilter(filter);
          }
          long[] expected = set.expected(i);
          if (expected != null) {
            call.expect(expected, o.limit());
          }
          QueryPoints.Builder b =
              QueryPoints.newBuilder()
                  .setCollectionName(collection)
                  .addPrefetch(densePrefetch)
                  .addPrefetch(sparsePrefetch)
                  .setQuery(Query.newBuilder().setFusion(f))
                  .setLimit(o.limit());
          return o.applyResultOptionsTo(b, filter).build();
        });
  }
}
