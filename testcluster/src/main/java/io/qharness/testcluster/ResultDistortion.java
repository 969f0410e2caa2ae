package io.qharness.testcluster;

import io.qdrant.client.grpc.Points;

/**
 * A deliberate fault in search results, to test recall measurement: with probability {@code
 * dropRate} each true top-k hit is replaced by a worse candidate, as an approximate index with too
 * small an ef would do. With {@code belowEf > 0} only searches that ask for an hnsw_ef below it are
 * degraded (exact searches and searches without hnsw_ef never are): a crude, known stand-in for
 * HNSW's ef/recall trade-off, so a search-parameter sweep can be tested.
 */
record ResultDistortion(double dropRate, long seed, int belowEf) {
  static final ResultDistortion NONE = new ResultDistortion(0, 0, 0);

  ResultDistortion {
    if (dropRate < 0 || dropRate > 1) {
      throw new IllegalArgumentException("dropRate must be within [0, 1], got " + dropRate);
    }
  }

  boolean active() {
    return dropRate > 0;
  }

  /** Whether a search with these parameters (null: none given) is degraded. */
  boolean appliesTo(Points.SearchParams params) {
    if (!active()) {
      return false;
    }
    if (belowEf == 0) {
      return true;
    }
    return params != null
        && !params.getExact()
        && params.hasHnswEf()
        && params.getHnswEf() < belowEf;
  }
}
