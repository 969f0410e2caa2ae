package io.qharness.simulations;

import static org.assertj.core.api.Assertions.assertThat;

import io.qharness.results.RunRecord;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run against a cluster that requires an API key: it works, and the key is in no log and no
 * record.
 */
class SecretsIT {
  private static final String KEY = "sk-qharness-3c1d0e5f9a";

  @TempDir Path results;

  @Test
  void theApiKeyNeverReachesLogsOrRunRecords() throws Exception {
    Path log = Path.of("target", "secrets-test.log");
    Files.createDirectories(log.getParent());
    Process p =
        GatlingRuns.gatling(
            results,
            log,
            List.of(
                "-Dqharness.duration=3s",
                "-Dqharness.warmup=0s",
                "-Dqharness.points=1000",
                "-Dqharness.searchRate=30",
                "-Dqharness.progress=false"),
            Map.of(
                "QHARNESS_API_KEY",
                KEY)); // the embedded cluster then requires it, and the protocol sends it
    String output = GatlingRuns.succeeded(p, log, 180);
    assertThat(output).doesNotContain(KEY);
    Path runDir;
    try (Stream<Path> dirs = Files.list(results)) {
      runDir =
          dirs.filter(d -> Files.exists(d.resolve(RunRecord.RUN_FILE))).findFirst().orElseThrow();
    }
    assertThat(RunRecord.load(runDir).complete()).isTrue();
    assertThat(RunRecord.load(runDir).summary().operation("search").errors()).isZero();
    try (Stream<Path> files = Files.walk(results)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        assertThat(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1))
            .as(f.toString())
            .doesNotContain(KEY);
      }
    }
  }
}
