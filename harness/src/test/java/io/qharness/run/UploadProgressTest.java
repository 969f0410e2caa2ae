package io.qharness.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.qharness.metrics.UploadFigures;
import io.qharness.workload.PointBatches;
import io.qharness.workload.vectors.SyntheticVectors;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * An upload's figures cover exactly the time from its first uploader's start to its last batch
 * acknowledged, and the process's CPU between the two, not whole reporting intervals around them.
 */
class UploadProgressTest {
  private final AtomicLong now = new AtomicLong();
  private final AtomicLong cpu = new AtomicLong();
  private final List<UploadFigures> figures = new ArrayList<>();
  private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
  private final PointBatches upload =
      PointBatches.sequential(SyntheticVectors.uniform(4, 1000, 1), 100);
  private final UploadProgress progress =
      new UploadProgress(
          upload,
          new PrintStream(printed, true, StandardCharsets.UTF_8),
          figures::add,
          now::get,
          cpu::get);

  @Test
  void theFiguresRunFromTheFirstUploaderToTheLastAcknowledgement() {
    now.set(5_000_000_000L);
    cpu.set(3_000_000_000L);
    progress.uploaderStarts();
    now.addAndGet(1_000_000_000L);
    progress.uploaderStarts(); // a later uploader does not move the start
    while (upload.next() != null) {
      now.addAndGet(200_000_000L);
      cpu.addAndGet(100_000_000L);
    }
    now.set(5_000_000_000L + 4_000_000_000L);
    cpu.set(3_000_000_000L + 2_000_000_000L);
    progress.ended();
    progress.ended(); // once

    assertThat(figures).hasSize(1);
    UploadFigures f = figures.get(0);
    assertThat(f.points()).isEqualTo(1000);
    assertThat(f.seconds()).isEqualTo(4.0);
    assertThat(f.pointsPerSec()).isEqualTo(250.0);
    assertThat(f.cpuSeconds()).isEqualTo(2.0);
    assertThat(f.cpuMicrosPerPoint()).isEqualTo(2000.0);
    assertThat(printed.toString(StandardCharsets.UTF_8))
        .contains("1,000/1,000 points sent in 4.0 s, 250 points/s, 2000.0 CPU µs per point");
  }

  @Test
  void noUploadNoFigures() {
    progress.ended();
    assertThat(figures).isEmpty();
    assertThat(printed.size()).isZero();
  }
}
