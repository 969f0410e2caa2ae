package io.qharness.workload.files;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * NumPy {@code .npy} files (format 1.0 to 3.0) holding a 2-D C-order matrix: vectors (float32,
 * float16, uint8, int8) or neighbour ids (int32, int64), as numpy.save writes them.
 */
public final class NpyFile {
  private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
  private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
  private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
  private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

  private NpyFile() {}

  /** Opens a 2-D .npy matrix, refusing other shapes, Fortran order and unsupported types. */
  public static MatrixFile open(Path path) {
    byte[] head = new byte[12];
    String header;
    long offset;
    try (InputStream in = Files.newInputStream(path)) {
      if (in.readNBytes(head, 0, 10) < 10 || !startsWithMagic(head)) {
        throw new IllegalArgumentException(
            path + " is not a .npy file (no \\x93NUMPY magic); write it with numpy.save");
      }
      int major = head[6] & 0xFF;
      int length;
      if (major == 1) {
        length = (head[8] & 0xFF) | (head[9] & 0xFF) << 8;
        offset = 10 + length;
      } else if (major == 2 || major == 3) {
        if (in.readNBytes(head, 10, 2) < 2) {
          throw new IllegalArgumentException(path + ": truncated .npy header");
        }
        length =
            (head[8] & 0xFF)
                | (head[9] & 0xFF) << 8
                | (head[10] & 0xFF) << 16
                | (head[11] & 0xFF) << 24;
        offset = 12L + length;
      } else {
        throw new IllegalArgumentException(
            path + ": .npy format version " + major + " is not supported (1, 2 and 3 are)");
      }
      byte[] text = in.readNBytes(length);
      if (text.length < length) {
        throw new IllegalArgumentException(path + ": truncated .npy header");
      }
      header = new String(text, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
    } catch (IOException e) {
      throw new UncheckedIOException(path + " cannot be read: " + e.getMessage(), e);
    }
    String descr = group(path, DESCR, header, "descr");
    if (group(path, FORTRAN, header, "fortran_order").equals("True")) {
      throw new IllegalArgumentException(
          path + " is in Fortran order; save a C-order array (numpy.ascontiguousarray)");
    }
    String[] dims = group(path, SHAPE, header, "shape").split(",");
    long rows;
    long cols;
    try {
      rows = Long.parseLong(dims[0].trim());
      cols = dims.length > 1 && !dims[1].isBlank() ? Long.parseLong(dims[1].trim()) : -1;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(path + ": unreadable .npy shape in " + header.trim());
    }
    long nonEmpty = java.util.Arrays.stream(dims).filter(d -> !d.isBlank()).count();
    if (nonEmpty != 2 || cols < 1 || cols > 65536) {
      throw new IllegalArgumentException(
          path
              + ": shape ("
              + String.join(",", dims).trim()
              + ") is not a 2-D matrix of 1..65536 columns; save vectors as an (n, dim) array");
    }
    return MatrixFile.open(path, offset, rows, (int) cols, element(path, descr), ".npy");
  }

  private static boolean startsWithMagic(byte[] head) {
    for (int i = 0; i < MAGIC.length; i++) {
      if (head[i] != MAGIC[i]) {
        return false;
      }
    }
    return true;
  }

  private static String group(Path path, Pattern p, String header, String what) {
    Matcher m = p.matcher(header);
    if (!m.find()) {
      throw new IllegalArgumentException(path + ": .npy header has no " + what + ": " + header);
    }
    return m.group(1);
  }

  private static MatrixFile.Element element(Path path, String descr) {
    if (descr.startsWith(">")) {
      throw new IllegalArgumentException(
          path + " is big-endian (" + descr + "); save it little-endian (array.astype('<f4'))");
    }
    return switch (descr.substring(descr.length() > 2 ? 1 : 0)) {
      case "f4" -> MatrixFile.Element.FLOAT32;
      case "f2" -> MatrixFile.Element.FLOAT16;
      case "u1" -> MatrixFile.Element.UINT8;
      case "i1" -> MatrixFile.Element.INT8;
      case "i4" -> MatrixFile.Element.INT32;
      case "i8" -> MatrixFile.Element.INT64;
      default ->
          throw new IllegalArgumentException(
              path
                  + ": element type "
                  + descr
                  + " is not supported; use float32, float16, uint8 or int8 vectors, int32 or"
                  + " int64 ids");
    };
  }
}
