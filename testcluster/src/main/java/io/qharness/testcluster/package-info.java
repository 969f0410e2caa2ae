/**
 * The embedded Qdrant-compatible TEST DOUBLE: three nodes on loopback speaking Qdrant's gRPC and
 * REST subset, with shard placement, replication, shard transfers, {@code /metrics}, {@code
 * /telemetry} and fault knobs; exact full-scan search. Its latencies are not Qdrant's. Kept
 * faithful by golden samples captured from a real Qdrant 1.19 server.
 */
package io.qharness.testcluster;
