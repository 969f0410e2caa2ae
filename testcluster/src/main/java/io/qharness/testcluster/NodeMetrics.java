package io.qharness.testcluster;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Per-node gRPC request statistics, kept as Qdrant 1.19 keeps them: per endpoint and gRPC status
 * code, a count, average / min / max duration and a cumulative duration histogram. A fresh instance
 * per node start, so counters reset on restart as Qdrant's do.
 */
final class NodeMetrics {
  /** Upper bounds in seconds of Qdrant's response-duration histogram. */
  static final double[] BUCKETS = {0.001, 0.005, 0.01, 0.02, 0.05, 0.1, 0.5, 1, 5, 10, 50};

  static final class EndpointStats {
    final LongAdder count = new LongAdder();
    final LongAdder sumNanos = new LongAdder();
    final AtomicLong minNanos = new AtomicLong(Long.MAX_VALUE);
    final AtomicLong maxNanos = new AtomicLong();
    final LongAdder[] buckets = new LongAdder[BUCKETS.length];

    EndpointStats() {
      for (int i = 0; i < buckets.length; i++) {
        buckets[i] = new LongAdder();
      }
    }

    void record(long nanos) {
      count.increment();
      sumNanos.add(nanos);
      minNanos.accumulateAndGet(nanos, Math::min);
      maxNanos.accumulateAndGet(nanos, Math::max);
      double seconds = nanos / 1e9;
      for (int i = 0; i < BUCKETS.length; i++) {
        if (seconds <= BUCKETS[i]) {
          buckets[i].increment();
          break;
        }
      }
    }
  }

  /** A response series as Qdrant labels it: endpoint and gRPC status code (0 is OK). */
  record Key(String endpoint, int status) implements Comparable<Key> {
    @Override
    public int compareTo(Key o) {
      int c = endpoint.compareTo(o.endpoint);
      return c != 0 ? c : Integer.compare(status, o.status);
    }
  }

  private final ConcurrentHashMap<Key, EndpointStats> grpc = new ConcurrentHashMap<>();

  void record(String endpoint, int status, long nanos) {
    grpc.computeIfAbsent(new Key(endpoint, status), k -> new EndpointStats()).record(nanos);
  }

  /** Response series in endpoint and status order, for stable exposition. */
  Map<Key, EndpointStats> responses() {
    return new TreeMap<>(grpc);
  }
}
