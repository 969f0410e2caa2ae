package io.qharness.report.render;

/**
 * What every self-contained HTML report starts with: the head with the shared style, the heading,
 * and the warning that the figures come from the test double.
 */
final class ReportPage {
  static final String TEST_DOUBLE_WARNING =
      "<p class=\"warn\">Target: the embedded Qdrant-compatible <b>test double</b>. These"
          + " figures exercise the harness; they are <b>not</b> Qdrant's performance.</p>";

  private ReportPage() {}

  /** A page titled {@code title} (text) under the heading {@code headingHtml} (already escaped). */
  static StringBuilder open(String title, String headingHtml) {
    return new StringBuilder()
        .append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
        .append(esc(title))
        .append("</title><style>")
        .append(CapacityReport.STYLE)
        .append("</style></head><body><h1>")
        .append(headingHtml)
        .append("</h1>");
  }

  static String esc(String s) {
    return SvgChart.esc(s == null ? "" : s);
  }
}
