package io.qharness.workload.sparse;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Sparse vectors for the points and the queries of a hybrid workload, named by a spec: {@code
 * csr:<base.csr>?queries=<queries.csr>} (big-ann sparse CSR files). Point i gets base row i, query
 * j query row j; the files must have at least as many rows as the dense data set has points and
 * queries.
 */
public record SparseDataset(SparseVectorSet base, SparseVectorSet queries) {

  /** Opens the spec for {@code points} points and {@code queries} queries. */
  public static SparseDataset open(String spec, long points, int queries) {
    if (!spec.startsWith("csr:")) {
      throw new IllegalArgumentException(
          "sparse data set '" + spec + "': expected csr:<base.csr>?queries=<queries.csr>");
    }
    String rest = spec.substring(4);
    int q = rest.indexOf("?queries=");
    if (q < 0) {
      throw new IllegalArgumentException(
          "sparse data set '" + spec + "' needs queries=<path of the query .csr file>");
    }
    SparseCsrFile base = file(spec, rest.substring(0, q), "base");
    SparseCsrFile query = file(spec, rest.substring(q + "?queries=".length()), "query");
    if (base.size() < points) {
      throw new IllegalArgumentException(
          "sparse data set '"
              + spec
              + "' has "
              + base.size()
              + " rows for "
              + points
              + " points; give a file with a row per point, or fewer points");
    }
    if (query.size() < queries) {
      throw new IllegalArgumentException(
          "sparse data set '"
              + spec
              + "' has "
              + query.size()
              + " query rows for "
              + queries
              + " dense queries; give as many, or fewer queries (queries setting)");
    }
    return new SparseDataset(prefix(base, points), prefix(query, queries));
  }

  private static SparseCsrFile file(String spec, String path, String what) {
    Path p = Path.of(path);
    if (!Files.isRegularFile(p)) {
      throw new IllegalArgumentException(
          "sparse data set '" + spec + "': " + what + " file " + p + " does not exist");
    }
    return SparseCsrFile.open(p);
  }

  /** The first {@code n} vectors of a set. */
  static SparseVectorSet prefix(SparseVectorSet s, long n) {
    return new SparseVectorSet() {
      @Override
      public long size() {
        return n;
      }

      @Override
      public int dimensions() {
        return s.dimensions();
      }

      @Override
      public SparseVector get(long id) {
        return s.get(id);
      }

      @Override
      public String description() {
        return s.description() + " first " + n;
      }
    };
  }
}
