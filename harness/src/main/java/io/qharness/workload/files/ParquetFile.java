package io.qharness.workload.files;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Parquet data sets (VectorDBBench's train/test/neighbors layout: a list column per row), read
 * through DuckDB and converted once, streaming, into a {@code .npy} in the cache directory, which
 * is then memory-mapped like any .npy. Row i is point i; an {@code id} column, when there is one,
 * must be the row number, since neighbour ids refer to it.
 */
public final class ParquetFile {
  private ParquetFile() {}

  /** The vectors of {@code column} as a float32 .npy under {@code cacheDir} (converted once). */
  public static MatrixFile vectors(Path parquet, String column, Path cacheDir) {
    return NpyFile.open(convert(parquet, column, cacheDir, false));
  }

  /** The neighbour ids of {@code column} as an int64 .npy under {@code cacheDir}. */
  public static MatrixFile neighbours(Path parquet, String column, Path cacheDir) {
    return NpyFile.open(convert(parquet, column, cacheDir, true));
  }

  private static Path convert(Path parquet, String column, Path cacheDir, boolean ids) {
    if (!column.matches("[A-Za-z_][A-Za-z0-9_]*")) {
      throw new IllegalArgumentException("column '" + column + "' is not a plain column name");
    }
    try {
      Path out =
          cacheDir
              .resolve("datasets")
              .resolve(
                  parquet.getFileName()
                      + "-"
                      + Files.size(parquet)
                      + "-"
                      + Files.getLastModifiedTime(parquet).toMillis()
                      + "-"
                      + column
                      + ".npy");
      if (Files.isRegularFile(out)) {
        return out;
      }
      Files.createDirectories(out.getParent());
      Path tmp = out.resolveSibling(out.getFileName() + ".part");
      write(parquet, column, ids, tmp);
      Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING);
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(parquet + " cannot be read: " + e.getMessage(), e);
    }
  }

  private static void write(Path parquet, String column, boolean ids, Path tmp) throws IOException {
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:")) {
      long rows = rowCount(c, parquet);
      boolean hasId = hasIdColumn(c, parquet, column);
      String sql =
          "SELECT "
              + (hasId ? "id, " : "")
              + column
              + " FROM read_parquet(?)"
              + (hasId ? " ORDER BY id" : "");
      try (PreparedStatement p = c.prepareStatement(sql);
          OutputStream os = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 20)) {
        p.setString(1, parquet.toString());
        int dim = -1;
        long row = 0;
        ByteBuffer b = null;
        try (ResultSet r = p.executeQuery()) {
          while (r.next()) {
            if (hasId && r.getLong(1) != row) {
              throw new IllegalArgumentException(
                  parquet
                      + ": id "
                      + r.getLong(1)
                      + " at row "
                      + row
                      + "; qharness numbers points by row, so ids must run 0, 1, 2, ...");
            }
            Array a = r.getArray(hasId ? 2 : 1);
            Object[] values = a == null ? null : (Object[]) a.getArray();
            if (values == null || values.length == 0) {
              throw new IllegalArgumentException(
                  parquet + ": row " + row + " has no " + column + " values");
            }
            if (dim < 0) {
              dim = values.length;
              os.write(header(ids ? "<i8" : "<f4", rows, dim));
              b = ByteBuffer.allocate(dim * (ids ? 8 : 4)).order(ByteOrder.LITTLE_ENDIAN);
            } else if (values.length != dim) {
              throw new IllegalArgumentException(
                  parquet
                      + ": row "
                      + row
                      + " has "
                      + values.length
                      + " values in "
                      + column
                      + ", row 0 has "
                      + dim);
            }
            b.clear();
            for (Object v : values) {
              Number n = (Number) v;
              if (ids) {
                b.putLong(n.longValue());
              } else {
                b.putFloat(n.floatValue());
              }
            }
            os.write(b.array());
            row++;
          }
        }
        if (row == 0) {
          throw new IllegalArgumentException(parquet + " has no rows");
        }
      }
    } catch (SQLException e) {
      throw new IllegalArgumentException(
          parquet + " cannot be read as Parquet: " + e.getMessage(), e);
    }
  }

  private static long rowCount(Connection c, Path parquet) throws SQLException {
    try (PreparedStatement p = c.prepareStatement("SELECT count(*) FROM read_parquet(?)")) {
      p.setString(1, parquet.toString());
      try (ResultSet r = p.executeQuery()) {
        r.next();
        return r.getLong(1);
      }
    }
  }

  /** Whether the file has an id column; refuses a file without {@code column}, listing its own. */
  private static boolean hasIdColumn(Connection c, Path parquet, String column)
      throws SQLException {
    try (PreparedStatement p =
        c.prepareStatement("SELECT column_name FROM (DESCRIBE SELECT * FROM read_parquet(?))")) {
      p.setString(1, parquet.toString());
      boolean found = false;
      boolean id = false;
      StringBuilder names = new StringBuilder();
      try (ResultSet r = p.executeQuery()) {
        while (r.next()) {
          String n = r.getString(1);
          names.append(names.length() == 0 ? "" : ", ").append(n);
          found |= n.equals(column);
          id |= n.equals("id");
        }
      }
      if (!found) {
        throw new IllegalArgumentException(
            parquet + " has no column '" + column + "'; its columns: " + names);
      }
      return id;
    }
  }

  /** numpy.save's version 1.0 header, padded to 64 bytes. */
  private static byte[] header(String descr, long rows, int cols) {
    String dict =
        "{'descr': '"
            + descr
            + "', 'fortran_order': False, 'shape': ("
            + rows
            + ", "
            + cols
            + "), }";
    int pad = (64 - (10 + dict.length() + 1) % 64) % 64;
    byte[] text = (dict + " ".repeat(pad) + "\n").getBytes(StandardCharsets.ISO_8859_1);
    ByteBuffer b = ByteBuffer.allocate(10 + text.length).order(ByteOrder.LITTLE_ENDIAN);
    b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
    b.putShort((short) text.length).put(text);
    return b.array();
  }
}
