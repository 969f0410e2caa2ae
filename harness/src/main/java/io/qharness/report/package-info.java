/**
 * Analysis of run records: comparisons and regression verdicts ({@code Comparison}, {@code
 * RunsVerdict}, {@code RegressionCheck}, {@code Calibration}, {@code RunNoise}), change points over
 * a history ({@code ChangePoints}, {@code History}), capacity ({@code CapacityAnalysis}, {@code
 * Knee}, {@code Usl}, {@code Projection}), ef sweeps, fault impact and scale events. Rendering
 * lives in {@code report.render}; nothing here depends on it (ArchitectureTest).
 */
package io.qharness.report;
