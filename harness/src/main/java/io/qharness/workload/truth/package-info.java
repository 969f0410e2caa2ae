/**
 * Exact answers to compare searches with: brute-force top-k ({@code GroundTruth}) and grouped top-k
 * ({@code GroupedGroundTruth}) over a data set, the answer at every fill of a growing collection
 * ({@code GrowingGroundTruth}), a cache keyed by what they depend on ({@code GroundTruthCache}),
 * and where a query set's ground truth came from ({@code GroundTruths}: shipped, cached or
 * computed).
 */
package io.qharness.workload.truth;
