/**
 * Scale events on a live cluster: Qdrant's cluster API ({@code ClusterAdmin}), a node joining
 * through the bootstrap peer ({@code PeerJoin}), shard placement read from every node ({@code
 * Placement}), the moves a rebalance or drain makes ({@code RebalancePlan}) and their timing
 * ({@code ShardTransfers}).
 */
package io.qharness.cluster.scale;
