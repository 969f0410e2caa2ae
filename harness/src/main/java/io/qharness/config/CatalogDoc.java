package io.qharness.config;

/**
 * Renders the settings table that docs/configuration.md embeds between {@code <!-- settings:start
 * -->} and {@code <!-- settings:end -->}; a test keeps the two identical.
 */
public final class CatalogDoc {
  private CatalogDoc() {}

  public static String markdown() {
    StringBuilder b = new StringBuilder();
    b.append("| setting | environment | default | allowed | meaning |\n");
    b.append("|---|---|---|---|---|\n");
    for (Setting<?> s : Catalog.ALL) {
      b.append("| `")
          .append(s.name())
          .append("` | `")
          .append(s.environmentVariable())
          .append("` | ")
          .append(s.defaultText() == null ? "(unset)" : "`" + s.defaultText() + "`")
          .append(" | ")
          .append(s.allowed())
          .append(" | ")
          .append(s.description())
          .append(" |\n");
    }
    return b.toString();
  }

  public static void main(String[] args) {
    System.out.print(markdown());
  }
}
