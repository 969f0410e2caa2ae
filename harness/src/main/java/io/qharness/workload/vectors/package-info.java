/**
 * Vectors as qharness holds them: {@code VectorSet} (a data set's vectors, in memory or mapped),
 * synthetic generators ({@code SyntheticVectors}), and the distances Qdrant ranks by ({@code
 * VectorDistance}).
 */
package io.qharness.workload.vectors;
