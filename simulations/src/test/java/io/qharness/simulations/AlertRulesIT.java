package io.qharness.simulations;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The alerting rules compose ships, checked and unit-tested by promtool (Debian's prometheus
 * package brings it; CI installs it): every rule parses, and alerts-test.yml's scenarios fire what
 * they should, when they should. Without promtool (a developer's machine) the test is skipped,
 * saying so; in CI it must be there.
 */
class AlertRulesIT {
  private static final Path PROMETHEUS =
      Path.of("..").toAbsolutePath().normalize().resolve("compose/prometheus");

  @TempDir Path dir;

  private static Path promtool() {
    for (String d : System.getenv().getOrDefault("PATH", "").split(":")) {
      Path p = Path.of(d, "promtool");
      if (Files.isExecutable(p)) {
        return p;
      }
    }
    return null;
  }

  private static String run(Path dir, String... args) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(args).directory(dir.toFile()).redirectErrorStream(true).start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as(String.join(" ", args) + ":\n" + out).isZero();
    return out;
  }

  @Test
  void everyRuleParsesAndItsUnitTestsPass() throws Exception {
    Path promtool = promtool();
    if (promtool == null) {
      assertThat(System.getenv("CI")).as("promtool must be installed in CI (see .ci/run)").isNull();
      Assumptions.abort(
          "promtool not installed: apt-get install prometheus to test the alert rules");
    }
    assertThat(run(PROMETHEUS, promtool.toString(), "check", "rules", "alerts.yml"))
        .contains("SUCCESS: 8 rules found");
    assertThat(run(PROMETHEUS, promtool.toString(), "test", "rules", "alerts-test.yml"))
        .contains("SUCCESS");
    // the compose configuration too, with the rule file where the container mounts it
    Files.copy(PROMETHEUS.resolve("alerts.yml"), dir.resolve("alerts.yml"));
    String config =
        Files.readString(PROMETHEUS.resolve("prometheus.yml"))
            .replace("/etc/prometheus/alerts.yml", dir.resolve("alerts.yml").toString());
    Files.writeString(dir.resolve("prometheus.yml"), config);
    assertThat(
            run(
                dir,
                List.of(promtool.toString(), "check", "config", "--syntax-only", "prometheus.yml")
                    .toArray(new String[0])))
        .contains("SUCCESS");
  }
}
