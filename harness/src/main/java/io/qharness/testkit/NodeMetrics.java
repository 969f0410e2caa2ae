package io.qharness.testkit;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Per-node gRPC request statistics, kept as Qdrant keeps them: count, failures, average / min /
 * max duration and a cumulative duration histogram per endpoint. A fresh instance per node start,
 * so counters reset on restart as Qdrant's do.
 */
final class NodeMetrics {
  /** Upper bounds in seconds, Qdrant-style from 10 µs to 50 s. */
  static final double[] BUCKETS = {
    0.00001, 0.00005, 0.0001, 0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10, 50
  };

  static final class EndpointStats {
    final LongAdder count = new LongAdder();
    final LongAdder failures = new LongAdder();
    final LongAdder sumNanos = new LongAdder();
    final AtomicLong minNanos = new AtomicLong(Long.MAX_VALUE);
    final AtomicLong maxNanos = new AtomicLong();
    final LongAdder[] buckets = new LongAdder[BUCKETS.length];

    EndpointStats() {
      for (int i = 0; i < buckets.length; i++) {
        buckets[i] = new LongAdder();
      }
    }

    void record(long nanos, boolean ok) {
      count.increment();
      if (!ok) {
        failures.increment();
      }
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

  /** A REST response series: method, endpoint pattern, HTTP status, as Qdrant labels them. */
  record RestKey(String method, String endpoint, int status) implements Comparable<RestKey> {
    @Override
    public int compareTo(RestKey o) {
      int c = endpoint.compareTo(o.endpoint);
      if (c == 0) {
        c = method.compareTo(o.method);
      }
      return c != 0 ? c : Integer.compare(status, o.status);
    }
  }

  private final ConcurrentHashMap<String, EndpointStats> grpc = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<RestKey, EndpointStats> rest = new ConcurrentHashMap<>();

  void record(String endpoint, long nanos, boolean ok) {
    grpc.computeIfAbsent(endpoint, e -> new EndpointStats()).record(nanos, ok);
  }

  void recordRest(String method, String endpoint, int status, long nanos) {
    rest.computeIfAbsent(new RestKey(method, endpoint, status), k -> new EndpointStats()).record(nanos, status < 400);
  }

  /** gRPC endpoints in name order, for stable exposition. */
  Map<String, EndpointStats> endpoints() {
    return new TreeMap<>(grpc);
  }

  Map<RestKey, EndpointStats> restEndpoints() {
    return new TreeMap<>(rest);
  }

  long total(String endpoint) {
    EndpointStats s = grpc.get(endpoint);
    return s == null ? 0 : s.count.sum();
  }
}
