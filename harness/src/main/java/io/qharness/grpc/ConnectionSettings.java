package io.qharness.grpc;

import java.io.File;
import java.time.Duration;

/**
 * How to reach the cluster's nodes: channels per node, per-call deadline, API key, TLS, network
 * threads and whether responses may come gzipped. The API key is kept out of {@link #toString()} so
 * that it never reaches a log or a run record.
 *
 * @param gzipResponses whether the client tells the server it accepts gzip (grpc-java's default,
 *     which io.qdrant:client keeps). Qdrant then gzips every gRPC response: CPU on the node to
 *     compress and on the client to inflate, for responses of a few hundred bytes.
 */
public record ConnectionSettings(
    int channelsPerNode,
    Duration deadline,
    String apiKey,
    boolean tls,
    File caFile,
    int ioThreads,
    boolean gzipResponses) {

  /** Network threads by default: one per two cores, at least one, at most four. */
  public static final int DEFAULT_IO_THREADS =
      Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors() / 2));

  /**
   * Gzipped responses accepted by default, as by grpc-java and so Qdrant's Java client: the cluster
   * then does the work it does for that client.
   */
  public static final boolean DEFAULT_GZIP_RESPONSES = true;

  public ConnectionSettings(
      int channelsPerNode, Duration deadline, String apiKey, boolean tls, File caFile) {
    this(
        channelsPerNode, deadline, apiKey, tls, caFile, DEFAULT_IO_THREADS, DEFAULT_GZIP_RESPONSES);
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
        + ", gzipResponses="
        + gzipResponses
        + "]";
  }
}
