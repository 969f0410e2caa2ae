package io.qharness.workload.files;

import io.qharness.workload.vectors.VectorSet;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;

/**
 * TEXMEX vector files (SIFT, GIST, Deep1B style): each record is a little-endian int32 dimension
 * followed by that many float32 ({@code .fvecs}), int32 ({@code .ivecs}) or uint8 ({@code .bvecs})
 * values. The file is memory-mapped in record-aligned regions of at most 1 GiB, so any size can be
 * read at random without holding it on the heap.
 */
public final class VecsFile implements VectorSet {
  /** The three TEXMEX formats. */
  public enum Format {
    FVECS(4),
    IVECS(4),
    BVECS(1);

    final int elementBytes;

    Format(int elementBytes) {
      this.elementBytes = elementBytes;
    }

    public String extension() {
      return "." + name().toLowerCase(Locale.ROOT);
    }
  }

  private static final long MAX_REGION = 1L << 30;

  private final Path path;
  private final Format format;
  private final int dim;
  private final long count;
  private final long recordBytes;
  private final long recordsPerRegion;
  private final MappedByteBuffer[] regions;

  private VecsFile(
      Path path,
      Format format,
      int dim,
      long count,
      MappedByteBuffer[] regions,
      long recordsPerRegion) {
    this.path = path;
    this.format = format;
    this.dim = dim;
    this.count = count;
    this.recordBytes = 4L + (long) dim * format.elementBytes;
    this.regions = regions;
    this.recordsPerRegion = recordsPerRegion;
  }

  /**
   * Opens and validates a file: dimension in range, whole records only, consistent headers at both
   * ends.
   */
  public static VecsFile open(Path path, Format format) {
    String expected =
        format.extension()
            + " (records of int32 dim + dim x "
            + (format == Format.BVECS ? "uint8" : format == Format.IVECS ? "int32" : "float32")
            + ", little-endian)";
    try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
      long size = ch.size();
      if (size < 4) {
        throw new IllegalArgumentException(
            path + ": " + size + " bytes, too short for a " + expected + " file");
      }
      ByteBuffer head = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
      ch.read(head, 0);
      int dim = head.getInt(0);
      if (dim < 1 || dim > 65536) {
        throw new IllegalArgumentException(
            path
                + ": first record gives dimension "
                + dim
                + "; expected "
                + expected
                + " with a dimension within 1..65536"
                + " (is this the right format, or a different file?)");
      }
      long record = 4L + (long) dim * format.elementBytes;
      if (size % record != 0) {
        throw new IllegalArgumentException(
            path
                + ": size "
                + size
                + " bytes is not a whole number of "
                + record
                + "-byte records (dimension "
                + dim
                + "); expected "
                + expected
                + "; the file is truncated or corrupt");
      }
      long count = size / record;
      ByteBuffer tail = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
      ch.read(tail, (count - 1) * record);
      if (tail.getInt(0) != dim) {
        throw new IllegalArgumentException(
            path
                + ": last record gives dimension "
                + tail.getInt(0)
                + ", first "
                + dim
                + "; expected "
                + expected
                + " with one dimension throughout; the file is corrupt");
      }
      long perRegion = Math.max(1, MAX_REGION / record);
      int n = (int) ((count + perRegion - 1) / perRegion);
      MappedByteBuffer[] regions = new MappedByteBuffer[n];
      for (int i = 0; i < n; i++) {
        long start = i * perRegion * record;
        long len = Math.min(perRegion * record, size - start);
        regions[i] = ch.map(FileChannel.MapMode.READ_ONLY, start, len);
        regions[i].order(ByteOrder.LITTLE_ENDIAN);
      }
      return new VecsFile(path, format, dim, count, regions, perRegion);
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException(
          path + " does not exist (expected a " + expected + " file)");
    } catch (IOException e) {
      throw new UncheckedIOException(path + " cannot be read: " + e.getMessage(), e);
    }
  }

  /** Opens by extension: .fvecs, .ivecs or .bvecs. */
  public static VecsFile open(Path path) {
    String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
    for (Format f : Format.values()) {
      if (name.endsWith(f.extension())) {
        return open(path, f);
      }
    }
    throw new IllegalArgumentException(
        path + ": unknown extension; expected .fvecs, .ivecs or .bvecs");
  }

  public Path path() {
    return path;
  }

  public Format format() {
    return format;
  }

  @Override
  public int dimension() {
    return dim;
  }

  @Override
  public long size() {
    return count;
  }

  private ByteBuffer record(long index) {
    if (index < 0 || index >= count) {
      throw new IndexOutOfBoundsException(
          path + ": record " + index + " outside 0.." + (count - 1));
    }
    MappedByteBuffer region = regions[(int) (index / recordsPerRegion)];
    int offset = (int) ((index % recordsPerRegion) * recordBytes);
    int header = region.getInt(offset);
    if (header != dim) {
      throw new IllegalArgumentException(
          path
              + ": record "
              + index
              + " gives dimension "
              + header
              + ", expected "
              + dim
              + "; the file is corrupt");
    }
    return region.slice(offset + 4, (int) (recordBytes - 4)).order(ByteOrder.LITTLE_ENDIAN);
  }

  @Override
  public void read(long index, float[] out) {
    ByteBuffer r = record(index);
    switch (format) {
      case FVECS -> r.asFloatBuffer().get(out, 0, dim);
      case IVECS -> {
        for (int i = 0; i < dim; i++) {
          out[i] = r.getInt(i * 4);
        }
      }
      default -> {
        for (int i = 0; i < dim; i++) {
          out[i] = r.get(i) & 0xff;
        }
      }
    }
  }

  /** An int record (ivecs: e.g. a row of ground-truth ids). */
  public int[] readInts(long index) {
    if (format != Format.IVECS) {
      throw new IllegalStateException(path + " is " + format.extension() + ", not .ivecs");
    }
    int[] out = new int[dim];
    record(index).asIntBuffer().get(out);
    return out;
  }

  @Override
  public String description() {
    return format.name().toLowerCase(Locale.ROOT) + ":" + path + " dim=" + dim + " n=" + count;
  }

  /** Writes float vectors as .fvecs (tests, caches). */
  public static void writeFvecs(Path path, float[][] vectors) throws IOException {
    write(
        path,
        vectors.length,
        vectors.length == 0 ? 0 : vectors[0].length,
        4,
        (b, i) -> {
          for (float x : vectors[i]) {
            b.putFloat(x);
          }
        });
  }

  public static void writeIvecs(Path path, int[][] rows) throws IOException {
    write(
        path,
        rows.length,
        rows.length == 0 ? 0 : rows[0].length,
        4,
        (b, i) -> {
          for (int x : rows[i]) {
            b.putInt(x);
          }
        });
  }

  public static void writeBvecs(Path path, byte[][] rows) throws IOException {
    write(path, rows.length, rows.length == 0 ? 0 : rows[0].length, 1, (b, i) -> b.put(rows[i]));
  }

  private interface RecordWriter {
    void put(ByteBuffer b, int row);
  }

  private static void write(Path path, int rows, int dim, int elementBytes, RecordWriter w)
      throws IOException {
    ByteBuffer b = ByteBuffer.allocate(4 + dim * elementBytes).order(ByteOrder.LITTLE_ENDIAN);
    try (FileChannel ch =
        FileChannel.open(
            path,
            StandardOpenOption.CREATE,
            StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING)) {
      for (int i = 0; i < rows; i++) {
        b.clear();
        b.putInt(dim);
        w.put(b, i);
        b.flip();
        while (b.hasRemaining()) {
          ch.write(b);
        }
      }
    }
    if (!Files.exists(path)) {
      throw new IOException("could not write " + path);
    }
  }
}
