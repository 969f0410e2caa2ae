package io.qharness.testcluster;

/**
 * A shard transfer running in the test double: the new replica is Partial (it takes writes, serves
 * no reads) until the transfer ends, then gets the source's points and becomes Active; a move then
 * drops the source replica.
 */
final class ShardTransfer {
  final int shard;
  final int from;
  final int to;
  final String method;
  final boolean copy;
  final Replica target;
  final long startNanos;
  volatile boolean aborted;

  ShardTransfer(int shard, int from, int to, String method, boolean copy, Replica target) {
    this.shard = shard;
    this.from = from;
    this.to = to;
    this.method = method;
    this.copy = copy;
    this.target = target;
    this.startNanos = System.nanoTime();
  }
}
