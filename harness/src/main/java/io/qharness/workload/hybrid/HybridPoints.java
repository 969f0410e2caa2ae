package io.qharness.workload.hybrid;

import io.qdrant.client.grpc.Points.NamedVectors;
import io.qdrant.client.grpc.Points.Vector;
import io.qdrant.client.grpc.Points.Vectors;
import io.qharness.grpc.ProtoVectors;
import io.qharness.workload.sparse.SparseVectorSet;
import io.qharness.workload.vectors.VectorSet;
import java.util.function.LongFunction;

/** The vectors of hybrid point i: dense vector i and sparse vector i, each under its name. */
public final class HybridPoints implements LongFunction<Vectors> {
  private final VectorSet dense;
  private final SparseVectorSet sparse;
  private final String denseName;
  private final String sparseName;

  public HybridPoints(
      VectorSet dense, SparseVectorSet sparse, String denseName, String sparseName) {
    if (dense.size() != sparse.size()) {
      throw new IllegalArgumentException(
          "hybrid points need as many sparse as dense vectors: "
              + dense.size()
              + " dense, "
              + sparse.size()
              + " sparse");
    }
    this.dense = dense;
    this.sparse = sparse;
    this.denseName = denseName;
    this.sparseName = sparseName;
  }

  public long size() {
    return dense.size();
  }

  @Override
  public Vectors apply(long id) {
    return Vectors.newBuilder()
        .setVectors(
            NamedVectors.newBuilder()
                .putVectors(
                    denseName,
                    Vector.newBuilder().setDense(ProtoVectors.dense(dense.get(id))).build())
                .putVectors(
                    sparseName, Vector.newBuilder().setSparse(sparse.get(id).toProto()).build()))
        .build();
  }
}
