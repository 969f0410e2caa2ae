package io.qharness.cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/** Reads one collection's telemetry from every node at once ({@link CollectionTelemetry#PATH}). */
public final class NodeTelemetry {
  private final QdrantRest rest;
  private final String collection;

  public NodeTelemetry(QdrantRest rest, String collection) {
    this.rest = rest;
    this.collection = collection;
  }

  /**
   * One node's answer: its view of the collection (no replicas when it holds none), or why it gave
   * none.
   */
  public record Answer(String node, CollectionTelemetry telemetry, String failure) {
    public boolean ok() {
      return failure == null;
    }
  }

  public String collection() {
    return collection;
  }

  /** The node's view, without blocking. */
  public CompletableFuture<Answer> read(String address) {
    return rest.getAsync(address, CollectionTelemetry.PATH)
        .thenApply(
            json -> {
              CollectionTelemetry t = CollectionTelemetry.parse(address, collection, json);
              return new Answer(
                  address,
                  t != null
                      ? t
                      : new CollectionTelemetry(address, collection, List.of(), null, null),
                  null);
            })
        .exceptionally(
            t ->
                new Answer(
                    address,
                    null,
                    (t instanceof CompletionException && t.getCause() != null ? t.getCause() : t)
                        .getMessage()));
  }

  /**
   * Every node's view, read in parallel; blocks until all have answered or failed (each within the
   * client's timeout).
   */
  public List<Answer> readAll(List<String> addresses) {
    List<CompletableFuture<Answer>> pending = new ArrayList<>();
    addresses.forEach(a -> pending.add(read(a)));
    List<Answer> out = new ArrayList<>();
    pending.forEach(f -> out.add(f.join()));
    return out;
  }
}
