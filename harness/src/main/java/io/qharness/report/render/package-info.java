/**
 * Reports for people and for CI, from the analyses of {@code io.qharness.report}: self-contained
 * HTML pages (inline SVG charts by {@code SvgChart}, the shared frame of {@code ReportPage}),
 * Markdown for terminals and pull requests, JUnit XML for CI. {@code Table} renders the same rows
 * as Markdown or HTML, so a report's two forms cannot disagree.
 */
package io.qharness.report.render;
