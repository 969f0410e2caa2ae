package io.qharness.protocol;

/** Which node coordinates each request. */
public enum NodeSelection {
  /** The next node for every request, spreading coordination evenly. */
  ROUND_ROBIN,
  /** One node per virtual user (user id modulo node count), as a client pinned to one node. */
  STICKY,
  /**
   * The node with the fewest calls in flight (round robin among equals), as Envoy's and gRPC's
   * least-request balancers: a slow node gets fewer calls.
   */
  LEAST_OUTSTANDING
}
