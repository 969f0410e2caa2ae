package io.qharness.workload.sparse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SparseCsrFileTest {
  @TempDir Path dir;

  /** Writes rows in the big-ann sparse CSR layout; {@code extra} bytes are appended. */
  public static void write(Path p, int columns, int[][] ids, float[][] values, int extra)
      throws IOException {
    int nnz = Arrays.stream(ids).mapToInt(r -> r.length).sum();
    ByteBuffer b =
        ByteBuffer.allocate(24 + 8 * (ids.length + 1) + 8 * nnz + extra)
            .order(ByteOrder.LITTLE_ENDIAN);
    b.putLong(ids.length).putLong(columns).putLong(nnz);
    long at = 0;
    b.putLong(0);
    for (int[] r : ids) {
      at += r.length;
      b.putLong(at);
    }
    for (int[] r : ids) {
      for (int i : r) {
        b.putInt(i);
      }
    }
    for (float[] r : values) {
      for (float v : r) {
        b.putFloat(v);
      }
    }
    Files.write(p, b.array());
  }

  @Test
  void rowsAreReadSortedWithTheirValues() throws Exception {
    Path p = dir.resolve("s.csr");
    write(
        p,
        100,
        new int[][] {{3, 50, 7}, {}, {99}},
        new float[][] {{0.3f, 5f, 0.7f}, {}, {9.9f}},
        0);
    try (SparseCsrFile f = SparseCsrFile.open(p)) {
      assertThat(f.size()).isEqualTo(3);
      assertThat(f.dimensions()).isEqualTo(100);
      SparseVector r0 = f.get(0);
      assertThat(r0.indices()).containsExactly(3, 7, 50);
      assertThat(r0.values()).containsExactly(0.3f, 0.7f, 5f);
      assertThat(f.get(1).size()).isZero();
      assertThat(f.get(2).indices()).containsExactly(99);
    }
  }

  @Test
  void brokenFilesAreRefusedSayingWhat() throws Exception {
    Path p = dir.resolve("t.csr");
    write(p, 10, new int[][] {{1, 2}}, new float[][] {{1, 1}}, 0);
    byte[] whole = Files.readAllBytes(p);
    Files.write(p, Arrays.copyOf(whole, whole.length - 3));
    assertThatThrownBy(() -> SparseCsrFile.open(p)).hasMessageContaining("truncated");
    write(p, 10, new int[][] {{1, 2}}, new float[][] {{1, 1}}, 4);
    assertThatThrownBy(() -> SparseCsrFile.open(p)).hasMessageContaining("longer than");
    write(p, 10, new int[][] {{1, 12}}, new float[][] {{1, 1}}, 0);
    try (SparseCsrFile f = SparseCsrFile.open(p)) {
      assertThatThrownBy(() -> f.get(0)).hasMessageContaining("column 12, outside 0..9");
    }
    write(p, 10, new int[][] {{4, 4}}, new float[][] {{1, 1}}, 0);
    try (SparseCsrFile f = SparseCsrFile.open(p)) {
      assertThatThrownBy(() -> f.get(0)).hasMessageContaining("strictly increasing");
    }
    Files.write(p, new byte[30]);
    assertThatThrownBy(() -> SparseCsrFile.open(p)).hasMessageContaining("CSR header");
  }

  @Test
  void aSparseDataSetNeedsARowPerPointAndQuery() throws Exception {
    Path base = dir.resolve("b.csr");
    Path q = dir.resolve("q.csr");
    write(base, 10, new int[][] {{1}, {2}, {3}}, new float[][] {{1}, {1}, {1}}, 0);
    write(q, 10, new int[][] {{1}}, new float[][] {{1}}, 0);
    SparseDataset d = SparseDataset.open("csr:" + base + "?queries=" + q, 2, 1);
    assertThat(d.base().size()).isEqualTo(2);
    assertThat(d.queries().get(0).indices()).containsExactly(1);
    assertThatThrownBy(() -> SparseDataset.open("csr:" + base + "?queries=" + q, 5, 1))
        .hasMessageContaining("3 rows for 5 points");
    assertThatThrownBy(() -> SparseDataset.open("csr:" + base + "?queries=" + q, 2, 4))
        .hasMessageContaining("1 query rows for 4 dense queries");
    assertThatThrownBy(() -> SparseDataset.open("csr:" + base, 2, 1))
        .hasMessageContaining("needs queries=");
    assertThatThrownBy(() -> SparseDataset.open("svm:" + base, 2, 1))
        .hasMessageContaining("expected csr:");
  }
}
