package io.qharness.simulations;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hybrid workload on the embedded test double: the double holds one unnamed dense vector per
 * collection, so the run stops at the collection's creation saying so and how to get a real Qdrant,
 * instead of measuring something the double cannot model.
 */
class HybridSearchIT {
  @TempDir Path dir;

  @Test
  void theTestDoubleRefusesAHybridCollectionNamingTheFix() {
    QharnessCli r =
        QharnessCli.run(
            "run",
            "HybridSearch",
            "--points",
            "500",
            "--duration",
            "2s",
            "--warmup",
            "0s",
            "--results-dir",
            dir.toString(),
            "--run-id",
            "hybrid-double");
    assertThat(r.code()).as(r.toString()).isEqualTo(2);
    assertThat(r.out() + r.err())
        .contains("one unnamed dense vector")
        .contains("need a real Qdrant")
        .contains("--hosts");
  }
}
