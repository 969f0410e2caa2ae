package io.qharness.workload.filtered;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/**
 * Extracts chosen files from a tar archive (plain, or gzip-compressed: .tar.gz, .tgz), streaming:
 * ustar and GNU headers, long names and pax headers read, directory prefixes inside the archive
 * ignored (a file is matched by its last path element). The JDK reads gzip; tar is simple enough
 * not to need a library.
 */
public final class TarArchive {
  private static final int BLOCK = 512;

  private TarArchive() {}

  /**
   * Extracts the files named {@code wanted} (by file name) into {@code into}, which is created.
   * Throws naming the archive when one is missing or the archive is truncated.
   */
  public static void extract(Path archive, Set<String> wanted, Path into) {
    Set<String> found = new HashSet<>();
    try (InputStream raw = new BufferedInputStream(Files.newInputStream(archive), 1 << 16);
        InputStream in = gzip(archive) ? new GZIPInputStream(raw, 1 << 16) : raw) {
      Files.createDirectories(into);
      byte[] header = new byte[BLOCK];
      String longName = null;
      while (true) {
        if (in.readNBytes(header, 0, BLOCK) < BLOCK) {
          throw new IllegalArgumentException(archive + ": truncated tar archive (a header is cut)");
        }
        if (isZero(header)) {
          break; // end of archive
        }
        String name = longName != null ? longName : name(header);
        longName = null;
        long size = octal(header, 124, 12, archive);
        char type = (char) header[156];
        long padded = (size + BLOCK - 1) / BLOCK * BLOCK;
        if (type == 'L') { // GNU long name: the next entry's name
          longName = new String(read(in, size, archive), StandardCharsets.UTF_8).trim();
          skip(in, padded - size, archive);
          continue;
        }
        if (type == 'x' || type == 'g') { // pax: path= overrides the name
          String pax = new String(read(in, size, archive), StandardCharsets.UTF_8);
          for (String line : pax.split("\n")) {
            int eq = line.indexOf(" path=");
            if (eq > 0) {
              longName = line.substring(eq + 6);
            }
          }
          skip(in, padded - size, archive);
          continue;
        }
        String file = name.substring(name.lastIndexOf('/') + 1);
        if ((type == '0' || type == 0) && wanted.contains(file)) {
          Path tmp = into.resolve(file + ".part");
          Files.copy(new Bounded(in, size, archive), tmp, StandardCopyOption.REPLACE_EXISTING);
          Files.move(tmp, into.resolve(file), StandardCopyOption.REPLACE_EXISTING);
          found.add(file);
          skip(in, padded - size, archive);
        } else {
          skip(in, padded, archive);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(archive + " cannot be read: " + e.getMessage(), e);
    }
    Set<String> missing = new HashSet<>(wanted);
    missing.removeAll(found);
    if (!missing.isEmpty()) {
      throw new IllegalArgumentException(
          archive + " has no " + String.join(", ", missing) + " (it needs " + wanted + ")");
    }
  }

  private static boolean gzip(Path p) {
    String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
    return n.endsWith(".gz") || n.endsWith(".tgz");
  }

  private static boolean isZero(byte[] b) {
    for (byte x : b) {
      if (x != 0) {
        return false;
      }
    }
    return true;
  }

  private static String name(byte[] h) {
    String name = cString(h, 0, 100);
    String prefix = cString(h, 345, 155);
    boolean ustar = cString(h, 257, 6).startsWith("ustar");
    return ustar && !prefix.isEmpty() ? prefix + "/" + name : name;
  }

  private static String cString(byte[] b, int at, int len) {
    int end = at;
    while (end < at + len && b[end] != 0) {
      end++;
    }
    return new String(b, at, end - at, StandardCharsets.UTF_8);
  }

  private static long octal(byte[] b, int at, int len, Path archive) {
    if ((b[at] & 0x80) != 0) { // GNU base-256 for sizes of 8 GiB and more
      long v = b[at] & 0x7F;
      for (int i = at + 1; i < at + len; i++) {
        v = (v << 8) | (b[i] & 0xFF);
      }
      return v;
    }
    String s = cString(b, at, len).trim();
    try {
      return s.isEmpty() ? 0 : Long.parseLong(s, 8);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(archive + " is not a tar archive (bad header size field)");
    }
  }

  private static byte[] read(InputStream in, long n, Path archive) throws IOException {
    byte[] b = in.readNBytes((int) n);
    if (b.length < n) {
      throw new IllegalArgumentException(archive + ": truncated tar archive");
    }
    return b;
  }

  private static void skip(InputStream in, long n, Path archive) throws IOException {
    long left = n;
    while (left > 0) {
      long s = in.skip(left);
      if (s <= 0) {
        if (in.read() < 0) {
          throw new IllegalArgumentException(archive + ": truncated tar archive");
        }
        s = 1;
      }
      left -= s;
    }
  }

  /** One entry's bytes, then end of stream. */
  private static final class Bounded extends InputStream {
    private final InputStream in;
    private final Path archive;
    private long left;

    Bounded(InputStream in, long size, Path archive) {
      this.in = in;
      this.left = size;
      this.archive = archive;
    }

    @Override
    public int read() throws IOException {
      if (left <= 0) {
        return -1;
      }
      int b = in.read();
      if (b < 0) {
        throw new IllegalArgumentException(archive + ": truncated tar archive");
      }
      left--;
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (left <= 0) {
        return -1;
      }
      int n = in.read(b, off, (int) Math.min(len, left));
      if (n < 0) {
        throw new IllegalArgumentException(archive + ": truncated tar archive");
      }
      left -= n;
      return n;
    }
  }
}
