package io.qharness.testsupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The real Qdrant server binary the tests run, named by the environment variable {@code QDRANT_BIN}
 * (or the system property {@code qdrant.bin}). {@code .ci/run} sets it when {@code
 * ../shared/qdrant/qdrant} exists; a fresh clone without it skips the real-server tests.
 */
public final class QdrantBinary {
  /** Environment variable naming the binary. */
  public static final String ENV = "QDRANT_BIN";

  /** What a skipped test says, once, so nobody mistakes a skip for a pass. */
  public static final String HOW_TO_ENABLE =
      "real-Qdrant tests skipped: they need the Qdrant 1.19 server binary for Linux, named by "
          + ENV
          + " (QDRANT_BIN=/path/to/qdrant mvn -B verify). Get one from a Qdrant release"
          + " (github.com/qdrant/qdrant/releases, or cargo build --release --bin qdrant at tag"
          + " v1.19.0), or copy it out of the official image: docker create --name q"
          + " qdrant/qdrant:v1.19.0 && docker cp q:/qdrant/qdrant ./qdrant";

  private static volatile String version;

  private QdrantBinary() {}

  /**
   * The configured binary, if any; a configured path that is not an executable file is an error,
   * not a skip.
   */
  public static Optional<Path> find() {
    String configured = System.getProperty("qdrant.bin", System.getenv(ENV));
    if (configured == null || configured.isBlank()) {
      return Optional.empty();
    }
    Path p = Path.of(configured);
    if (!p.isAbsolute()) { // relative to the checkout (as .ci/run and the README give it), not to a
      // module's folder
      p = Path.of(System.getProperty("qharness.checkout", ".")).resolve(p);
    }
    p = p.toAbsolutePath().normalize();
    if (!Files.isRegularFile(p) || !Files.isExecutable(p)) {
      throw new IllegalStateException(
          ENV
              + "="
              + configured
              + " is not an executable file; point it at the qdrant server binary or unset it");
    }
    return Optional.of(p);
  }

  /**
   * The configured binary; fails (not skips) when there is none. Call from tests guarded by {@link
   * RequiresQdrant}.
   */
  public static Path require() {
    return find().orElseThrow(() -> new IllegalStateException(HOW_TO_ENABLE));
  }

  /** What {@code qdrant --version} prints, e.g. {@code qdrant 1.19.0}. */
  public static String version() {
    String v = version;
    if (v != null) {
      return v;
    }
    try {
      Process p =
          new ProcessBuilder(require().toString(), "--version").redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
      version = out;
      return out;
    } catch (IOException e) {
      throw new IllegalStateException(
          "could not run " + require() + " --version: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
