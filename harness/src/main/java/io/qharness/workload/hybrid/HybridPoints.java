package io.qharness.workload.hybrid;

import io.qdrant.client.grpc.Points.DenseVector;
import io.qdrant.client.grpc.Points.NamedVectors;
import io.qdrant.client.grpc.Points.Vector;
import io.qdrant.client.grpc.Points.Vectors;
import io.qharness.workload.VectorSet;
import io.qharness.workload.sparse.SparseVector;
import io.qharness.workload.sparse.SparseVectorSet;
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
    DenseVector.Builder d = DenseVector.newBuilder();
    for (float x : dense.get(id)) {
      d.addData(x);
    }
    SparseVector s = sparse.get(id);
    io.qdrant.client.grpc.Points.SparseVector.Builder sv =
        io.qdrant.client.grpc.Points.SparseVector.newBuilder();
    for (int j = 0; j < s.size(); j++) {
      sv.addIndices(s.indices()[j]).addValues(s.values()[j]);
    }
    return Vectors.newBuilder()
        .setVectors(
            NamedVectors.newBuilder()
                .putVectors(denseName, Vector.newBuilder().setDense(d).build())
                .putVectors(sparseName, Vector.newBuilder().setSparse(sv).build()))
        .build();
  }
}
