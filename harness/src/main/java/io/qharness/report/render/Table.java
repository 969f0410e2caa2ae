package io.qharness.report.render;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A table of text cells, rendered as Markdown or as HTML from the same rows, so a report's two
 * forms cannot disagree. Columns may be right-aligned in Markdown (the pages' style aligns numbers
 * already); cells are escaped for each form.
 */
public final class Table {
  private final String[] header;
  private final boolean[] right;
  private final List<String[]> rows = new ArrayList<>();

  /** Columns by name; a name ending in {@code ">"} is right-aligned (the mark is not shown). */
  public Table(String... columns) {
    header = new String[columns.length];
    right = new boolean[columns.length];
    for (int i = 0; i < columns.length; i++) {
      right[i] = columns[i].endsWith(">");
      header[i] = right[i] ? columns[i].substring(0, columns[i].length() - 1) : columns[i];
    }
  }

  /** A row: one cell per column. */
  public Table row(String... cells) {
    if (cells.length != header.length) {
      throw new IllegalArgumentException(
          "a row of " + cells.length + " cells in a table of " + header.length + " columns");
    }
    rows.add(cells.clone());
    return this;
  }

  public boolean isEmpty() {
    return rows.isEmpty();
  }

  /** GitHub-flavoured Markdown, header and alignment row first. */
  public String markdown() {
    StringBuilder s = new StringBuilder();
    line(s, header);
    s.append('|');
    for (boolean r : right) {
      s.append(r ? "---:|" : "---|");
    }
    s.append('\n');
    rows.forEach(r -> line(s, r));
    return s.toString();
  }

  /** An HTML {@code <table>}, cells escaped. */
  public String html() {
    StringBuilder h = new StringBuilder("<table><tr>");
    for (String c : header) {
      h.append("<th>").append(ReportPage.esc(c)).append("</th>");
    }
    h.append("</tr>");
    for (String[] r : rows) {
      h.append("<tr>");
      for (String c : r) {
        h.append("<td>").append(ReportPage.esc(c)).append("</td>");
      }
      h.append("</tr>");
    }
    return h.append("</table>").toString();
  }

  private static void line(StringBuilder s, String[] cells) {
    s.append("| ");
    s.append(
        String.join(
            " | ",
            Arrays.stream(cells).map(c -> c.replace("|", "\\|").replace("\n", " ")).toList()));
    s.append(" |\n");
  }
}
