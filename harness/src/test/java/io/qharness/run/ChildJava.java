package io.qharness.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A probe's JVM for these tests, started as the launcher starts Gatling's. */
final class ChildJava {
  private ChildJava() {}

  /** Its output (errors included), once it has exited with 0. */
  static String run(List<String> options, String classpath, Class<?> main)
      throws IOException, InterruptedException {
    List<String> cmd = GatlingLauncher.javaCommand(options, classpath, Map.of(), main.getName());
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    assertEquals(0, p.exitValue(), out);
    return out;
  }
}
