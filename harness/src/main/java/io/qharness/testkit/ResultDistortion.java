package io.qharness.testkit;

/**
 * A deliberate fault in search results, to test recall measurement: with probability
 * {@code dropRate} each true top-k hit is replaced by a worse candidate, as an approximate index
 * with too small an ef would do.
 */
record ResultDistortion(double dropRate, long seed) {
  static final ResultDistortion NONE = new ResultDistortion(0, 0);

  ResultDistortion {
    if (dropRate < 0 || dropRate > 1) {
      throw new IllegalArgumentException("dropRate must be within [0, 1], got " + dropRate);
    }
  }

  boolean active() {
    return dropRate > 0;
  }
}
