package io.qharness.run;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * A class-data-sharing archive (AppCDS) of the injector JVM's classes. Loading, verifying and
 * linking Gatling, Scala, Pekko, gRPC, Netty and the Qdrant stubs is the largest part of that JVM's
 * start (about 1.5 of the 6 CPU-s a run costs outside its load); from an archive they are mapped
 * ready to use.
 *
 * <p>The first run of a build records the classes its JVM loads (and the launcher's JVM its own);
 * once its record is written, the launcher dumps them into one archive (once per build and Java:
 * about 15 CPU-s, said so on the console); later runs map it, in both JVMs. CDS archives classes
 * from jars only, so this works for a class path of jars (the {@code qharness} script runs from
 * jars of the modules) and stays off otherwise, and whenever the user's JVM options choose CDS
 * themselves.
 */
public final class ClassArchive {
  /** The system property naming the directory that holds the archive (set by the script). */
  public static final String DIR_PROPERTY = "qharness.classArchiveDir";

  private static final Pattern USER_CDS =
      Pattern.compile(
          "-Xshare:.*|-XX:[+-]UseSharedSpaces|-XX:(SharedArchiveFile|SharedClassListFile"
              + "|DumpLoadedClassList|ArchiveClassesAtExit)=.*");

  /** JDK 17 crashes dumping lambda proxies (SystemDictionaryShared, seen in 17.0.15): left out. */
  private static final String LAMBDA_PROXY = "@lambda-proxy";

  private static final long DUMP_TIMEOUT_MINUTES = 10;

  private static final String PREFIX = "injector-";

  /** The launcher's names in the directory: its class list (first run) and the archive's link. */
  static final String LAUNCHER = "launcher";

  private final Path dir;
  private final String classpath;
  private final String key;

  private ClassArchive(Path dir, String classpath, String key) {
    this.dir = dir;
    this.classpath = classpath;
    this.key = key;
  }

  /**
   * The archive for JVMs on {@code classpath} kept in {@code dir}, or empty when there is no
   * directory or the class path holds anything but jars.
   */
  public static Optional<ClassArchive> of(String dir, String classpath) {
    if (dir == null || dir.isBlank() || classpath == null || classpath.isBlank()) {
      return Optional.empty();
    }
    List<Path> entries = new ArrayList<>();
    for (String e : classpath.split(File.pathSeparator)) {
      Path p = Path.of(e);
      if (!Files.isRegularFile(p)) { // a directory (or a missing entry) rules CDS out
        return Optional.empty();
      }
      entries.add(p);
    }
    return Optional.of(new ClassArchive(Path.of(dir), classpath, key(entries)));
  }

  /** The archive file (it exists once a run has made it). */
  public Path archive() {
    return file(".jsa");
  }

  /** The class list a first run records. */
  Path classList() {
    return file(".classlist");
  }

  /** One of this archive's files: its name starts with the key, which prunes the others. */
  private Path file(String suffix) {
    return dir.resolve(PREFIX + key + suffix);
  }

  private Path failedMarker() {
    return file(".failed");
  }

  /**
   * The options that give a JVM the archive, or that record its classes for one; none when the
   * user's {@code options} choose CDS themselves or an earlier dump failed.
   */
  public List<String> options(List<String> options) {
    if (options.stream().anyMatch(o -> USER_CDS.matcher(o).matches())
        || Files.exists(failedMarker())) {
      return List.of();
    }
    if (Files.isRegularFile(archive())) {
      return List.of("-XX:SharedArchiveFile=" + archive());
    }
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      return List.of(); // no archive then: the run itself goes on
    }
    return List.of("-XX:DumpLoadedClassList=" + classList());
  }

  /**
   * After a run whose JVM recorded its classes: dumps them into the archive; returns what to tell
   * the user, or empty when there was nothing to do (no list, an archive already there, another
   * launcher dumping it).
   */
  public Optional<String> archiveRecorded() {
    Path list = classList();
    if (!Files.isRegularFile(list) || Files.isRegularFile(archive())) {
      return Optional.empty();
    }
    Path lock = file(".lock");
    try {
      if (Files.isRegularFile(lock)
          && Files.getLastModifiedTime(lock).toMillis()
              < System.currentTimeMillis() - TimeUnit.MINUTES.toMillis(DUMP_TIMEOUT_MINUTES)) {
        Files.deleteIfExists(lock); // left by a launcher stopped while dumping
      }
      Files.createFile(lock);
    } catch (FileAlreadyExistsException e) {
      return Optional.empty(); // another injector on this machine is dumping it
    } catch (IOException e) {
      return Optional.empty();
    }
    try {
      return Optional.of(dump(list));
    } finally {
      try {
        Files.deleteIfExists(lock);
      } catch (IOException ignored) {
        // a stale lock only means the next first run skips the dump
      }
    }
  }

  /** Whether a run recorded its classes and the archive is still to be made from them. */
  public boolean recorded() {
    return Files.isRegularFile(classList()) && !Files.isRegularFile(archive());
  }

  /** After a run that failed: its class list may be short of what a whole run loads. */
  public void discardRecorded() {
    deleteQuietly(classList());
  }

  private String dump(Path list) {
    Path usable = file(".dump.classlist");
    Path partial = file(".jsa.part");
    Path log = dir.resolve("dump.log");
    long started = System.nanoTime();
    try {
      Set<String> lines = new LinkedHashSet<>(Files.readAllLines(list, StandardCharsets.UTF_8));
      Path launcherList = dir.resolve(LAUNCHER + ".classlist");
      if (Files.isRegularFile(launcherList)) { // the launcher's own, still being written: lines
        lines.addAll(Files.readAllLines(launcherList, StandardCharsets.UTF_8));
      }
      lines.removeIf(l -> l.startsWith(LAMBDA_PROXY));
      Files.write(usable, lines, StandardCharsets.UTF_8);
      List<String> cmd =
          List.of(
              GatlingLauncher.java(),
              GatlingLauncher.MODULES, // the module graph must be the runs'
              "-Xshare:dump",
              "-XX:SharedClassListFile=" + usable,
              "-XX:SharedArchiveFile=" + partial,
              "-cp",
              classpath);
      Process p =
          new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
      boolean ended = p.waitFor(DUMP_TIMEOUT_MINUTES, TimeUnit.MINUTES);
      if (!ended) {
        p.destroyForcibly();
      }
      if (!ended || p.exitValue() != 0 || !Files.isRegularFile(partial)) {
        Files.writeString(failedMarker(), "see " + log + "\n");
        return "qharness: could not archive the injector JVM's classes (see "
            + log
            + "); runs start without the archive";
      }
      Files.move(partial, archive(), StandardCopyOption.ATOMIC_MOVE);
      pruneOthers();
      linkForLauncher();
      return String.format(
          "qharness: archived the injector JVM's classes in %s (%.0f s, once per build): later"
              + " runs start faster",
          archive(), (System.nanoTime() - started) / 1e9);
    } catch (IOException e) {
      throw new UncheckedIOException("could not write the class archive in " + dir, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "qharness: class archive interrupted; runs start without it";
    } finally {
      deleteQuietly(list);
      deleteQuietly(usable);
      deleteQuietly(partial);
    }
  }

  /**
   * The launcher's JVM runs on the same class path: the {@code qharness} script gives it the
   * archive by this fixed name, which it cannot compute the key of.
   */
  private void linkForLauncher() throws IOException {
    Path link = dir.resolve(LAUNCHER + ".jsa");
    Path tmpLink = dir.resolve(LAUNCHER + ".jsa.part");
    Files.deleteIfExists(tmpLink);
    Files.createSymbolicLink(tmpLink, archive().getFileName());
    Files.move(tmpLink, link, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    deleteQuietly(dir.resolve(LAUNCHER + ".classlist"));
  }

  /** Archives of other builds or Javas: about 80 MB each, never used again. */
  private void pruneOthers() throws IOException {
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, PREFIX + "*")) {
      for (Path f : files) {
        if (!f.getFileName().toString().startsWith(PREFIX + key)) {
          deleteQuietly(f);
        }
      }
    }
  }

  private static void deleteQuietly(Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (IOException ignored) {
      // a leftover file is harmless: the next dump overwrites it
    }
  }

  /** This Java and these jars as they are now: a rebuilt jar or another JDK makes a new key. */
  private static String key(List<Path> jars) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      md.update(System.getProperty("java.home").getBytes(StandardCharsets.UTF_8));
      md.update(System.getProperty("java.vm.version").getBytes(StandardCharsets.UTF_8));
      for (Path jar : jars) {
        md.update(jar.toAbsolutePath().toString().getBytes(StandardCharsets.UTF_8));
        md.update(
            (Files.size(jar) + ":" + Files.getLastModifiedTime(jar).toMillis())
                .getBytes(StandardCharsets.UTF_8));
      }
      return HexFormat.of().formatHex(md.digest(), 0, 8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
