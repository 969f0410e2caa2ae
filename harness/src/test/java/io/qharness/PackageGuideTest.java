package io.qharness;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every package of the harness says what it is for, in a package-info.java (HdrHistogram's way).
 */
class PackageGuideTest {
  @Test
  void everyPackageHasAGuide() throws IOException {
    Path root = Path.of("src/main/java");
    List<Path> missing;
    try (Stream<Path> dirs = Files.walk(root)) {
      missing =
          dirs.filter(Files::isDirectory)
              .filter(PackageGuideTest::holdsClasses)
              .filter(d -> !Files.isRegularFile(d.resolve("package-info.java")))
              .toList();
    }
    assertThat(missing).as("packages without package-info.java").isEmpty();
  }

  private static boolean holdsClasses(Path dir) {
    try (Stream<Path> files = Files.list(dir)) {
      return files.anyMatch(f -> f.toString().endsWith(".java"));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
