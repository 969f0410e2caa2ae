package io.qharness.testcluster;

import io.qharness.spi.EmbeddedCluster;
import io.qharness.spi.EmbeddedClusterProvider;
import java.time.Duration;
import java.util.List;

/**
 * The test double as the harness's embedded target, found through {@link java.util.ServiceLoader}
 * ({@code META-INF/services}): the harness starts it when a run names no hosts, without ever
 * importing it.
 */
public final class TestClusterProvider implements EmbeddedClusterProvider {
  @Override
  public String description() {
    return "qharness's in-process Qdrant-compatible TEST DOUBLE (exact full-scan search in Java,"
        + " emulating Qdrant "
        + TestCluster.EMULATED_QDRANT_VERSION
        + ")";
  }

  @Override
  public String emulatedVersion() {
    return TestCluster.EMULATED_QDRANT_VERSION;
  }

  @Override
  public EmbeddedCluster start(Options o) {
    TestCluster.Builder b =
        TestCluster.builder()
            .nodes(o.nodes())
            .spareNodes(o.spares())
            .basePort(o.basePort())
            .apiKey(o.apiKey());
    if (o.tlsCertificate() != null) {
      b.tls(o.tlsCertificate().toFile(), o.tlsKey().toFile());
    }
    return new Started(b.build().start());
  }

  /** A running test cluster seen through the SPI. */
  private record Started(TestCluster cluster) implements EmbeddedCluster {
    @Override
    public List<Node> nodes() {
      return cluster.nodes().stream()
          .map(n -> new Node(n.name(), n.peerId(), n.grpcAddress(), n.restAddress()))
          .toList();
    }

    @Override
    public int members() {
      return cluster.members();
    }

    @Override
    public void fault(int node, Fault fault, Duration latency) {
      TestNode n = cluster.node(node - 1);
      switch (fault) {
        case STOP -> n.stop();
        case KILL -> n.kill();
        case START -> n.start();
        case PAUSE -> n.pause();
        case RESUME -> n.resume();
        case LATENCY -> n.faults().latency(latency);
        case CLEAR -> n.faults().clear();
      }
    }

    @Override
    public void optimisationDelay(Duration delay) {
      cluster.optimisationDelay(delay);
    }

    @Override
    public void close() {
      cluster.close();
    }
  }
}
