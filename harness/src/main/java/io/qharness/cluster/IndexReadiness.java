package io.qharness.cluster;

import io.qharness.protocol.ReadinessCheck;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Readiness as the nodes' telemetry shows it, replica by replica (every node reports its own): each
 * local replica Green with no optimisation running and nothing queued, every segment big enough for
 * the optimiser to index (indexing_threshold) HNSW-indexed, and no optimisation queued in the
 * collection (Qdrant 1.19's optimizations endpoint; skipped where a node lacks it). It remembers
 * its last reading, so the run can record how many vectors were indexed of how many expected.
 */
public final class IndexReadiness implements ReadinessCheck {
  private final QdrantRest rest;
  private final List<String> restAddresses;
  private volatile Reading last;
  private long firstCheckNanos;
  private long readySinceNanos = -1;

  /**
   * What the last check read over all nodes; {@code secondsToReady} is from the first check to the
   * first of the checks in a row that found it ready (-1 while not ready): the index build time.
   */
  public record Reading(
      long indexed, long expected, boolean ready, String detail, double secondsToReady) {}

  public IndexReadiness(QdrantRest rest, List<String> restAddresses) {
    this.rest = rest;
    this.restAddresses = List.copyOf(restAddresses);
  }

  @Override
  public CompletionStage<State> check(String collection) {
    NodeTelemetry telemetry = new NodeTelemetry(rest, collection);
    List<CompletableFuture<NodeTelemetry.Answer>> answers = new ArrayList<>();
    restAddresses.forEach(a -> answers.add(telemetry.read(a)));
    // one node answers for the whole collection; a Qdrant before 1.17 has no such endpoint
    CompletableFuture<Optimizations.Snapshot> queue =
        restAddresses.isEmpty()
            ? CompletableFuture.completedFuture(null)
            : Optimizations.read(rest, restAddresses.get(0), collection, 0)
                .exceptionally(t -> null);
    List<CompletableFuture<?>> all = new ArrayList<>(answers);
    all.add(queue);
    return CompletableFuture.allOf(all.toArray(new CompletableFuture<?>[0]))
        .thenApply(
            v -> judge(answers.stream().map(CompletableFuture::join).toList(), queue.join()));
  }

  /** Pure: the readiness of the collection in these answers (one per node). */
  State judge(List<NodeTelemetry.Answer> answers) {
    return judge(answers, null);
  }

  /**
   * As above, with the optimiser's queue over the whole collection ({@code queue}, null when
   * unread): an optimisation queued but not started yet leaves every replica Green.
   */
  State judge(List<NodeTelemetry.Answer> answers, Optimizations.Snapshot queue) {
    List<String> pending = new ArrayList<>();
    List<String> unread = new ArrayList<>();
    long indexed = 0;
    long expected = 0;
    for (NodeTelemetry.Answer a : answers) {
      if (!a.ok()) {
        // REST is optional (no restHosts, a firewall): the gRPC status of every node still gates
        // readiness
        unread.add(a.node() + " (" + a.failure() + ")");
        continue;
      }
      CollectionTelemetry t = a.telemetry();
      for (CollectionTelemetry.Replica r : t.replicas()) {
        String where = a.node() + " shard " + r.shard();
        if (!"green".equalsIgnoreCase(r.status())) {
          pending.add(where + " " + r.status());
        }
        if (r.runningOptimizations() > 0) {
          pending.add(where + ": " + r.runningOptimizations() + " optimisation(s) running");
        }
        if (r.updateQueueLength() > 0) {
          pending.add(where + ": " + r.updateQueueLength() + " updates queued");
        }
      }
      long[] io = t.indexedOfExpected();
      indexed += io[0];
      expected += io[1];
      if (io[0] < io[1]) {
        pending.add(
            String.format(
                Locale.ROOT,
                "%s: %,d of %,d vectors that should be HNSW-indexed are",
                a.node(),
                io[0],
                io[1]));
      }
    }
    if (queue != null && queue.queuedOptimizations() > 0) {
      pending.add(
          String.format(
              Locale.ROOT,
              "%d optimisation(s) queued (%,d points)",
              queue.queuedOptimizations(),
              queue.queuedPoints()));
    }
    String detail =
        pending.isEmpty()
            ? String.format(
                Locale.ROOT,
                "%,d of %,d vectors in segments above the indexing threshold HNSW-indexed on every"
                    + " replica",
                indexed,
                expected)
            : String.join("; ", pending);
    if (!unread.isEmpty()) {
      detail +=
          (unread.size() == answers.size()
                  ? "; no node's telemetry could be read, so indexing was not checked per segment: "
                  : "; telemetry unread, those replicas not checked per segment: ")
              + String.join("; ", unread)
              + " (give restHosts if the REST ports are not each gRPC port minus 1)";
    }
    Reading r = reading(indexed, expected, pending.isEmpty(), detail);
    last = r;
    return new State(r.ready(), detail);
  }

  private synchronized Reading reading(long indexed, long expected, boolean ready, String detail) {
    long now = System.nanoTime();
    if (last == null) {
      firstCheckNanos = now;
    }
    readySinceNanos = !ready ? -1 : readySinceNanos < 0 ? now : readySinceNanos;
    return new Reading(
        indexed, expected, ready, detail, ready ? (readySinceNanos - firstCheckNanos) / 1e9 : -1);
  }

  /** The last reading, or null before the first. */
  public Reading last() {
    return last;
  }
}
