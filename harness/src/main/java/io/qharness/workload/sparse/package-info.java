/**
 * Sparse vectors: CSR files ({@code SparseCsrFile}), synthetic SPLADE-like sets, and exact sparse
 * ground truth (dot product over shared indices).
 */
package io.qharness.workload.sparse;
