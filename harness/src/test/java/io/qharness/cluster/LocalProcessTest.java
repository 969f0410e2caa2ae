package io.qharness.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** A node's process read from /proc: whether it still runs. */
class LocalProcessTest {
  @Test
  void aZombieHasStoppedRunningThoughJavaCallsItAlive() throws Exception {
    // the child exits at once; its parent becomes a sleep that never reaps it: a zombie, as a
    // node started through a script is when PID 1 does not reap
    Process parent = new ProcessBuilder("sh", "-c", "sleep 0.1 & echo $!; exec sleep 30").start();
    try {
      long child =
          Long.parseLong(
              new BufferedReader(
                      new InputStreamReader(parent.getInputStream(), StandardCharsets.UTF_8))
                  .readLine()
                  .trim());
      long until = System.nanoTime() + 10_000_000_000L;
      while (new LocalProcess(child).running() && System.nanoTime() < until) {
        Thread.sleep(50);
      }
      assertThat(ProcessHandle.of(child).map(ProcessHandle::isAlive))
          .as("Java still counts the zombie")
          .contains(true);
      assertThat(new LocalProcess(child).running()).isFalse();
      assertThat(new LocalProcess(parent.pid()).running()).as("a live process runs").isTrue();
    } finally {
      parent.destroyForcibly();
    }
  }
}
