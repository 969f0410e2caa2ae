package io.qharness.results;

import java.util.Map;

/**
 * One node as it answered an inspection (or the reason it did not), as {@code cluster status}
 * prints it and run.json records it; {@code testDouble} when it said it is qharness's test double
 * (the {@code test_double} field of its REST root, which Qdrant never sends).
 */
public record NodeState(
    String address,
    String title,
    boolean testDouble,
    String version,
    boolean clusterEnabled,
    long peerId,
    String role,
    long leader,
    long term,
    long commit,
    String consensus,
    Map<String, String> peers,
    Map<String, String> sendFailures,
    String failure) {
  /** A node that answered with cluster mode off. */
  public static NodeState standalone(
      String address, String title, boolean testDouble, String version) {
    return new NodeState(
        address,
        title,
        testDouble,
        version,
        false,
        -1,
        "standalone",
        -1,
        0,
        0,
        null,
        Map.of(),
        Map.of(),
        null);
  }

  /** A node that did not answer, and why. */
  public static NodeState unreachable(String address, String failure) {
    return new NodeState(
        address, null, false, null, false, -1, null, -1, 0, 0, null, Map.of(), Map.of(), failure);
  }

  public boolean reachable() {
    return failure == null;
  }
}
