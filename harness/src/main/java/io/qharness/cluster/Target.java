package io.qharness.cluster;

import io.qharness.config.Catalog;
import io.qharness.config.Settings;
import io.qharness.protocol.grpc.NodeAddress;
import io.qharness.testkit.TestCluster;
import java.util.ArrayList;
import java.util.List;

/**
 * The cluster a run targets: the nodes named by {@code hosts}, unchanged, or, when none are named,
 * the embedded Qdrant-compatible test cluster started in this JVM and announced as a test double.
 */
public final class Target implements AutoCloseable {
  private final List<String> grpcAddresses;
  private final TestCluster testCluster;
  private final String origin;

  private Target(List<String> grpcAddresses, TestCluster testCluster, String origin) {
    this.grpcAddresses = List.copyOf(grpcAddresses);
    this.testCluster = testCluster;
    this.origin = origin;
  }

  /** Resolves the target from settings, starting the embedded test cluster when no hosts are set. */
  public static Target resolve(Settings settings) {
    if (settings.isSet(Catalog.HOSTS)) {
      List<String> hosts = new ArrayList<>();
      for (NodeAddress a : settings.get(Catalog.HOSTS)) {
        hosts.add(a.toString());
      }
      return new Target(hosts, null, settings.value(Catalog.HOSTS).origin());
    }
    TestCluster cluster =
        TestCluster.builder()
            .nodes(settings.get(Catalog.TEST_CLUSTER_NODES))
            .apiKey(settings.get(Catalog.API_KEY))
            .build()
            .start();
    return new Target(cluster.grpcAddresses(), cluster, "embedded");
  }

  public List<String> grpcAddresses() {
    return grpcAddresses;
  }

  /** REST addresses of the target's nodes: the test cluster's, restHosts, or each gRPC port minus 1. */
  public List<String> restAddresses(Settings settings) {
    if (testCluster != null) {
      return testCluster.restAddresses();
    }
    return restAddresses(settings, grpcAddresses);
  }

  /** REST addresses from settings: restHosts when set, else each gRPC address with its port minus 1. */
  public static List<String> restAddresses(Settings settings, List<String> grpc) {
    List<String> out = new ArrayList<>();
    if (settings.isSet(Catalog.REST_HOSTS)) {
      settings.get(Catalog.REST_HOSTS).forEach(a -> out.add(a.toString()));
      return out;
    }
    for (String g : grpc) {
      NodeAddress a = NodeAddress.parse(g);
      out.add(new NodeAddress(a.host(), a.port() - 1).toString());
    }
    return out;
  }

  /**
   * Whether a run record's target kind ({@code embedded-test-double}, {@code external-test-double}
   * or {@code qdrant}) is qharness's test double, embedded or given as hosts.
   */
  public static boolean isTestDouble(String kind) {
    return kind != null && kind.endsWith("test-double");
  }

  /** True when the target is the embedded test double. */
  public boolean embedded() {
    return testCluster != null;
  }

  public TestCluster testCluster() {
    return testCluster;
  }

  /** What a run prints first: which cluster it loads, and for the test double, what that means. */
  public String banner() {
    String line = "=".repeat(96);
    StringBuilder b = new StringBuilder(line).append(System.lineSeparator());
    if (embedded()) {
      b.append(" qharness target: EMBEDDED TEST CLUSTER, ").append(grpcAddresses.size())
          .append(" nodes on loopback, gRPC ").append(String.join(", ", grpcAddresses)).append(System.lineSeparator())
          .append(" This is qharness's in-process Qdrant-compatible TEST DOUBLE (exact full-scan search in Java).")
          .append(System.lineSeparator())
          .append(" Its latencies and throughput are NOT Qdrant's performance: use it to try qharness, not to measure.")
          .append(System.lineSeparator())
          .append(" To load real Qdrant: docker compose -f compose/docker-compose.yml up -d, then")
          .append(System.lineSeparator())
          .append("   mvn gatling:test -Dqharness.hosts=127.0.0.1:6334,127.0.0.1:6344,127.0.0.1:6354")
          .append(System.lineSeparator());
    } else {
      b.append(" qharness target: Qdrant cluster at ").append(String.join(", ", grpcAddresses))
          .append(" (from ").append(origin).append(")").append(System.lineSeparator());
    }
    return b.append(line).toString();
  }

  @Override
  public void close() {
    if (testCluster != null) {
      testCluster.close();
    }
  }
}
