package io.qharness.cluster.faults;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Faults on the compose cluster through the docker CLI: {@code docker compose -f <file> stop|kill|
 * start|pause|unpause qdrant_node<N>}. Network latency is not something compose can add; such
 * schedules are refused before the run.
 */
public final class DockerComposeFaults implements FaultInjector {
  private final List<String> base;

  /**
   * @param command the compose command, e.g. ["docker", "compose"] or ["docker-compose"]
   */
  public DockerComposeFaults(List<String> command, Path composeFile) {
    if (!Files.isRegularFile(composeFile)) {
      throw new IllegalArgumentException(
          "compose file "
              + composeFile
              + " does not exist; set composeFile to compose/docker-compose.yml");
    }
    this.base = new ArrayList<>(command);
    base.add("-f");
    base.add(composeFile.toString());
  }

  @Override
  public String name() {
    return "docker compose";
  }

  @Override
  public boolean supports(FaultEvent.Action action) {
    return action != FaultEvent.Action.LATENCY && action != FaultEvent.Action.CLEAR;
  }

  /** The command line an event runs. */
  public List<String> command(FaultEvent e) {
    List<String> cmd = new ArrayList<>(base);
    cmd.add(
        switch (e.action()) {
          case STOP -> "stop";
          case KILL -> "kill";
          case START -> "start";
          case PAUSE -> "pause";
          case RESUME -> "unpause";
          default ->
              throw new IllegalArgumentException("docker compose cannot " + e.action().label());
        });
    cmd.add("qdrant_node" + e.node());
    return cmd;
  }

  @Override
  public void apply(FaultEvent e) throws IOException, InterruptedException {
    List<String> cmd = command(e);
    Process p;
    try {
      p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    } catch (IOException ex) {
      throw new IOException(
          "cannot run '"
              + String.join(" ", cmd)
              + "' ("
              + ex.getMessage()
              + "); is the docker CLI installed?",
          ex);
    }
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException("'" + String.join(" ", cmd) + "' did not finish within 60 s");
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    if (p.exitValue() != 0) {
      throw new IOException(
          "'" + String.join(" ", cmd) + "' failed with exit code " + p.exitValue() + ": " + out);
    }
  }
}
