package io.qharness.workload.files;

import io.qharness.workload.vectors.VectorSet;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;

/**
 * A row-major matrix stored in a file after a header (.npy, big-ann .fbin/.u8bin/.i8bin/.ibin):
 * {@code rows x columns} little-endian elements from byte {@code offset}. It is memory-mapped in
 * row-aligned regions of at most 1 GiB, so a file larger than memory is read at random without
 * holding it on the heap. The file's length must match the header exactly.
 */
public final class MatrixFile implements VectorSet {
  /** Element types, as they are stored. */
  public enum Element {
    FLOAT32(4),
    FLOAT16(2),
    UINT8(1),
    INT8(1),
    INT32(4),
    INT64(8);

    final int bytes;

    Element(int bytes) {
      this.bytes = bytes;
    }
  }

  private static final long MAX_REGION = 1L << 30;

  private final Path path;
  private final Element element;
  private final long rows;
  private final int columns;
  private final long rowBytes;
  private final long rowsPerRegion;
  private final MappedByteBuffer[] regions;
  private final String description;

  private MatrixFile(
      Path path,
      Element element,
      long rows,
      int columns,
      long rowsPerRegion,
      MappedByteBuffer[] regions,
      String description) {
    this.path = path;
    this.element = element;
    this.rows = rows;
    this.columns = columns;
    this.rowBytes = (long) columns * element.bytes;
    this.rowsPerRegion = rowsPerRegion;
    this.regions = regions;
    this.description = description;
  }

  /**
   * Maps {@code rows x columns} elements from {@code offset}; {@code format} names the file's
   * format in errors. Refuses a file whose length is not exactly that.
   */
  public static MatrixFile open(
      Path path, long offset, long rows, int columns, Element element, String format) {
    return open(path, offset, rows, columns, element, format, 0);
  }

  /** As above, for a file with {@code trailing} more bytes after the matrix (left unread). */
  public static MatrixFile open(
      Path path,
      long offset,
      long rows,
      int columns,
      Element element,
      String format,
      long trailing) {
    if (rows < 0 || columns < 1) {
      throw new IllegalArgumentException(
          path
              + ": the "
              + format
              + " header says "
              + rows
              + " x "
              + columns
              + "; a data set needs at least one column");
    }
    long rowBytes = (long) columns * element.bytes;
    long expected = offset + rows * rowBytes + trailing;
    try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
      long size = ch.size();
      if (size != expected) {
        throw new IllegalArgumentException(
            String.format(
                Locale.ROOT,
                "%s: %,d bytes, but its %s header says %,d x %,d %s (%,d bytes with the header):"
                    + " the file is %s",
                path,
                size,
                format,
                rows,
                columns,
                element.name().toLowerCase(Locale.ROOT),
                expected,
                size < expected ? "truncated" : "longer than its header says (wrong format?)"));
      }
      long perRegion = Math.max(1, MAX_REGION / rowBytes);
      int count = (int) ((rows + perRegion - 1) / perRegion);
      MappedByteBuffer[] regions = new MappedByteBuffer[count];
      for (int r = 0; r < count; r++) {
        long first = r * perRegion;
        long n = Math.min(perRegion, rows - first);
        regions[r] = ch.map(FileChannel.MapMode.READ_ONLY, offset + first * rowBytes, n * rowBytes);
        regions[r].order(ByteOrder.LITTLE_ENDIAN);
      }
      return new MatrixFile(
          path,
          element,
          rows,
          columns,
          perRegion,
          regions,
          format + " " + path.getFileName() + " " + rows + " x " + columns);
    } catch (IOException e) {
      throw new UncheckedIOException(path + " cannot be read: " + e.getMessage(), e);
    }
  }

  public Path path() {
    return path;
  }

  public Element element() {
    return element;
  }

  @Override
  public int dimension() {
    return columns;
  }

  @Override
  public long size() {
    return rows;
  }

  @Override
  public void read(long row, float[] out) {
    MappedByteBuffer b = regions[(int) (row / rowsPerRegion)];
    int at = (int) ((row % rowsPerRegion) * rowBytes);
    for (int i = 0; i < columns; i++) {
      out[i] =
          switch (element) {
            case FLOAT32 -> b.getFloat(at + 4 * i);
            case FLOAT16 -> halfToFloat(b.getShort(at + 2 * i));
            case UINT8 -> b.get(at + i) & 0xFF;
            case INT8 -> b.get(at + i);
            case INT32 -> b.getInt(at + 4 * i);
            case INT64 -> b.getLong(at + 8 * i);
          };
    }
  }

  /** IEEE 754 binary16 to float (Float.float16ToFloat is Java 20+; qharness runs on 17). */
  static float halfToFloat(short h) {
    int bits = h & 0xFFFF;
    int sign = (bits & 0x8000) << 16;
    int exp = (bits >>> 10) & 0x1F;
    int mant = bits & 0x3FF;
    if (exp == 0x1F) {
      return Float.intBitsToFloat(sign | 0x7F800000 | (mant << 13)); // infinity or NaN
    }
    if (exp == 0) {
      if (mant == 0) {
        return Float.intBitsToFloat(sign); // signed zero
      }
      // subnormal: mant x 2^-24
      float v = mant * 0x1p-24f;
      return sign == 0 ? v : -v;
    }
    return Float.intBitsToFloat(sign | ((exp - 15 + 127) << 23) | (mant << 13));
  }

  /** Row {@code row} as whole numbers (neighbour ids), for integer matrices. */
  public long[] readLongs(long row) {
    if (element != Element.INT32 && element != Element.INT64) {
      throw new IllegalStateException(path + " holds " + element + ", not ids");
    }
    MappedByteBuffer b = regions[(int) (row / rowsPerRegion)];
    int at = (int) ((row % rowsPerRegion) * rowBytes);
    long[] out = new long[columns];
    for (int i = 0; i < columns; i++) {
      out[i] = element == Element.INT32 ? b.getInt(at + 4 * i) : b.getLong(at + 8 * i);
    }
    return out;
  }

  @Override
  public String description() {
    return description;
  }
}
