package io.qharness.cluster.scale;

import io.qharness.cluster.QdrantRest;
import java.io.IOException;
import java.time.Duration;

/**
 * Waits for a started node to join the cluster: it answers with cluster mode on, the peers already
 * there list it, it is a voting member of consensus, and it is ready ({@code /readyz}). Qdrant 1.19
 * gets there in about a second on loopback.
 */
public final class PeerJoin {
  /** The joined node: its peer id and how long it took from the start of the wait. */
  public record Joined(long peerId, long millis) {}

  private PeerJoin() {}

  /**
   * @param existing the REST address of a node already in the cluster
   * @param joining the REST address of the node that joins
   */
  public static Joined await(
      QdrantRest rest, String existing, String joining, String name, Duration timeout)
      throws InterruptedException {
    ClusterAdmin admin = new ClusterAdmin(rest);
    long start = System.currentTimeMillis();
    String last = "no answer yet";
    while (System.currentTimeMillis() - start < timeout.toMillis()) {
      try {
        ClusterAdmin.ClusterInfo self = admin.info(joining);
        ClusterAdmin.ClusterInfo seen = admin.info(existing);
        if (!seen.peers().containsKey(self.peerId())) {
          last =
              "it answers as peer " + self.peerId() + ", which " + existing + " does not list yet";
        } else if (!self.voter()) {
          last = "it is listed, but not yet a voter in consensus";
        } else {
          rest.getTextAsync(joining, "/readyz").join();
          return new Joined(self.peerId(), System.currentTimeMillis() - start);
        }
      } catch (IOException | RuntimeException e) {
        Throwable c = e.getCause() != null && e instanceof RuntimeException ? e.getCause() : e;
        last = c.getMessage();
      }
      Thread.sleep(200);
    }
    throw new ShardTransfers.ScaleException(
        name
            + " ("
            + joining
            + ") did not join the cluster within "
            + timeout
            + " (scaleJoinTimeout): "
            + last
            + "; check that it was started with --bootstrap pointing at a node of this cluster"
            + " (its p2p port) and that it can reach the others");
  }
}
