package io.qharness.report.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** One set of rows, two forms: Markdown and HTML show the same cells, each escaped its own way. */
class TableTest {
  @Test
  void theSameRowsRenderAsMarkdownAndHtml() {
    Table t = new Table("operation", "p99 ms>").row("search", "1.25").row("a|b <c>", "2");
    assertThat(t.markdown())
        .isEqualTo("| operation | p99 ms |\n|---|---:|\n| search | 1.25 |\n| a\\|b <c> | 2 |\n");
    assertThat(t.html())
        .isEqualTo(
            "<table><tr><th>operation</th><th>p99 ms</th></tr><tr><td>search</td><td>1.25</td>"
                + "</tr><tr><td>a|b &lt;c&gt;</td><td>2</td></tr></table>");
  }

  @Test
  void aRowOfTheWrongWidthIsRefused() {
    assertThatThrownBy(() -> new Table("a", "b").row("only one"))
        .hasMessageContaining("a row of 1 cells in a table of 2 columns");
  }
}
