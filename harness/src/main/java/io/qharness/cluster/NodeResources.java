package io.qharness.cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What each node uses, read at one moment: from its own {@code /metrics} (allocator memory, page
 * faults, Qdrant's hardware counter of CPU work for the collection), its telemetry (the
 * collection's points and data bytes on the node, optimisations finished and their time), and, when
 * the node is a process of this machine, {@code /proc} (CPU time, resident set including mapped
 * vectors, disk). A figure a node does not give stays null; a node that cannot be read says why.
 */
public final class NodeResources {
  /** One node at one moment. Counters (CPU, faults, optimisations) are since the node started. */
  public record Sample(
      String node,
      long atNanos,
      Long residentBytes,
      Long allocatedBytes,
      Long minorFaults,
      Long majorFaults,
      Long readBytes,
      Long qdrantCpu,
      long points,
      long dataBytes,
      long optimizations,
      long optimizationMicros,
      Double cpuSeconds,
      Long rssBytes,
      Long diskBytes,
      String failure) {}

  private final QdrantRest rest;
  private final String collection;
  private final List<String> addresses;
  private final Map<String, LocalProcess> processes = new ConcurrentHashMap<>();

  /**
   * @param ownProcesses whether the nodes' processes may be read from /proc: false for the embedded
   *     test double (its process is the injector's) and whenever two nodes share a process
   */
  public NodeResources(
      QdrantRest rest, String collection, List<String> addresses, boolean ownProcesses) {
    this.rest = rest;
    this.collection = collection;
    this.addresses = List.copyOf(addresses);
    if (ownProcesses) {
      for (String a : addresses) {
        LocalProcess p = LocalProcess.serving(a);
        if (p != null) {
          processes.put(a, p);
        }
      }
      long distinct = processes.values().stream().mapToLong(LocalProcess::pid).distinct().count();
      if (distinct < processes.size()
          || processes.values().stream().anyMatch(p -> p.pid() == ProcessHandle.current().pid())) {
        processes.clear(); // one process serving several nodes (a test double): not per node
      }
    }
  }

  /** Whether /proc figures (CPU time, resident set, disk) are read for some node. */
  public boolean readsProcesses() {
    return !processes.isEmpty();
  }

  /** Every node, read in parallel; blocks until each has answered or failed. */
  public List<Sample> sampleAll() {
    List<CompletableFuture<Sample>> pending = new ArrayList<>();
    for (String a : addresses) {
      pending.add(sample(a));
    }
    return pending.stream().map(CompletableFuture::join).toList();
  }

  private CompletableFuture<Sample> sample(String address) {
    long at = System.nanoTime();
    CompletableFuture<String> metrics = rest.getTextAsync(address, "/metrics");
    CompletableFuture<CollectionTelemetry> telemetry =
        rest.getAsync(address, CollectionTelemetry.PATH)
            .thenApply(json -> CollectionTelemetry.parse(address, collection, json));
    return metrics
        .thenCombine(telemetry, (m, t) -> combine(address, at, PromText.parse(m), t))
        .exceptionally(
            e ->
                new Sample(
                    address,
                    at,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    0,
                    0,
                    0,
                    0,
                    null,
                    null,
                    null,
                    (e instanceof CompletionException && e.getCause() != null ? e.getCause() : e)
                        .getMessage()));
  }

  private Sample combine(String address, long at, PromText m, CollectionTelemetry t) {
    long points = 0;
    long bytes = 0;
    long optimizations = 0;
    long optimizationMicros = 0;
    if (t != null) {
      for (CollectionTelemetry.Replica r : t.replicas()) {
        points += r.usage().points();
        bytes += r.usage().dataBytes();
        optimizations += r.usage().optimizations();
        optimizationMicros += r.usage().optimizationMicros();
      }
    }
    LocalProcess p = processes.get(address);
    LocalProcess.Stat stat = p == null ? null : p.stat();
    if (p != null && stat == null) { // the node restarted: read its new process from now on
      LocalProcess again = LocalProcess.serving(address);
      if (again != null) {
        processes.put(address, again);
        p = again;
        stat = p.stat();
      }
    }
    Long minor = m.value("process_minor_page_faults_total");
    Long major = m.value("process_major_page_faults_total");
    return new Sample(
        address,
        at,
        m.value("memory_resident_bytes"),
        m.value("memory_allocated_bytes"),
        minor != null ? minor : stat == null ? null : stat.minorFaults(),
        major != null ? major : stat == null ? null : stat.majorFaults(),
        p == null ? null : p.readBytes(),
        m.value("collection_hardware_metric_cpu", "id", collection),
        points,
        bytes,
        optimizations,
        optimizationMicros,
        stat == null ? null : stat.cpuSeconds(),
        stat == null ? null : stat.rssBytes(),
        p == null ? null : p.collectionDiskBytes(collection),
        null);
  }
}
