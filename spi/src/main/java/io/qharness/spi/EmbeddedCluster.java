package io.qharness.spi;

import java.time.Duration;
import java.util.List;

/**
 * A Qdrant-compatible cluster running inside the harness's JVM, on loopback ports: what a run
 * targets when no hosts are given. Obtained from an {@link EmbeddedClusterProvider}; closing it
 * stops every node.
 */
public interface EmbeddedCluster extends AutoCloseable {
  /** What can be done to one node, as the fault schedule names it. */
  enum Fault {
    STOP,
    KILL,
    START,
    PAUSE,
    RESUME,
    /** Delay every call the node serves by a latency (a slow network or disk). */
    LATENCY,
    /** Remove an injected latency. */
    CLEAR
  }

  /** One node: its name, Raft peer id and addresses. */
  record Node(String name, long peerId, String grpcAddress, String restAddress) {}

  /** The nodes, node1 first; spares (not peers until started) last. */
  List<Node> nodes();

  /** How many of {@link #nodes()} were peers from the start; the rest are spares. */
  default int members() {
    return nodes().size();
  }

  /** gRPC addresses ({@code host:port}), node1 first. */
  default List<String> grpcAddresses() {
    return nodes().stream().map(Node::grpcAddress).toList();
  }

  /** REST addresses ({@code host:port}), node1 first. */
  default List<String> restAddresses() {
    return nodes().stream().map(Node::restAddress).toList();
  }

  /**
   * Applies a fault to node {@code node} (1-based); {@code latency} is used by {@link
   * Fault#LATENCY} only.
   */
  void fault(int node, Fault fault, Duration latency);

  /** Report collections as optimising for this long after each write (to test waits). */
  void optimisationDelay(Duration delay);

  /** Stops every node. */
  @Override
  void close();
}
