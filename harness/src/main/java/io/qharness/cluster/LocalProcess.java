package io.qharness.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

/**
 * A node's process on this machine, read from {@code /proc}: what Qdrant's own metrics do not give,
 * the process's CPU time and resident set (which counts the memory-mapped vectors that Qdrant's
 * allocator gauges leave out), and the disk its collection takes. Linux only.
 */
public record LocalProcess(long pid) {
  /** USER_HZ: the unit of /proc's CPU times, 100 on every Linux architecture qharness runs on. */
  private static final double TICKS_PER_SECOND = 100.0;

  /** One reading of the process's counters. */
  public record Stat(double cpuSeconds, long rssBytes, long minorFaults, long majorFaults) {}

  /** The process serving {@code restAddress} (host:port), when it runs on this machine. */
  public static LocalProcess serving(String restAddress) {
    int colon = restAddress.lastIndexOf(':');
    if (colon < 0 || !ListeningProcess.isLocal(restAddress.substring(0, colon))) {
      return null;
    }
    OptionalLong pid;
    try {
      pid = ListeningProcess.pid(Integer.parseInt(restAddress.substring(colon + 1)));
    } catch (NumberFormatException e) {
      return null;
    }
    return pid.isPresent() ? new LocalProcess(pid.getAsLong()) : null;
  }

  /**
   * Whether the process still runs: alive and not a zombie. Java counts a zombie (exited, not yet
   * reaped) as alive, and nodes started through a script are reaped by PID 1, which on some
   * machines never does; a zombie has released its ports and locks.
   */
  public boolean running() {
    if (!ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
      return false;
    }
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      return !stat.substring(stat.lastIndexOf(')') + 1).trim().startsWith("Z");
    } catch (IOException | RuntimeException gone) {
      return false;
    }
  }

  /**
   * Waits until the process no longer {@link #running() runs}, or until {@code deadlineNanos}
   * ({@link System#nanoTime()}); true when it stopped running.
   */
  public boolean exitedBy(long deadlineNanos) throws InterruptedException {
    while (running()) {
      if (System.nanoTime() > deadlineNanos) {
        return false;
      }
      TimeUnit.MILLISECONDS.sleep(100);
    }
    return true;
  }

  /** CPU time (all threads), resident set and page faults; null once the process is gone. */
  public Stat stat() {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      // the command name may hold spaces and parentheses: fields count from the last ')'
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
      // fields after the name, from 0: state(0) ... minflt(7) majflt(9) utime(11) stime(12)
      // rss(21), in pages
      long pages = Long.parseLong(f[21]);
      return new Stat(
          (Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICKS_PER_SECOND,
          pages * 4096,
          Long.parseLong(f[7]),
          Long.parseLong(f[9]));
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /**
   * Bytes the process had the storage layer fetch ({@code read_bytes} of /proc/<pid>/io: reads that
   * missed the page cache, memory-mapped ones included); null once gone or when unreadable.
   */
  public Long readBytes() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "io"))) {
        if (line.startsWith("read_bytes:")) {
          return Long.parseLong(line.substring("read_bytes:".length()).trim());
        }
      }
      return null;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /**
   * The disk blocks taken by {@code collection}'s directory, found from the files the process has
   * mapped or open under {@code <storage>/collections/<name>/}, as {@code du} counts them
   * (preallocated, unwritten WAL space is not counted). Null when the process maps nothing of it.
   */
  public Long collectionDiskBytes(String collection) {
    Path dir = collectionDir(collection);
    if (dir == null) {
      return null;
    }
    try {
      Process du =
          new ProcessBuilder("du", "-sk", dir.toString())
              .redirectError(ProcessBuilder.Redirect.DISCARD)
              .start();
      String out = new String(du.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!du.waitFor(10, TimeUnit.SECONDS)) {
        du.destroyForcibly();
        return null;
      }
      return Long.parseLong(out.split("\\s+")[0]) * 1024;
    } catch (IOException | RuntimeException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  private Path collectionDir(String collection) {
    String marker = "/collections/" + collection + "/";
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "maps"))) {
        int at = line.indexOf(marker);
        int start = line.indexOf('/');
        if (at > 0 && start >= 0 && start < at) {
          return Path.of(line.substring(start, at + marker.length()));
        }
      }
    } catch (IOException | RuntimeException e) {
      return null;
    }
    return null;
  }
}
