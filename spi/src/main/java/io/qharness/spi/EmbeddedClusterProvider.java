package io.qharness.spi;

import java.nio.file.Path;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * Starts an {@link EmbeddedCluster}. Implementations register through {@link ServiceLoader} ({@code
 * META-INF/services/io.qharness.spi.EmbeddedClusterProvider}); the harness never names one, so it
 * runs unchanged without any on the class path (hosts must then be given).
 */
public interface EmbeddedClusterProvider {
  /**
   * How to start one.
   *
   * @param nodes 1..16 nodes
   * @param basePort REST port of node1 (node i serves REST on base+10i and gRPC on base+10i+1); 0
   *     picks free ports
   * @param apiKey the API key the nodes require, or null
   * @param tlsCertificate PEM certificate chain to serve REST and gRPC over TLS, or null
   * @param tlsKey the PEM private key of {@code tlsCertificate}, or null
   * @param spares nodes beyond {@code nodes} that are not peers until started: each then joins the
   *     cluster holding no shard, as a new Qdrant node started with --bootstrap
   */
  record Options(
      int nodes, int basePort, String apiKey, Path tlsCertificate, Path tlsKey, int spares) {
    public Options(int nodes, int basePort, String apiKey, Path tlsCertificate, Path tlsKey) {
      this(nodes, basePort, apiKey, tlsCertificate, tlsKey, 0);
    }

    public Options {
      if (nodes < 1 || spares < 0 || nodes + spares > 16) {
        throw new IllegalArgumentException(
            "an embedded cluster has 1..16 nodes with its spares, got " + nodes + " + " + spares);
      }
      if ((tlsCertificate == null) != (tlsKey == null)) {
        throw new IllegalArgumentException(
            "a TLS certificate and its key go together; give both or neither");
      }
    }
  }

  /**
   * What the cluster is, for every banner and record: e.g. a test double, and which Qdrant version
   * it emulates.
   */
  String description();

  /** The Qdrant version it emulates, e.g. 1.19.0. */
  String emulatedVersion();

  /** Starts the nodes and returns once they serve. */
  EmbeddedCluster start(Options options);

  /** The provider on the class path, if any. */
  static Optional<EmbeddedClusterProvider> find() {
    return ServiceLoader.load(EmbeddedClusterProvider.class).findFirst();
  }
}
