package io.qharness.workload.files;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * big-ann-benchmarks binary files: a header of two little-endian uint32, the number of rows and of
 * columns, then the rows. The element type is the extension's: {@code .fbin} float32, {@code
 * .u8bin} uint8, {@code .i8bin} int8, {@code .ibin} int32. A ground-truth file ({@code .ibin}
 * neighbours, as big-ann ships it) holds n x k ids followed by n x k float32 distances; only the
 * ids are read.
 */
public final class BigAnnFile {
  private BigAnnFile() {}

  /** Opens a vector file (.fbin, .u8bin, .i8bin). */
  public static MatrixFile vectors(Path path) {
    MatrixFile.Element e =
        switch (extension(path)) {
          case "fbin" -> MatrixFile.Element.FLOAT32;
          case "u8bin" -> MatrixFile.Element.UINT8;
          case "i8bin" -> MatrixFile.Element.INT8;
          default ->
              throw new IllegalArgumentException(
                  path + ": a big-ann vector file ends in .fbin, .u8bin or .i8bin");
        };
    long[] h = header(path);
    return MatrixFile.open(path, 8, h[0], (int) h[1], e, "big-ann ." + extension(path));
  }

  /**
   * Opens a ground-truth file: n x k int32 ids, optionally followed by n x k float32 distances
   * (big-ann's layout), which are left unread.
   */
  public static MatrixFile neighbours(Path path) {
    long[] h = header(path);
    long ids = 8 + h[0] * h[1] * 4;
    long size;
    try {
      size = Files.size(path);
    } catch (IOException e) {
      throw new UncheckedIOException(path + " cannot be read: " + e.getMessage(), e);
    }
    // ids then (big-ann's layout) as many float32 distances, left unread
    long trailing = size == 8 + 2 * (ids - 8) ? ids - 8 : 0;
    return MatrixFile.open(
        path, 8, h[0], (int) h[1], MatrixFile.Element.INT32, "big-ann .ibin", trailing);
  }

  private static long[] header(Path path) {
    byte[] b = new byte[8];
    try (InputStream in = Files.newInputStream(path)) {
      if (in.readNBytes(b, 0, 8) < 8) {
        throw new IllegalArgumentException(
            path + ": shorter than the 8-byte big-ann header (uint32 rows, uint32 columns)");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(path + " cannot be read: " + e.getMessage(), e);
    }
    long rows = (b[0] & 0xFFL) | (b[1] & 0xFFL) << 8 | (b[2] & 0xFFL) << 16 | (b[3] & 0xFFL) << 24;
    long cols = (b[4] & 0xFFL) | (b[5] & 0xFFL) << 8 | (b[6] & 0xFFL) << 16 | (b[7] & 0xFFL) << 24;
    if (cols < 1 || cols > 65536) {
      throw new IllegalArgumentException(
          String.format(
              Locale.ROOT,
              "%s: the big-ann header says %,d columns; expected 1..65536 (is it a big-ann"
                  + " file?)",
              path,
              cols));
    }
    return new long[] {rows, cols};
  }

  private static String extension(Path path) {
    String name = path.getFileName().toString();
    int dot = name.lastIndexOf('.');
    return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
  }
}
