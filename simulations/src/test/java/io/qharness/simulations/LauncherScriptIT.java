package io.qharness.simulations;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code ./qharness} launcher on a fresh clone: the sources alone, no {@code target/} folder
 * anywhere, as a user gets them. Its first call builds the modules and runs the CLI. It once failed
 * there because Maven makes no {@code simulations/target/classes} (the module has no main sources),
 * while every checkout that had built before had one.
 */
class LauncherScriptIT {
  private static final Path CHECKOUT =
      Path.of(System.getProperty("qharness.checkout", "..")).toAbsolutePath().normalize();
  private static final List<String> MODULES =
      List.of("spi", "test-support", "testcluster", "harness", "simulations");

  @TempDir Path clone;

  @Test
  void theFirstCallOnAFreshCloneBuildsAndRuns() throws Exception {
    copySources();
    Result version = launch("--version");
    assertThat(version.code).as(version.output).isZero();
    assertThat(version.output).contains("qharness: building (first run").doesNotContain("ERROR");
    assertThat(version.output).containsPattern("qharness \\d+\\.\\d+");
    // the second call uses what the first built
    Result dryRun = launch("run", "--dry-run");
    assertThat(dryRun.code).as(dryRun.output).isZero();
    assertThat(dryRun.output).doesNotContain("building").contains("embedded test cluster");
  }

  private void copySources() throws IOException {
    for (String f : List.of("pom.xml", "qharness", "checkstyle.xml", ".mvn/jvm.config")) {
      Path to = clone.resolve(f);
      Files.createDirectories(to.getParent());
      Files.copy(CHECKOUT.resolve(f), to, StandardCopyOption.COPY_ATTRIBUTES);
    }
    for (String m : MODULES) {
      Files.createDirectories(clone.resolve(m));
      Files.copy(CHECKOUT.resolve(m).resolve("pom.xml"), clone.resolve(m).resolve("pom.xml"));
      Path src = CHECKOUT.resolve(m).resolve("src");
      try (Stream<Path> files = Files.walk(src)) {
        for (Path p : (Iterable<Path>) files::iterator) {
          Path to = clone.resolve(m).resolve(CHECKOUT.resolve(m).relativize(p));
          if (Files.isDirectory(p)) {
            Files.createDirectories(to);
          } else {
            Files.copy(p, to);
          }
        }
      }
    }
  }

  private record Result(int code, String output) {}

  private Result launch(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("bash", "./qharness"));
    command.addAll(List.of(args));
    Path log = clone.resolve("launch.log");
    Process p =
        new ProcessBuilder(command)
            .directory(clone.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    if (!p.waitFor(5, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new AssertionError("./qharness did not end within 5 minutes: " + Files.readString(log));
    }
    return new Result(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
  }
}
