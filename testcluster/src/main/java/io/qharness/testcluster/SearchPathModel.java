package io.qharness.testcluster;

import io.qdrant.client.grpc.Collections.CreateCollection;

/**
 * Which search path Qdrant 1.19 takes on a segment, modelled on its dispatch ({@code
 * hnsw/read_view/dispatch.rs}): the test double searches every replica exactly, but counts each
 * search under the name Qdrant's telemetry would use, so that qharness's search-path checks behave
 * on the double as on Qdrant. One replica is one segment here; it counts as HNSW-indexed once its
 * vectors reach the collection's indexing_threshold (Qdrant builds the index in the background).
 */
final class SearchPathModel {
  /**
   * Qdrant's defaults in 1.19: optimizers indexing_threshold and HNSW full_scan_threshold, in KB.
   */
  static final long DEFAULT_INDEXING_THRESHOLD_KB = 10_000;

  static final long DEFAULT_FULL_SCAN_THRESHOLD_KB = 10_000;
  static final int DEFAULT_M = 16;

  private SearchPathModel() {}

  static long indexingThresholdKb(CreateCollection req) {
    if (req.hasOptimizersConfig() && req.getOptimizersConfig().hasIndexingThreshold()) {
      return req.getOptimizersConfig().getIndexingThreshold();
    }
    return DEFAULT_INDEXING_THRESHOLD_KB;
  }

  static long fullScanThresholdKb(CreateCollection req) {
    if (req.hasHnswConfig() && req.getHnswConfig().hasFullScanThreshold()) {
      return req.getHnswConfig().getFullScanThreshold();
    }
    return DEFAULT_FULL_SCAN_THRESHOLD_KB;
  }

  static long m(CreateCollection req) {
    return req.hasHnswConfig() && req.getHnswConfig().hasM()
        ? req.getHnswConfig().getM()
        : DEFAULT_M;
  }

  /** Bytes of float32 vectors a segment of {@code vectors} holds. */
  static long vectorBytes(TestCollection c, long vectors) {
    return vectors * c.dim * 4L;
  }

  /**
   * Whether the optimiser would have indexed a segment this large (threshold 0 disables indexing).
   */
  static boolean indexed(TestCollection c, long vectors) {
    long threshold = indexingThresholdKb(c.request);
    return threshold > 0
        && m(c.request) > 0
        && vectors > 0
        && vectorBytes(c, vectors) >= threshold * 1024;
  }

  /** The full_scan_threshold as a vector count, as Qdrant converts it for a segment. */
  static long fullScanVectors(TestCollection c) {
    return fullScanThresholdKb(c.request) * 1024 / (c.dim * 4L);
  }

  /**
   * The telemetry counter a search of a segment of {@code vectors} goes to; {@code matched} is how
   * many points a filter admits (ignored without a filter).
   */
  static String path(
      TestCollection c, long vectors, boolean exact, boolean filtered, long matched) {
    if (exact) {
      return filtered ? "filtered_exact" : "unfiltered_exact";
    }
    if (!indexed(c, vectors)) {
      return filtered ? "filtered_plain" : "unfiltered_plain";
    }
    if (!filtered) {
      return vectors < fullScanVectors(c) ? "unfiltered_plain" : "unfiltered_hnsw";
    }
    return matched < fullScanVectors(c)
        ? "filtered_small_cardinality"
        : "filtered_large_cardinality";
  }
}
