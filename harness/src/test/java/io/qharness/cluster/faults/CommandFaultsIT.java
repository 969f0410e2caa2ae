package io.qharness.cluster.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.qharness.grpc.NodeAddress;
import java.net.InetAddress;
import java.net.ServerSocket;
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
