package io.qharness.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.qharness.workload.files.BigAnnFile;
import io.qharness.workload.files.MatrixFile;
import io.qharness.workload.files.NpyFile;
import io.qharness.workload.vectors.VectorDistance;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** .npy and big-ann files the tests write byte by byte, as numpy.save and big-ann ship them. */
class MatrixFilesTest {
  @TempDir Path dir;

  /** numpy.save's layout: magic, version 1.0, header padded to 64 bytes, then the data. */
  static void writeNpy(Path p, String descr, long rows, int cols, ByteBuffer data, int version)
      throws IOException {
    String dict =
        "{'descr': '"
            + descr
            + "', 'fortran_order': False, 'shape': ("
            + rows
            + ", "
            + cols
            + "), }";
    int pre = version == 1 ? 10 : 12;
    int total = pre + dict.length() + 1;
    int pad = (64 - total % 64) % 64;
    String header = dict + " ".repeat(pad) + "\n";
    ByteBuffer b =
        ByteBuffer.allocate(pre + header.length() + data.remaining())
            .order(ByteOrder.LITTLE_ENDIAN);
    b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', (byte) version, 0});
    if (version == 1) {
      b.putShort((short) header.length());
    } else {
      b.putInt(header.length());
    }
    b.put(header.getBytes(StandardCharsets.ISO_8859_1));
    b.put(data);
    Files.write(p, b.array());
  }

  static ByteBuffer floats(float[][] m) {
    ByteBuffer b = ByteBuffer.allocate(m.length * m[0].length * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (float[] row : m) {
      for (float x : row) {
        b.putFloat(x);
      }
    }
    return b.flip();
  }

  static void writeBin(Path p, int rows, int cols, ByteBuffer data) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(8 + data.remaining()).order(ByteOrder.LITTLE_ENDIAN);
    b.putInt(rows).putInt(cols).put(data);
    Files.write(p, b.array());
  }

  @Test
  void npyDataSetReadsVectorsQueriesAndNeighbours() throws Exception {
    float[][] base = TestVectors.random(200, 8, 1);
    float[][] queries = TestVectors.random(4, 8, 2);
    writeNpy(dir.resolve("base.npy"), "<f4", 200, 8, floats(base), 1);
    writeNpy(dir.resolve("q.npy"), "<f4", 4, 8, floats(queries), 2);
    ByteBuffer ids = ByteBuffer.allocate(4 * 10 * 8).order(ByteOrder.LITTLE_ENDIAN);
    long[][] truth = new long[4][];
    for (int i = 0; i < 4; i++) {
      truth[i] = GroundTruthTest.naive(VectorDistance.EUCLID, queries[i], base, 10, null);
      for (long id : truth[i]) {
        ids.putLong(id);
      }
    }
    writeNpy(dir.resolve("gt.npy"), "<i8", 4, 10, ids.flip(), 1);
    String spec =
        "npy:"
            + dir.resolve("base.npy")
            + "?queries="
            + dir.resolve("q.npy")
            + "&groundtruth="
            + dir.resolve("gt.npy")
            + "&distance=euclid";
    try (Dataset d = Dataset.open(spec, 100, 0)) {
      assertThat(d.points()).isEqualTo(200);
      assertThat(d.dimension()).isEqualTo(8);
      assertThat(d.base().get(137)).containsExactly(base[137]);
      assertThat(d.queries()[3]).containsExactly(queries[3]);
      assertThat(d.shippedTruth()[2]).containsExactly(truth[2]);
      assertThat(d.distance()).isEqualTo(VectorDistance.EUCLID);
    }
  }

  @Test
  void npyHalfFloatsAndBytesAreWidenedToFloats() throws Exception {
    ByteBuffer halves = ByteBuffer.allocate(2 * 4).order(ByteOrder.LITTLE_ENDIAN);
    // 1.0, -2.5, 65504 (max half), 2^-24 (smallest subnormal)
    halves
        .putShort((short) 0x3C00)
        .putShort((short) 0xC100)
        .putShort((short) 0x7BFF)
        .putShort((short) 0x0001);
    writeNpy(dir.resolve("h.npy"), "<f2", 2, 2, halves.flip(), 1);
    MatrixFile h = NpyFile.open(dir.resolve("h.npy"));
    assertThat(h.get(0)).containsExactly(1.0f, -2.5f);
    assertThat(h.get(1)[0]).isEqualTo(65504f);
    assertThat((double) h.get(1)[1]).isCloseTo(Math.pow(2, -24), within(1e-12));
    writeNpy(dir.resolve("u.npy"), "|u1", 1, 3, ByteBuffer.wrap(new byte[] {0, 7, (byte) 255}), 1);
    assertThat(NpyFile.open(dir.resolve("u.npy")).get(0)).containsExactly(0f, 7f, 255f);
  }

  @Test
  void bigAnnFilesReadVectorsAndTheIdsOfAGroundTruthFile() throws Exception {
    float[][] base = TestVectors.random(50, 4, 3);
    writeBin(dir.resolve("base.fbin"), 50, 4, floats(base));
    writeBin(dir.resolve("q.fbin"), 2, 4, floats(Arrays.copyOf(base, 2)));
    ByteBuffer gt = ByteBuffer.allocate(2 * 3 * 8).order(ByteOrder.LITTLE_ENDIAN);
    gt.putInt(0).putInt(5).putInt(9).putInt(1).putInt(6).putInt(8);
    for (int i = 0; i < 6; i++) {
      gt.putFloat(i * 0.5f); // big-ann appends the distances
    }
    writeBin(dir.resolve("gt.ibin"), 2, 3, gt.flip());
    String spec =
        "bin:"
            + dir.resolve("base.fbin")
            + "?queries="
            + dir.resolve("q.fbin")
            + "&groundtruth="
            + dir.resolve("gt.ibin");
    try (Dataset d = Dataset.open(spec, 10, 0)) {
      assertThat(d.points()).isEqualTo(50);
      assertThat(d.base().get(49)).containsExactly(base[49]);
      assertThat(d.shippedTruth()[1]).containsExactly(1, 6, 8);
    }
    writeBin(dir.resolve("b.u8bin"), 2, 2, ByteBuffer.wrap(new byte[] {1, 2, (byte) 200, 4}));
    assertThat(BigAnnFile.vectors(dir.resolve("b.u8bin")).get(1)).containsExactly(200f, 4f);
    writeBin(dir.resolve("b.i8bin"), 1, 2, ByteBuffer.wrap(new byte[] {-3, 4}));
    assertThat(BigAnnFile.vectors(dir.resolve("b.i8bin")).get(0)).containsExactly(-3f, 4f);
  }

  @Test
  void truncatedOrMismatchedFilesAreRefusedSayingWhat() throws Exception {
    float[][] base = TestVectors.random(10, 4, 3);
    writeBin(dir.resolve("t.fbin"), 11, 4, floats(base)); // header says 11 rows, 10 written
    assertThatThrownBy(() -> BigAnnFile.vectors(dir.resolve("t.fbin")))
        .hasMessageContaining("truncated")
        .hasMessageContaining("11 x 4");
    writeNpy(dir.resolve("t.npy"), "<f4", 12, 4, floats(base), 1);
    assertThatThrownBy(() -> NpyFile.open(dir.resolve("t.npy"))).hasMessageContaining("truncated");
    writeNpy(dir.resolve("be.npy"), ">f4", 10, 4, floats(base), 1);
    assertThatThrownBy(() -> NpyFile.open(dir.resolve("be.npy")))
        .hasMessageContaining("big-endian");
    writeNpy(dir.resolve("c.npy"), "<c8", 10, 2, floats(base), 1);
    assertThatThrownBy(() -> NpyFile.open(dir.resolve("c.npy")))
        .hasMessageContaining("not supported");
    Files.writeString(dir.resolve("x.npy"), "not numpy");
    assertThatThrownBy(() -> NpyFile.open(dir.resolve("x.npy"))).hasMessageContaining("magic");
    writeBin(dir.resolve("wrong.vec"), 1, 1, ByteBuffer.allocate(4));
    assertThatThrownBy(() -> BigAnnFile.vectors(dir.resolve("wrong.vec")))
        .hasMessageContaining(".fbin, .u8bin or .i8bin");
    writeNpy(dir.resolve("q8.npy"), "<f4", 2, 8, floats(TestVectors.random(2, 8, 1)), 1);
    writeNpy(dir.resolve("b4.npy"), "<f4", 10, 4, floats(base), 1);
    assertThatThrownBy(
            () ->
                Dataset.open(
                    "npy:" + dir.resolve("b4.npy") + "?queries=" + dir.resolve("q8.npy"), 10, 0))
        .hasMessageContaining("dimension 8, base vectors 4");
    assertThatThrownBy(() -> Dataset.open("npy:" + dir.resolve("b4.npy"), 10, 0))
        .hasMessageContaining("needs queries=");
  }
}
