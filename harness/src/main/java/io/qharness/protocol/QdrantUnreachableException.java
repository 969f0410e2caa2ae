package io.qharness.protocol;

import io.qharness.grpc.NodeAddress;
import java.util.List;

/** No node of the target cluster answered before the load started. */
public final class QdrantUnreachableException extends RuntimeException {
  public QdrantUnreachableException(List<NodeAddress> hosts, List<String> failures) {
    super(message(hosts, failures));
  }

  private static String message(List<NodeAddress> hosts, List<String> failures) {
    StringBuilder b = new StringBuilder();
    b.append("none of the Qdrant nodes ")
        .append(hosts)
        .append(" answered, so no load was started:");
    for (String f : failures) {
      b.append(System.lineSeparator()).append("  - ").append(f);
    }
    if (failures.stream().noneMatch(f -> f.contains("unreachable"))) {
      return b.toString()
          .replace(
              "answered, so", "could be used, so"); // TLS or authentication: the nodes are there
    }
    b.append(System.lineSeparator())
        .append(
            "Start a cluster first: `docker compose -f compose/docker-compose.yml up -d` (three"
                + " real Qdrant nodes),")
        .append(System.lineSeparator())
        .append(
            "or `./qharness testcluster` (the embedded Qdrant-compatible test double), then pass"
                + " its gRPC")
        .append(System.lineSeparator())
        .append(
            "addresses with -Dqharness.hosts=host:port,... ; or leave qharness.hosts unset to use"
                + " the embedded test cluster.");
    return b.toString();
  }
}
