package io.qharness.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.qharness.workload.files.VecsFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VecsFileTest {
  @TempDir Path dir;

  @Test
  void fvecsIvecsAndBvecsRoundTrip() throws Exception {
    float[][] f = {{1.5f, -2f, 3.25f}, {0f, 1e-7f, -1e7f}};
    Path fp = dir.resolve("a.fvecs");
    VecsFile.writeFvecs(fp, f);
    try (VecsFile r = VecsFile.open(fp)) {
      assertThat(r.format()).isEqualTo(VecsFile.Format.FVECS);
      assertThat(r.dimension()).isEqualTo(3);
      assertThat(r.size()).isEqualTo(2);
      assertThat(r.get(1)).containsExactly(f[1]);
      assertThat(r.get(0)).containsExactly(f[0]);
    }
    int[][] ints = {{7, 8, 9, 10}, {-1, 0, 1, Integer.MAX_VALUE}};
    Path ip = dir.resolve("gt.ivecs");
    VecsFile.writeIvecs(ip, ints);
    try (VecsFile r = VecsFile.open(ip)) {
      assertThat(r.readInts(1)).containsExactly(ints[1]);
    }
    byte[][] bytes = {{0, 1, (byte) 200, (byte) 255}};
    Path bp = dir.resolve("b.bvecs");
    VecsFile.writeBvecs(bp, bytes);
    try (VecsFile r = VecsFile.open(bp)) {
      assertThat(r.get(0)).containsExactly(0f, 1f, 200f, 255f);
    }
  }

  @Test
  void largeFilesAreReadAcrossRecords() throws Exception {
    float[][] many = new float[5000][];
    for (int i = 0; i < many.length; i++) {
      many[i] = new float[] {i, -i, i / 2f};
    }
    Path p = dir.resolve("many.fvecs");
    VecsFile.writeFvecs(p, many);
    try (VecsFile r = VecsFile.open(p)) {
      assertThat(r.get(4999)).containsExactly(4999f, -4999f, 2499.5f);
      assertThat(r.get(1234)).containsExactly(1234f, -1234f, 617f);
    }
  }

  @Test
  void truncatedCorruptAndMisnamedFilesGiveClearErrors() throws Exception {
    Path p = dir.resolve("t.fvecs");
    VecsFile.writeFvecs(p, new float[][] {{1, 2, 3}, {4, 5, 6}});
    byte[] whole = Files.readAllBytes(p);
    Files.write(p, Arrays.copyOf(whole, whole.length - 5));
    assertThatThrownBy(() -> VecsFile.open(p))
        .hasMessageContaining(p.toString())
        .hasMessageContaining("not a whole number of 16-byte records")
        .hasMessageContaining(".fvecs")
        .hasMessageContaining("truncated or corrupt");

    Path bad = dir.resolve("bad.fvecs");
    ByteBuffer b =
        ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putInt(0x7fffffff).putInt(0);
    Files.write(bad, b.array());
    assertThatThrownBy(() -> VecsFile.open(bad))
        .hasMessageContaining("first record gives dimension 2147483647");

    // second record claims another dimension but the size fits: caught at the last record
    Path mixed = dir.resolve("mixed.fvecs");
    ByteBuffer m = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
    m.putInt(2).putFloat(1).putFloat(2).putInt(3).putFloat(1).putFloat(2);
    Files.write(mixed, m.array());
    assertThatThrownBy(() -> VecsFile.open(mixed))
        .hasMessageContaining("last record gives dimension 3, first 2");

    assertThatThrownBy(() -> VecsFile.open(dir.resolve("none.fvecs")))
        .hasMessageContaining("does not exist");
    assertThatThrownBy(() -> VecsFile.open(dir.resolve("x.npy")))
        .hasMessageContaining("expected .fvecs, .ivecs or .bvecs");
  }
}
