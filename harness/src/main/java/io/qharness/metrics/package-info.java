/**
 * What a run measures and where it goes: per-operation HdrHistograms in microseconds ({@code
 * OperationMetrics}, {@code RunMetrics}), their interval snapshots for listeners ({@code
 * RunListener}: console progress, HdrHistogram interval log, Pushgateway), the end-of-run summary
 * ({@code RunSummary}), the injector's own load, and the ids of every acknowledged write ({@code
 * AckedWrites}). Depends on nothing else in qharness.
 */
package io.qharness.metrics;
