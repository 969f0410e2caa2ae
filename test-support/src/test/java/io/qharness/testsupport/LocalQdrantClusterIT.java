package io.qharness.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/**
 * The fixture every real-Qdrant test stands on: a formed cluster, and per-node kill, pause, resume
 * and restart.
 */
@RequiresQdrant
class LocalQdrantClusterIT {
  @Test
  void threeNodesFormOneClusterAndEachNodeCanBeKilledPausedAndRestarted() throws Exception {
    LocalQdrantCluster.Node second;
    try (LocalQdrantCluster c = LocalQdrantCluster.builder().name("fixture").nodes(3).start()) {
      assertThat(QdrantBinary.version()).startsWith("qdrant ");
      for (LocalQdrantCluster.Node n : c.nodes()) {
        assertThat(n.alive()).as(n.name()).isTrue();
        assertThat(ProcessHandle.of(n.pid()).orElseThrow().info().command().orElse(""))
            .as("PID is qdrant's own")
            .endsWith("qdrant");
        HttpResponse<String> cluster = c.get(n, "/cluster");
        assertThat(cluster.statusCode()).isEqualTo(200);
        assertThat(cluster.body())
            .contains("127.0.0.1:" + c.node(0).p2pPort(), "127.0.0.1:" + c.node(2).p2pPort());
      }
      second = c.node(1);
      long firstPid = second.pid();

      c.pause(1);
      assertThat(c.get(second, "/readyz")).as("a stopped process does not answer").isNull();
      c.resume(1);
      assertThat(c.get(second, "/readyz").statusCode()).isEqualTo(200);

      c.kill(1);
      assertThat(second.alive()).isFalse();
      assertThat(c.get(second, "/readyz")).isNull();
      c.restart(1);
      assertThat(second.alive()).isTrue();
      assertThat(second.pid()).isNotEqualTo(firstPid);
      // one peer entry for it (send failures while it was down are keyed by the same address,
      // without "uri")
      assertThat(c.get(c.node(0), "/cluster").body())
          .as("rejoined on its storage, no second peer id")
          .containsOnlyOnce("\"uri\":\"http://127.0.0.1:" + second.p2pPort() + "/\"");
    }
    assertThat(second.alive()).as("closed cluster leaves no process").isFalse();
  }
}
