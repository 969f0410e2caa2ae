package io.qharness.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The front door and the guides must stay true: the settings table in docs/configuration.md is the
 * catalog's, README stays short and links only to guides that exist, and CI runs its test command.
 */
class ReadmeTest {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  @Test
  void theConfigurationGuidesTableIsTheCatalog() throws Exception {
    String doc = Files.readString(ROOT.resolve("docs/configuration.md"));
    int start = doc.indexOf("<!-- settings:start -->\n");
    int end = doc.indexOf("<!-- settings:end -->");
    assertThat(start).as("settings markers in docs/configuration.md").isNotNegative();
    String table = doc.substring(start + "<!-- settings:start -->\n".length(), end);
    assertThat(table)
        .as(
            "docs/configuration.md's settings table; regenerate it with"
                + " io.qharness.config.CatalogDoc")
        .isEqualTo(CatalogDoc.markdown());
  }

  @Test
  void readmeIsShortAndItsLinksLeadSomewhere() throws Exception {
    String readme = Files.readString(ROOT.resolve("README.md"));
    assertThat(readme.lines().count())
        .as("README.md lines (the rest belongs in docs/)")
        .isLessThanOrEqualTo(200);
    Matcher links =
        Pattern.compile("\\]\\(((?:docs|compose|grafana-dashboards)[^)#]*)").matcher(readme);
    int n = 0;
    while (links.find()) {
      assertThat(ROOT.resolve(links.group(1))).as("README links to " + links.group(1)).exists();
      n++;
    }
    assertThat(n).isGreaterThan(10);
  }

  @Test
  void ciRunsTheTestCommandReadmeGives() throws Exception {
    String readme = Files.readString(ROOT.resolve("README.md"));
    String section = readme.substring(readme.indexOf("## Run the tests"));
    String command =
        section.substring(
            section.indexOf("```bash\n") + 8,
            section.indexOf("\n```", section.indexOf("```bash\n")));
    assertThat(command).isEqualTo("mvn -B install");
    String ci = Files.readString(ROOT.resolve(".ci/run"));
    assertThat(ci.lines().filter(l -> !l.startsWith("#")).anyMatch(l -> l.trim().equals(command)))
        .isTrue();
  }
}
