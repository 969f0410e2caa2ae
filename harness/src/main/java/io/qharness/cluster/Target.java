package io.qharness.cluster;

import io.qharness.config.Catalog;
import io.qharness.config.ConfigException;
import io.qharness.config.Settings;
import io.qharness.grpc.ConnectionSettings;
import io.qharness.grpc.NodeAddress;
import io.qharness.spi.EmbeddedCluster;
import io.qharness.spi.EmbeddedClusterProvider;
import java.io.File;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The cluster a run targets: the nodes named by {@code hosts}, unchanged, or, when none are named,
 * the embedded cluster (qharness's Qdrant-compatible test double, found through the SPI) started in
 * this JVM and announced as what it is.
 */
public final class Target implements AutoCloseable {
  private final List<String> grpcAddresses;
  private final List<String> scaleGrpc;
  private final EmbeddedCluster embedded;
  private final String description;
  private final String origin;

  private Target(
      List<String> grpcAddresses,
      List<String> scaleGrpc,
      EmbeddedCluster embedded,
      String description,
      String origin) {
    this.grpcAddresses = List.copyOf(grpcAddresses);
    this.scaleGrpc = List.copyOf(scaleGrpc);
    this.embedded = embedded;
    this.description = description;
    this.origin = origin;
  }

  /** Resolves the target from settings, starting the embedded cluster when no hosts are set. */
  public static Target resolve(Settings settings) {
    return resolve(settings, 0);
  }

  /**
   * As {@link #resolve(Settings)}; an embedded cluster gets {@code spares} more nodes that join
   * when started (the scale hosts of a scale event).
   */
  public static Target resolve(Settings settings, int spares) {
    if (settings.isSet(Catalog.HOSTS)) {
      List<String> scale = new ArrayList<>();
      if (settings.isSet(Catalog.SCALE_HOSTS)) {
        settings.get(Catalog.SCALE_HOSTS).forEach(a -> scale.add(a.toString()));
      }
      return new Target(
          strings(settings.get(Catalog.HOSTS)),
          scale,
          null,
          null,
          settings.value(Catalog.HOSTS).origin());
    }
    EmbeddedClusterProvider provider = embeddedProvider();
    EmbeddedCluster cluster =
        provider.start(
            new EmbeddedClusterProvider.Options(
                settings.get(Catalog.TEST_CLUSTER_NODES),
                0,
                settings.get(Catalog.API_KEY),
                null,
                null,
                spares));
    Duration delay = settings.get(Catalog.TEST_CLUSTER_OPTIMISATION_DELAY);
    if (!delay.isZero()) {
      cluster.optimisationDelay(delay);
    }
    List<String> all = cluster.grpcAddresses();
    return new Target(
        all.subList(0, cluster.members()),
        all.subList(cluster.members(), all.size()),
        cluster,
        provider.description(),
        "embedded");
  }

  private static List<String> strings(List<NodeAddress> addresses) {
    List<String> out = new ArrayList<>();
    addresses.forEach(a -> out.add(a.toString()));
    return out;
  }

  /**
   * gRPC addresses of the nodes that may join in a scale event (scaleHosts, or the embedded
   * cluster's spares): node numbers after the hosts'.
   */
  public List<String> scaleGrpcAddresses() {
    return scaleGrpc;
  }

  /** REST addresses of the scale hosts: the embedded spares', or as {@link #restAddresses}. */
  public List<String> scaleRestAddresses(Settings settings) {
    if (embedded != null) {
      List<String> all = embedded.restAddresses();
      return all.subList(embedded.members(), all.size());
    }
    if (settings.isSet(Catalog.REST_HOSTS)) {
      List<String> rest = strings(settings.get(Catalog.REST_HOSTS));
      if (rest.size() == grpcAddresses.size() + scaleGrpc.size()) {
        return rest.subList(grpcAddresses.size(), rest.size());
      }
    }
    List<String> out = new ArrayList<>();
    for (String g : scaleGrpc) {
      NodeAddress a = NodeAddress.parse(g);
      out.add(new NodeAddress(a.host(), a.port() - 1).toString());
    }
    return out;
  }

  /** The embedded cluster on the class path; without one, runs need hosts. */
  public static EmbeddedClusterProvider embeddedProvider() {
    return EmbeddedClusterProvider.find()
        .orElseThrow(
            () ->
                new ConfigException(
                    "no hosts given and no embedded test cluster on the class path: give hosts (the"
                        + " gRPC addresses of your Qdrant nodes), or put qharness-testcluster on"
                        + " the class path (./qharness and the simulations module do)"));
  }

  public List<String> grpcAddresses() {
    return grpcAddresses;
  }

  /**
   * REST addresses of the target's nodes: the embedded cluster's, restHosts, or each gRPC port
   * minus 1.
   */
  public List<String> restAddresses(Settings settings) {
    if (embedded != null) {
      return embedded.restAddresses().subList(0, embedded.members());
    }
    return restAddresses(settings, grpcAddresses);
  }

  /**
   * REST addresses from settings: restHosts when set, else each gRPC address with its port minus 1.
   */
  public static List<String> restAddresses(Settings settings, List<String> grpc) {
    List<String> out = new ArrayList<>();
    if (settings.isSet(Catalog.REST_HOSTS)) {
      settings.get(Catalog.REST_HOSTS).forEach(a -> out.add(a.toString()));
      return out.subList(0, Math.min(out.size(), grpc.size())); // scale hosts may follow
    }
    for (String g : grpc) {
      NodeAddress a = NodeAddress.parse(g);
      out.add(new NodeAddress(a.host(), a.port() - 1).toString());
    }
    return out;
  }

  /**
   * One channel per node with the settings' deadline, API key and TLS: for calls outside the load
   * (probes, checks), which need none of the protocol's channels.
   */
  public static ConnectionSettings adminConnection(Settings settings) {
    return new ConnectionSettings(
        1,
        settings.get(Catalog.DEADLINE),
        settings.get(Catalog.API_KEY),
        settings.get(Catalog.TLS),
        settings.isSet(Catalog.CA_FILE) ? new File(settings.get(Catalog.CA_FILE)) : null);
  }

  /** True when the target is the embedded test double. */
  public boolean embedded() {
    return embedded != null;
  }

  /** The embedded cluster, or null when hosts were given. */
  public EmbeddedCluster embeddedCluster() {
    return embedded;
  }

  /** What a run prints first: which cluster it loads, and for the test double, what that means. */
  public String banner() {
    String line = "=".repeat(96);
    StringBuilder b = new StringBuilder(line).append(System.lineSeparator());
    if (embedded()) {
      b.append(" qharness target: EMBEDDED TEST CLUSTER, ")
          .append(grpcAddresses.size())
          .append(" nodes on loopback, gRPC ")
          .append(String.join(", ", grpcAddresses))
          .append(System.lineSeparator())
          .append(" This is ")
          .append(description)
          .append('.')
          .append(System.lineSeparator())
          .append(
              " Its latencies and throughput are NOT Qdrant's performance: use it to try qharness,"
                  + " not to measure.")
          .append(System.lineSeparator())
          .append(" To load real Qdrant: docker compose -f compose/docker-compose.yml up -d, then")
          .append(System.lineSeparator())
          .append(
              "   mvn gatling:test -Dqharness.hosts=127.0.0.1:6334,127.0.0.1:6344,127.0.0.1:6354")
          .append(System.lineSeparator());
    } else {
      b.append(" qharness target: Qdrant cluster at ")
          .append(String.join(", ", grpcAddresses))
          .append(" (from ")
          .append(origin)
          .append(")")
          .append(System.lineSeparator());
    }
    return b.append(line).toString();
  }

  @Override
  public void close() {
    if (embedded != null) {
      embedded.close();
    }
  }
}
