package io.qharness.workload.truth;

import io.qharness.results.AtomicFiles;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Computed ground truth kept on disk, keyed by everything that decides it (data set, point count,
 * query set, distance, k, filters), so a second run does not recompute. A stale, foreign or corrupt
 * entry is ignored and replaced, never trusted.
 */
public final class GroundTruthCache {
  private static final int MAGIC = 0x51484754; // "QHGT"
  private static final int VERSION = 1;

  private final Path dir;

  public GroundTruthCache(Path dir) {
    this.dir = dir;
  }

  public Path fileFor(String key) {
    try {
      byte[] h = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
      return dir.resolve("groundtruth-" + HexFormat.of().formatHex(h, 0, 12) + ".bin");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The cached ids for {@code key}, or null when absent or not matching. */
  public long[][] load(String key) {
    Path f = fileFor(key);
    if (!Files.exists(f)) {
      return null;
    }
    try (InputStream raw = Files.newInputStream(f);
        DataInputStream in = new DataInputStream(new BufferedInputStream(raw))) {
      if (in.readInt() != MAGIC || in.readInt() != VERSION || !in.readUTF().equals(key)) {
        return null;
      }
      int rows = in.readInt();
      long[][] out = new long[rows][];
      for (int i = 0; i < rows; i++) {
        int m = in.readInt();
        if (m < 0 || m > 10_000) {
          return null;
        }
        out[i] = new long[m];
        for (int j = 0; j < m; j++) {
          out[i][j] = in.readLong();
        }
      }
      return out;
    } catch (IOException e) {
      return null; // truncated or unreadable: recompute
    }
  }

  public void store(String key, long[][] ids) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(MAGIC);
      out.writeInt(VERSION);
      out.writeUTF(key);
      out.writeInt(ids.length);
      for (long[] row : ids) {
        out.writeInt(row.length);
        for (long id : row) {
          out.writeLong(id);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    AtomicFiles.write(fileFor(key), bytes.toByteArray());
  }
}
