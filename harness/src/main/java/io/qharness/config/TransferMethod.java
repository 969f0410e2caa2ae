package io.qharness.config;

import java.util.Locale;

/**
 * How Qdrant copies a shard to another peer. Always given explicitly: without one, Qdrant 1.19
 * chose {@code snapshot} in our tests, not the {@code stream_records} its documentation names.
 */
public enum TransferMethod {
  /** Streams the points in batches; the target serves once it has them all. */
  STREAM_RECORDS,
  /** Ships a snapshot of the shard, then the updates made meanwhile. */
  SNAPSHOT,
  /** Sends only the write-ahead-log difference: for a replica that was in sync until recently. */
  WAL_DELTA;

  public String json() {
    return name().toLowerCase(Locale.ROOT);
  }
}
