/**
 * Analysis and reports of run records: comparisons and regression verdicts ({@code Comparison},
 * {@code RunsVerdict}, {@code Calibration}, {@code ChangePoints}), capacity ({@code
 * CapacityAnalysis}, {@code Knee}, {@code Usl}, {@code Projection}), fault impact, scale and growth
 * reports, and their HTML, Markdown and SVG rendering ({@code ReportPage}, {@code SvgChart}).
 */
package io.qharness.report;
