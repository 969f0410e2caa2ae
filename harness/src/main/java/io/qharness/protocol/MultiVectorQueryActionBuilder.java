package io.qharness.protocol;

import io.qdrant.client.grpc.Points.Query;
import io.qdrant.client.grpc.Points.QueryPoints;
import io.qdrant.client.grpc.Points.QueryResponse;
import io.qdrant.client.grpc.Points.SearchParams;
import io.qdrant.client.grpc.Points.VectorInput;
import io.qharness.protocol.internal.Operation;
import io.qharness.workload.ProtoVectors;
import io.qharness.workload.multi.MultiVectorQuerySet;
import java.util.Objects;

/**
 * Late-interaction search through the Query API: a query of several vectors against a named
 * multivector, scored by Qdrant's MaxSim. With ground truth in the query set, recall@k is measured
 * against the exact MaxSim top-k.
 */
public final class MultiVectorQueryActionBuilder
    extends QdrantActionBuilder<MultiVectorQueryActionBuilder> {
  MultiVectorQuerySet queries;
  String using;
  int limit = 10;
  Long hnswEf;

  MultiVectorQueryActionBuilder(String requestName) {
    super(requestName);
  }

  /** Query multivectors taken round-robin; with ground truth, recall@k is measured. */
  public MultiVectorQueryActionBuilder queries(MultiVectorQuerySet set) {
    Objects.requireNonNull(set, "multivector query set");
    return with(b -> b.queries = set);
  }

  /** The named multivector to search. */
  public MultiVectorQueryActionBuilder using(String name) {
    Objects.requireNonNull(name, "vector name");
    return with(b -> b.using = name);
  }

  /** k: how many points to return (default 10). */
  public MultiVectorQueryActionBuilder limit(int k) {
    if (k < 1) {
      throw new IllegalArgumentException("limit must be at least 1, got " + k);
    }
    return with(b -> b.limit = k);
  }

  /** hnsw_ef of the search. */
  public MultiVectorQueryActionBuilder hnswEf(int ef) {
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
    if (queries == null || using == null) {
      throw new IllegalArgumentException(
          "request '" + requestName + "' needs .queries(set) and .using(multivector name)");
    }
    MultiVectorQuerySet set = queries;
    String name = using;
    int k = limit;
    SearchParams params =
        hnswEf == null ? null : SearchParams.newBuilder().setHnswEf(hnswEf).build();
    return new QueryOperation(
        (session, collection, call) -> {
          int i = set.next();
          long[] truth = set.truth(i);
          if (truth != null) {
            call.expect(truth, k);
          }
          QueryPoints.Builder b =
              QueryPoints.newBuilder()
                  .setCollectionName(collection)
                  .setQuery(
                      Query.newBuilder()
                          .setNearest(
                              VectorInput.newBuilder()
                                  .setMultiDense(ProtoVectors.multi(set.query(i)))))
                  .setUsing(name)
                  .setLimit(k);
          if (params != null) {
            b.setParams(params);
          }
          return b.build();
        });
  }
}
