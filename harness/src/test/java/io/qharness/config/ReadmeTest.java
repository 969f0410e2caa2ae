package io.qharness.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** README.md is the front door: its settings table and test command must stay true. */
class ReadmeTest {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  @Test
  void settingsTableMatchesTheCatalog() throws Exception {
    String readme = Files.readString(ROOT.resolve("README.md"));
    int start = readme.indexOf("<!-- settings:start -->\n");
    int end = readme.indexOf("<!-- settings:end -->");
    assertThat(start).as("settings markers in README.md").isNotNegative();
    String table = readme.substring(start + "<!-- settings:start -->\n".length(), end);
    assertThat(table)
        .as("README's settings table; regenerate it with io.qharness.config.CatalogDoc")
        .isEqualTo(CatalogDoc.markdown());
  }

  @Test
  void ciRunsTheTestCommandReadmeGives() throws Exception {
    String readme = Files.readString(ROOT.resolve("README.md"));
    String section = readme.substring(readme.indexOf("## Run the tests"));
    String command = section.substring(section.indexOf("```bash\n") + 8, section.indexOf("\n```", section.indexOf("```bash\n")));
    assertThat(command).isEqualTo("mvn -B verify");
    String ci = Files.readString(ROOT.resolve(".ci/run"));
    assertThat(ci.lines().filter(l -> !l.startsWith("#")).anyMatch(l -> l.trim().equals(command))).isTrue();
  }
}
