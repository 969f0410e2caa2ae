package io.qharness.workload.sparse;

/** Sparse vectors by point id, 0 to size - 1. */
public interface SparseVectorSet {
  long size();

  /** Dimension ids are below this (the vocabulary size). */
  int dimensions();

  SparseVector get(long id);

  String description();
}
