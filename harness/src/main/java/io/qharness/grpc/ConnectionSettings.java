package io.qharness.grpc;

import java.io.File;
import java.time.Duration;

/**
 * How to reach the cluster's nodes: channels per node, per-call deadline, API key, TLS. The API key
 * is kept out of {@link #toString()} so that it never reaches a log or a run record.
 */
public record ConnectionSettings(
    int channelsPerNode,
    Duration deadline,
    String apiKey,
    boolean tls,
    File caFile,
    int ioThreads) {

  /** Network threads by default: one per two cores, at least one, at most four. */
  public static final int DEFAULT_IO_THREADS =
      Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors() / 2));

  public ConnectionSettings(
      int channelsPerNode, Duration deadline, String apiKey, boolean tls, File caFile) {
    this(channelsPerNode, deadline, apiKey, tls, caFile, DEFAULT_IO_THREADS);
  }

  public ConnectionSettings {
    if (ioThreads < 1 || ioThreads > 64) {
      throw new IllegalArgumentException("ioThreads must be within 1..64, got " + ioThreads);
    }
    if (channelsPerNode < 1 || channelsPerNode > 64) {
      throw new IllegalArgumentException(
          "channelsPerNode must be within 1..64, got " + channelsPerNode);
    }
    if (deadline == null || deadline.isZero() || deadline.isNegative()) {
      throw new IllegalArgumentException("deadline must be positive, got " + deadline);
    }
    if (caFile != null && !tls) {
      throw new IllegalArgumentException(
          "a CA file (" + caFile + ") was given but TLS is off; enable TLS or drop the CA file");
    }
    if (caFile != null && !caFile.canRead()) {
      throw new IllegalArgumentException(
          "CA file "
              + caFile
              + " cannot be read; give a readable PEM file with the cluster's CA certificate");
    }
    if (apiKey != null && apiKey.isEmpty()) {
      apiKey = null;
    }
  }

  public static ConnectionSettings defaults() {
    return new ConnectionSettings(1, Duration.ofSeconds(10), null, false, null);
  }

  @Override
  public String toString() {
    return "ConnectionSettings[channelsPerNode="
        + channelsPerNode
        + ", deadline="
        + deadline
        + ", apiKey="
        + (apiKey == null ? "none" : "***")
        + ", tls="
        + tls
        + ", caFile="
        + caFile
        + ", ioThreads="
        + ioThreads
        + "]";
  }
}
