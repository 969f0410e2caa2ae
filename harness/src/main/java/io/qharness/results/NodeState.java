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
  public boolean reachable() {
    return failure == null;
  }
}
