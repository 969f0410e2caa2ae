package io.qharness.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.prefs.Preferences;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InjectorPreferencesTest {
  /** Loaded only when Gatling opens its connection to Maven Central. */
  private static final String URL_CONNECTION = "sun.net.www.protocol.https.HttpsURLConnectionImpl";

  @TempDir Path dir;

  @Test
  void gatlingsReleaseCheckNeitherConnectsNorWritesUnderTheInjectorsPreferences() throws Exception {
    String out = probe(List.of(InjectorPreferences.OPTION));
    assertTrue(out.contains("latest release: None"), out);
    assertFalse(out.contains(URL_CONNECTION), "Gatling opened a connection:\n" + out);
    try (var files = Files.list(dir)) {
      assertEquals(0, files.count(), "nothing written to the user's preferences");
    }
  }

  @Test
  void withoutThemGatlingConnectsOnEveryRun() throws Exception {
    // the control: the JDK's own preferences in an empty folder. The "internet" is a closed
    // loopback
    // port given as the HTTPS proxy, so the attempt fails at once and never leaves the machine.
    String out =
        probe(
            List.of(
                "-Djava.util.prefs.PreferencesFactory=java.util.prefs.FileSystemPreferencesFactory"));
    assertTrue(out.contains(URL_CONNECTION), "the check no longer connects:\n" + out);
  }

  @Test
  void aCheckAlreadyMadeIsWhatGatlingReads() {
    Preferences gatling =
        new InjectorPreferences().userRoot().node(InjectorPreferences.GATLING_NODE);
    assertTrue(gatling.getLong(InjectorPreferences.LAST_CHECK, 0) > System.currentTimeMillis());
    gatling.put("other", "kept in memory");
    assertEquals("kept in memory", gatling.get("other", null));
  }

  @Test
  void aUsersOwnPreferencesFactoryWins() {
    GatlingLauncher own =
        new GatlingLauncher("cp", "Sim", dir)
            .jvmOptions(List.of("-Djava.util.prefs.PreferencesFactory=my.Factory"));
    assertFalse(own.command().contains(InjectorPreferences.OPTION));
    assertTrue(
        new GatlingLauncher("cp", "Sim", dir).command().contains(InjectorPreferences.OPTION));
  }

  private String probe(List<String> options) throws IOException, InterruptedException {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    List<String> all = new ArrayList<>(options);
    all.add("-Djava.util.prefs.userRoot=" + dir);
    all.add("-Dhttps.proxyHost=127.0.0.1");
    all.add("-Dhttps.proxyPort=" + closedPort);
    all.add("-Xlog:class+load=info");
    return ChildJava.run(all, System.getProperty("java.class.path"), ReleaseCheckProbe.class);
  }
}
