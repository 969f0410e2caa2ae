package io.qharness.cluster;

import java.io.IOException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The process on this machine listening on a TCP port, found as {@code ss -ltnp} would: the
 * listening socket's inode in {@code /proc/net/tcp[6]}, then the process holding it among {@code
 * /proc/<pid>/fd}. Linux only; a process of another user is invisible without root.
 */
public final class ListeningProcess {
  private static final String LISTEN = "0A";

  private ListeningProcess() {}

  /** The PID listening on {@code port}, if any process of this machine visible to us does. */
  public static OptionalLong pid(int port) {
    Set<String> inodes = new HashSet<>();
    for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
      try {
        for (String line : Files.readAllLines(Path.of(table))) {
          String[] f = line.trim().split("\\s+");
          // sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout
          // inode
          if (f.length > 9
              && f[1].contains(":")
              && LISTEN.equals(f[3])
              && Integer.parseInt(f[1].substring(f[1].indexOf(':') + 1), 16) == port) {
            inodes.add(f[9]);
          }
        }
      } catch (IOException | NumberFormatException e) {
        // no such table (no IPv6, not Linux): nothing listens there
      }
    }
    if (inodes.isEmpty()) {
      return OptionalLong.empty();
    }
    try (DirectoryStream<Path> procs =
        Files.newDirectoryStream(
            Path.of("/proc"), p -> p.getFileName().toString().matches("\\d+"))) {
      for (Path proc : procs) {
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(proc.resolve("fd"))) {
          for (Path fd : fds) {
            String link = Files.readSymbolicLink(fd).toString();
            if (link.startsWith("socket:[")
                && inodes.contains(link.substring(8, link.length() - 1))) {
              return OptionalLong.of(Long.parseLong(proc.getFileName().toString()));
            }
          }
        } catch (IOException | SecurityException e) {
          // another user's process, or one that just exited
        }
      }
    } catch (IOException e) {
      return OptionalLong.empty();
    }
    return OptionalLong.empty();
  }

  /** Whether {@code host} names this machine (loopback or one of its interfaces' addresses). */
  public static boolean isLocal(String host) {
    try {
      InetAddress a = InetAddress.getByName(host);
      return a.isLoopbackAddress()
          || a.isAnyLocalAddress()
          || NetworkInterface.getByInetAddress(a) != null;
    } catch (UnknownHostException | SocketException e) {
      return host.toLowerCase(Locale.ROOT).equals("localhost");
    }
  }
}
