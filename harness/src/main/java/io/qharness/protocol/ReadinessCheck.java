package io.qharness.protocol;

import java.util.concurrent.CompletionStage;

/**
 * A condition a collection must meet, beyond what its gRPC status shows, before {@code
 * waitForGreen()} calls it ready: for example that every segment big enough to be indexed is, per
 * Qdrant's per-segment telemetry over REST. Set on the protocol with {@link
 * QdrantProtocolBuilder#readiness}; polled with the status, and it must hold for the same polls.
 */
@FunctionalInterface
public interface ReadinessCheck {
  /**
   * What the check saw: ready or not, and in words what (e.g. "200,000 of 200,000 vectors
   * indexed").
   */
  record State(boolean ready, String detail) {}

  /** The collection's state now; must not block (the wait polls from an event loop). */
  CompletionStage<State> check(String collection);
}
