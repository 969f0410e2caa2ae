package io.qharness.cluster.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.qharness.grpc.NodeAddress;
import java.io.File;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The command fault injector: placeholders filled per node, {pid} found by port, commands run and
 * checked.
 */
class CommandFaultsIT {
  private static final List<NodeAddress> GRPC =
      List.of(new NodeAddress("127.0.0.1", 6334), new NodeAddress("127.0.0.1", 6344));
  private static final List<NodeAddress> REST =
      List.of(new NodeAddress("127.0.0.1", 6333), new NodeAddress("127.0.0.1", 6343));

  private static FaultEvent event(FaultEvent.Action a, int node) {
    return new FaultEvent(Duration.ofSeconds(1), a, node, null);
  }

  @Test
  void placeholdersNameTheNodeEveryWayTheCommonToolsWantIt() {
    CommandFaults c =
        new CommandFaults(
            Map.of(
                FaultEvent.Action.STOP,
                "echo systemctl stop qdrant@{n} {node} qdrant-{index} {host}:{port}/{restPort}"),
            GRPC,
            REST,
            Duration.ofSeconds(5));
    assertThat(c.command(event(FaultEvent.Action.STOP, 2)))
        .isEqualTo("echo systemctl stop qdrant@2 node2 qdrant-1 127.0.0.1:6344/6343");
    assertThat(c.supports(FaultEvent.Action.STOP)).isTrue();
    assertThat(c.supports(FaultEvent.Action.START)).isFalse();
  }

  @Test
  void pidIsTheProcessListeningOnTheNodesGrpcPort() throws Exception {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      List<NodeAddress> here = List.of(new NodeAddress("127.0.0.1", s.getLocalPort()));
      CommandFaults c =
          new CommandFaults(
              Map.of(FaultEvent.Action.PAUSE, "echo {pid}"), here, here, Duration.ofSeconds(5));
      assertThat(c.command(event(FaultEvent.Action.PAUSE, 1)))
          .isEqualTo("echo " + ProcessHandle.current().pid());
    }
  }

  @Test
  void aFailingCommandFailsItsFaultWithItsOutput() throws Exception {
    CommandFaults c =
        new CommandFaults(
            Map.of(
                FaultEvent.Action.KILL,
                "echo cannot reach {node} >&2; exit 3",
                FaultEvent.Action.START,
                "true"),
            GRPC,
            REST,
            Duration.ofSeconds(5));
    assertThatThrownBy(() -> c.apply(event(FaultEvent.Action.KILL, 1)))
        .hasMessageContaining("failed with exit code 3")
        .hasMessageContaining("cannot reach node1");
    c.apply(event(FaultEvent.Action.START, 1));
    CommandFaults slow =
        new CommandFaults(
            Map.of(FaultEvent.Action.KILL, "sleep 5"), GRPC, REST, Duration.ofMillis(200));
    assertThatThrownBy(() -> slow.apply(event(FaultEvent.Action.KILL, 1)))
        .hasMessageContaining("did not finish within");
  }

  /**
   * A stand-in for a stopping Qdrant: listens on a port, and on SIGTERM exits after {@code
   * delaySeconds} (negative: never).
   */
  private static Process slowToStop(int port, double delaySeconds) throws Exception {
    String script =
        "import signal, socket, sys, time\n"
            + "s = socket.socket()\n"
            + "s.bind(('127.0.0.1', "
            + port
            + "))\n"
            + "s.listen()\n"
            + "def term(*a):\n"
            + ("    time.sleep(" + delaySeconds + "); sys.exit(0)\n")
            + (delaySeconds < 0 ? "signal.signal(signal.SIGTERM, signal.SIG_IGN)\n" : "")
            + (delaySeconds < 0 ? "" : "signal.signal(signal.SIGTERM, term)\n")
            + "print('listening', flush=True)\n"
            + "while True: time.sleep(1)\n";
    Process p = new ProcessBuilder("python3", "-c", script).redirectErrorStream(true).start();
    assertThat(new String(p.getInputStream().readNBytes(10), StandardCharsets.UTF_8))
        .isEqualTo("listening\n");
    return p;
  }

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /**
   * kill -TERM {pid} to stop the process listening on {@code port}, and a start that does nothing.
   */
  private static CommandFaults stopThenStart(int port, Duration timeout) {
    List<NodeAddress> here = List.of(new NodeAddress("127.0.0.1", port));
    return new CommandFaults(
        Map.of(FaultEvent.Action.STOP, "kill -TERM {pid}", FaultEvent.Action.START, "true"),
        here,
        here,
        timeout);
  }

  @Test
  void aStartWaitsUntilTheProcessItsStopSignalledHasExited() throws Exception {
    assumeTrue(new File("/usr/bin/python3").canExecute(), "needs python3 for a stand-in node");
    int port = freePort();
    Process node = slowToStop(port, 1.5);
    try {
      CommandFaults c = stopThenStart(port, Duration.ofSeconds(30));
      c.apply(event(FaultEvent.Action.STOP, 1));
      assertThat(node.isAlive()).as("the stop only signals").isTrue();
      c.awaitApplicable(event(FaultEvent.Action.START, 1));
      assertThat(node.isAlive())
          .as(
              "the start ran once the stopped process had exited (a Qdrant started before"
                  + " panics on the WAL lock it holds)")
          .isFalse();
    } finally {
      node.destroyForcibly();
    }
  }

  @Test
  void aStoppedProcessThatOutlivesTheTimeoutFailsTheStartAndSaysWhy() throws Exception {
    assumeTrue(new File("/usr/bin/python3").canExecute(), "needs python3 for a stand-in node");
    int port = freePort();
    Process node = slowToStop(port, -1);
    try {
      CommandFaults c = stopThenStart(port, Duration.ofSeconds(1));
      c.apply(event(FaultEvent.Action.STOP, 1));
      assertThatThrownBy(() -> c.awaitApplicable(event(FaultEvent.Action.START, 1)))
          .hasMessageContaining(
              "node1's process " + node.pid() + ", stopped by this run, still runs")
          .hasMessageContaining("faultCommandTimeout");
    } finally {
      node.destroyForcibly();
    }
  }

  @Test
  void latencyFaultsAreNotSomethingACommandCanDo() {
    assertThatThrownBy(
            () ->
                new CommandFaults(
                    Map.of(FaultEvent.Action.LATENCY, "tc qdisc add"),
                    GRPC,
                    REST,
                    Duration.ofSeconds(1)))
        .hasMessageContaining("no latency command");
  }
}
