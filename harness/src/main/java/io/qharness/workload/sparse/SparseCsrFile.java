package io.qharness.workload.sparse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Locale;

/**
 * Sparse vectors in the CSR layout of the big-ann-benchmarks sparse track (SPLADE on MS MARCO):
 * little-endian int64 rows, columns and non-zeros, then int64 row pointers (rows + 1), int32 column
 * ids (non-zeros) and float32 values (non-zeros). Row pointers are held in memory (8 bytes a row);
 * ids and values are read per row from the file, so files larger than memory stream.
 */
public final class SparseCsrFile implements SparseVectorSet, AutoCloseable {
  private final Path path;
  private final FileChannel channel;
  private final long rows;
  private final int columns;
  private final long[] rowStart;
  private final long idsAt;
  private final long valuesAt;

  private SparseCsrFile(
      Path path, FileChannel channel, long rows, int columns, long[] rowStart, long nnz) {
    this.path = path;
    this.channel = channel;
    this.rows = rows;
    this.columns = columns;
    this.rowStart = rowStart;
    this.idsAt = 24 + 8 * (rows + 1);
    this.valuesAt = idsAt + 4 * nnz;
  }

  /** Opens and validates the header, the length and the row pointers. */
  public static SparseCsrFile open(Path path) {
    FileChannel ch = null;
    try {
      ch = FileChannel.open(path, StandardOpenOption.READ);
      long size = ch.size();
      ByteBuffer head = read(ch, 0, 24, path);
      long rows = head.getLong();
      long cols = head.getLong();
      long nnz = head.getLong();
      if (rows < 0 || rows > Integer.MAX_VALUE || cols < 1 || cols > Integer.MAX_VALUE || nnz < 0) {
        throw new IllegalArgumentException(
            String.format(
                Locale.ROOT,
                "%s: the CSR header says %,d rows, %,d columns, %,d non-zeros; is it a sparse CSR"
                    + " file (int64 rows, columns, non-zeros, then indptr, indices, data)?",
                path,
                rows,
                cols,
                nnz));
      }
      long expected = 24 + 8 * (rows + 1) + 8 * nnz;
      if (size != expected) {
        throw new IllegalArgumentException(
            String.format(
                Locale.ROOT,
                "%s: %,d bytes, but its CSR header (%,d rows, %,d non-zeros) needs %,d: the file"
                    + " is %s",
                path,
                size,
                rows,
                nnz,
                expected,
                size < expected ? "truncated" : "longer than its header says"));
      }
      ByteBuffer ptr = read(ch, 24, 8 * (rows + 1), path);
      long[] start = new long[(int) rows + 1];
      for (int i = 0; i <= rows; i++) {
        start[i] = ptr.getLong();
        if (i > 0 && start[i] < start[i - 1]) {
          throw new IllegalArgumentException(
              path
                  + ": row pointer "
                  + i
                  + " goes backwards ("
                  + start[i - 1]
                  + " then "
                  + start[i]
                  + ")");
        }
      }
      if (start[0] != 0 || start[(int) rows] != nnz) {
        throw new IllegalArgumentException(
            path
                + ": row pointers run from "
                + start[0]
                + " to "
                + start[(int) rows]
                + "; a CSR file's run from 0 to its non-zeros, "
                + nnz);
      }
      return new SparseCsrFile(path, ch, rows, (int) cols, start, nnz);
    } catch (IOException e) {
      close(ch);
      throw new UncheckedIOException(path + " cannot be read: " + e.getMessage(), e);
    } catch (RuntimeException e) {
      close(ch);
      throw e;
    }
  }

  private static void close(FileChannel ch) {
    if (ch != null) {
      try {
        ch.close();
      } catch (IOException ignored) {
        // already failing
      }
    }
  }

  private static ByteBuffer read(FileChannel ch, long at, long bytes, Path path)
      throws IOException {
    ByteBuffer b = ByteBuffer.allocate((int) bytes).order(ByteOrder.LITTLE_ENDIAN);
    while (b.hasRemaining()) {
      if (ch.read(b, at + b.position()) < 0) {
        throw new IllegalArgumentException(path + ": truncated");
      }
    }
    return b.flip();
  }

  @Override
  public long size() {
    return rows;
  }

  @Override
  public int dimensions() {
    return columns;
  }

  /** Row {@code id}; its column ids sorted (with their values) when the file's are not. */
  @Override
  public SparseVector get(long id) {
    int from = (int) (rowStart[(int) id]);
    int n = (int) (rowStart[(int) id + 1] - rowStart[(int) id]);
    try {
      ByteBuffer ids = read(channel, idsAt + 4L * from, 4L * n, path);
      ByteBuffer vals = read(channel, valuesAt + 4L * from, 4L * n, path);
      int[] indices = new int[n];
      float[] values = new float[n];
      boolean sorted = true;
      for (int i = 0; i < n; i++) {
        indices[i] = ids.getInt();
        values[i] = vals.getFloat();
        sorted &= i == 0 || indices[i] > indices[i - 1];
        if (indices[i] < 0 || indices[i] >= columns) {
          throw new IllegalArgumentException(
              path + ": row " + id + " has column " + indices[i] + ", outside 0.." + (columns - 1));
        }
      }
      if (!sorted) {
        Integer[] order = new Integer[n];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, (a, b) -> Integer.compare(indices[a], indices[b]));
        int[] si = new int[n];
        float[] sv = new float[n];
        for (int i = 0; i < n; i++) {
          si[i] = indices[order[i]];
          sv[i] = values[order[i]];
        }
        try {
          return new SparseVector(si, sv);
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException(path + ": row " + id + ": " + e.getMessage(), e);
        }
      }
      return new SparseVector(indices, values);
    } catch (IOException e) {
      throw new UncheckedIOException(path + " cannot be read: " + e.getMessage(), e);
    }
  }

  @Override
  public String description() {
    return "csr " + path.getFileName() + " " + rows + " x " + columns;
  }

  @Override
  public void close() {
    close(channel);
  }
}
