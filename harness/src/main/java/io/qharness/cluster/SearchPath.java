package io.qharness.cluster;

import java.util.Locale;

/**
 * Which way Qdrant searched a segment, as its telemetry counts it ({@code vector_index_searches}).
 * HNSW is the graph; PLAIN is a full scan of a segment without an index, below the HNSW
 * full_scan_threshold, or with a filter too selective for the graph; EXACT is a requested exact
 * search; SPARSE is a sparse-vector index.
 */
public enum SearchPath {
  HNSW,
  PLAIN,
  EXACT,
  SPARSE;

  /** The path a telemetry counter name belongs to, or null for a name that is not a counter. */
  public static SearchPath ofTelemetryKey(String key) {
    return switch (key) {
      case "unfiltered_hnsw", "filtered_large_cardinality" -> HNSW;
      case "unfiltered_plain", "filtered_plain", "filtered_small_cardinality" -> PLAIN;
      case "unfiltered_exact", "filtered_exact" -> EXACT;
      case "unfiltered_sparse", "filtered_sparse" -> SPARSE;
      default -> null;
    };
  }

  public String label() {
    return this == HNSW ? "HNSW" : name().toLowerCase(Locale.ROOT);
  }
}
