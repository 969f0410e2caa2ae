package io.qharness.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClassArchiveTest {
  @TempDir Path tmp;

  @Test
  void aFirstRunRecordsItsClassesAndLaterRunsMapThemFromTheArchive() throws Exception {
    Path jar = probeJar();
    Path dir = tmp.resolve("archive");
    ClassArchive archive = ClassArchive.of(dir.toString(), jar.toString()).orElseThrow();

    List<String> first = archive.options(List.of());
    assertEquals(List.of("-XX:DumpLoadedClassList=" + archive.classList()), first);
    assertTrue(java(first, jar).contains("probe ran"));
    assertTrue(archive.recorded());

    String said = archive.archiveRecorded().orElseThrow();
    assertTrue(said.contains("archived the injector JVM's classes"), said);
    assertTrue(Files.isRegularFile(archive.archive()));
    assertFalse(archive.recorded());
    assertFalse(Files.exists(archive.classList()), "the list goes once archived");

    List<String> later = archive.options(List.of());
    assertEquals(List.of("-XX:SharedArchiveFile=" + archive.archive()), later);
    List<String> strict = new ArrayList<>(later);
    strict.add("-Xshare:on"); // fails the JVM if the archive cannot be mapped
    strict.add("-Xlog:class+load=info");
    String out = java(strict, jar);
    assertTrue(out.contains("probe ran"), out);
    assertTrue(
        out.contains(ArchiveProbe.class.getName() + " source: shared objects file"),
        "the probe's class came from the jar, not the archive:\n" + out);
  }

  @Test
  void theLaunchersClassesJoinTheArchiveItFindsByAFixedName() throws Exception {
    Path jar = probeJar();
    Path dir = tmp.resolve("archive");
    ClassArchive archive = ClassArchive.of(dir.toString(), jar.toString()).orElseThrow();
    java(archive.options(List.of()), jar);
    // what the qharness script's -XX:DumpLoadedClassList wrote for the launcher's JVM
    Path launcherList = dir.resolve(ClassArchive.LAUNCHER + ".classlist");
    Files.writeString(launcherList, "java/util/zip/Adler32\n");
    archive.archiveRecorded().orElseThrow();

    Path link = dir.resolve(ClassArchive.LAUNCHER + ".jsa");
    assertEquals(archive.archive().toRealPath(), link.toRealPath());
    assertFalse(Files.exists(launcherList));
    String dictionary =
        java(
            List.of(
                "-XX:SharedArchiveFile=" + link,
                "-XX:+PrintSharedArchiveAndExit",
                "-XX:+PrintSharedDictionary"),
            jar);
    assertTrue(dictionary.contains("java.util.zip.Adler32"), dictionary);
    assertTrue(dictionary.contains(ArchiveProbe.class.getName()), dictionary);
  }

  @Test
  void aRebuiltJarGetsAnArchiveOfItsOwnAndTheOldOneGoes() throws Exception {
    Path jar = probeJar();
    Path dir = tmp.resolve("archive");
    ClassArchive old = ClassArchive.of(dir.toString(), jar.toString()).orElseThrow();
    java(old.options(List.of()), jar);
    old.archiveRecorded().orElseThrow();

    Files.setLastModifiedTime(jar, FileTime.fromMillis(System.currentTimeMillis() + 60_000));
    ClassArchive rebuilt = ClassArchive.of(dir.toString(), jar.toString()).orElseThrow();
    assertNotEquals(old.archive(), rebuilt.archive());
    java(rebuilt.options(List.of()), jar);
    rebuilt.archiveRecorded().orElseThrow();
    assertTrue(Files.isRegularFile(rebuilt.archive()));
    assertFalse(Files.exists(old.archive()), "about 80 MB no JVM would map again");
  }

  @Test
  void aFailedRunsClassListIsDiscardedSoTheNextRunRecordsAgain() throws Exception {
    Path jar = probeJar();
    ClassArchive archive =
        ClassArchive.of(tmp.resolve("a").toString(), jar.toString()).orElseThrow();
    java(archive.options(List.of()), jar);
    archive.discardRecorded();
    assertFalse(archive.recorded());
    assertTrue(archive.archiveRecorded().isEmpty());
    assertTrue(archive.options(List.of()).get(0).startsWith("-XX:DumpLoadedClassList="));
  }

  @Test
  void aLockLeftByAStoppedLauncherExpires() throws Exception {
    Path jar = probeJar();
    Path dir = tmp.resolve("archive");
    ClassArchive archive = ClassArchive.of(dir.toString(), jar.toString()).orElseThrow();
    java(archive.options(List.of()), jar);
    Path lock = dir.resolve(archive.archive().getFileName().toString().replace(".jsa", ".lock"));
    Files.createFile(lock);
    assertTrue(archive.archiveRecorded().isEmpty(), "another launcher is dumping it");
    Files.setLastModifiedTime(lock, FileTime.fromMillis(System.currentTimeMillis() - 3_600_000));
    assertTrue(archive.archiveRecorded().orElseThrow().contains("archived"));
  }

  @Test
  void offForClassDirectoriesAndWithoutADirectory() throws Exception {
    Path jar = probeJar();
    Path classes = Files.createDirectories(tmp.resolve("classes"));
    Files.writeString(classes.resolve("A.class"), "x");
    assertTrue(ClassArchive.of(tmp.toString(), jar + ":" + classes).isEmpty());
    assertTrue(ClassArchive.of(null, jar.toString()).isEmpty());
    assertTrue(ClassArchive.of(tmp.toString(), jar + ":" + tmp.resolve("missing.jar")).isEmpty());
  }

  @Test
  void theUsersOwnSharingOptionsWin() throws Exception {
    ClassArchive archive =
        ClassArchive.of(tmp.resolve("a").toString(), probeJar().toString()).orElseThrow();
    for (String own :
        List.of(
            "-Xshare:off",
            "-XX:SharedArchiveFile=/x.jsa",
            "-XX:ArchiveClassesAtExit=/x.jsa",
            "-XX:-UseSharedSpaces")) {
      assertEquals(List.of(), archive.options(List.of("-Xmx1g", own)), own);
    }
  }

  /** A jar of the probe's classes (its lambda is made at run time). */
  private Path probeJar() throws IOException {
    Path jar = tmp.resolve("probe.jar");
    if (Files.exists(jar)) {
      return jar;
    }
    String entry = ArchiveProbe.class.getName().replace('.', '/') + ".class";
    try (OutputStream file = Files.newOutputStream(jar);
        JarOutputStream out = new JarOutputStream(file);
        InputStream in = ArchiveProbe.class.getClassLoader().getResourceAsStream(entry)) {
      out.putNextEntry(new JarEntry(entry));
      in.transferTo(out);
      out.closeEntry();
    }
    return jar;
  }

  private static String java(List<String> options, Path jar)
      throws IOException, InterruptedException {
    return ChildJava.run(options, jar.toString(), ArchiveProbe.class);
  }
}
