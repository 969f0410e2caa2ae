package io.qharness.workload;

/**
 * When a workload creates the payload index of the field its filtered searches match. Before the
 * upload, Qdrant builds the HNSW graph with extra links per indexed value, so filtered searches
 * keep their recall; after it, the index serves filters but the graph was built without it; none
 * leaves filters to scan payloads, which no production deployment does.
 */
public enum PayloadIndexing {
  BEFORE,
  AFTER,
  NONE
}
