package io.qharness.testcluster;

import io.qdrant.client.grpc.Common.Filter;
import io.qdrant.client.grpc.Common.PointId;
import io.qdrant.client.grpc.JsonWithInt.Value;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The points of one shard replica: vectors in one flat array (cache-friendly exact scans), ids and
 * payloads beside them, and an id-to-slot index. Readers share a lock; writers exclude them.
 */
final class PointStore {
  private final int dim;
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  private final HashMap<PointId, Integer> slots = new HashMap<>();
  private float[] vectors;
  private PointId[] ids;
  private List<Map<String, Value>> payloads;
  private int size;

  PointStore(int dim) {
    this.dim = dim;
    this.vectors = new float[dim * 16];
    this.ids = new PointId[16];
    this.payloads = new ArrayList<>();
  }

  /** One stored point: the prepared vector (normalised for Cosine) and its payload. */
  record StoredPoint(PointId id, float[] vector, Map<String, Value> payload) {}

  /** A scored candidate from one replica, before the coordinator merges shards. */
  record Hit(PointId id, float score, Map<String, Value> payload, float[] vector) {}

  int size() {
    lock.readLock().lock();
    try {
      return size;
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Approximate bytes held: vectors, ids and a rough payload estimate. */
  long approximateBytes() {
    lock.readLock().lock();
    try {
      return (long) size * dim * Float.BYTES + (long) size * 48 + payloadBytes();
    } finally {
      lock.readLock().unlock();
    }
  }

  private long payloadBytes() {
    long bytes = 0;
    for (int i = 0; i < size; i++) {
      Map<String, Value> p = payloads.get(i);
      if (!p.isEmpty()) {
        bytes += 32L * p.size();
      }
    }
    return bytes;
  }

  void upsertAll(List<StoredPoint> points) {
    lock.writeLock().lock();
    try {
      for (StoredPoint p : points) {
        upsertLocked(p);
      }
    } finally {
      lock.writeLock().unlock();
    }
  }

  private void upsertLocked(StoredPoint p) {
    Integer slot = slots.get(p.id());
    int s;
    if (slot != null) {
      s = slot;
      payloads.set(s, p.payload());
    } else {
      s = size++;
      if (s == ids.length) {
        int cap = ids.length * 2;
        ids = Arrays.copyOf(ids, cap);
        vectors = Arrays.copyOf(vectors, cap * dim);
      }
      ids[s] = p.id();
      payloads.add(p.payload());
      slots.put(p.id(), s);
    }
    System.arraycopy(p.vector(), 0, vectors, s * dim, dim);
  }

  /** Removes the points with these ids (absent ones are ignored); the last slot fills each gap. */
  void removeAll(List<PointId> removed) {
    lock.writeLock().lock();
    try {
      for (PointId id : removed) {
        Integer slot = slots.remove(id);
        if (slot == null) {
          continue;
        }
        int s = slot;
        int last = --size;
        if (s != last) {
          ids[s] = ids[last];
          payloads.set(s, payloads.get(last));
          System.arraycopy(vectors, last * dim, vectors, s * dim, dim);
          slots.put(ids[s], s);
        }
        ids[last] = null;
        payloads.remove(last);
      }
    } finally {
      lock.writeLock().unlock();
    }
  }

  StoredPoint get(PointId id) {
    lock.readLock().lock();
    try {
      Integer slot = slots.get(id);
      if (slot == null) {
        return null;
      }
      int s = slot;
      return new StoredPoint(
          ids[s], Arrays.copyOfRange(vectors, s * dim, (s + 1) * dim), payloads.get(s));
    } finally {
      lock.readLock().unlock();
    }
  }

  long count(Filter filter) {
    lock.readLock().lock();
    try {
      if (filter == null) {
        return size;
      }
      long n = 0;
      for (int s = 0; s < size; s++) {
        if (FilterMatcher.matches(filter, ids[s], payloads.get(s))) {
          n++;
        }
      }
      return n;
    } finally {
      lock.readLock().unlock();
    }
  }

  /**
   * Exact top-{@code limit} search over this replica. {@code threshold} (nullable) cuts results
   * whose score is worse than it, with Qdrant's direction per distance.
   */
  List<Hit> search(
      float[] query,
      Similarity distance,
      Filter filter,
      int limit,
      Float threshold,
      boolean withVector) {
    if (limit <= 0) {
      return List.of();
    }
    lock.readLock().lock();
    try {
      BestK top = new BestK(limit, distance.higherIsBetter());
      for (int s = 0; s < size; s++) {
        if (filter != null && !FilterMatcher.matches(filter, ids[s], payloads.get(s))) {
          continue;
        }
        float score = distance.score(query, vectors, s * dim);
        if (threshold != null && distance.better(threshold, score)) {
          continue;
        }
        top.offer(score, s);
      }
      int[] best = top.slotsBestFirst();
      List<Hit> hits = new ArrayList<>(best.length);
      for (int s : best) {
        float[] v = withVector ? Arrays.copyOfRange(vectors, s * dim, (s + 1) * dim) : null;
        hits.add(new Hit(ids[s], distance.score(query, vectors, s * dim), payloads.get(s), v));
      }
      return hits;
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Points in id order (numeric ids first, then UUIDs), for a Query without a query vector. */
  List<StoredPoint> firstById(Filter filter, int limit) {
    lock.readLock().lock();
    try {
      List<StoredPoint> all = new ArrayList<>();
      for (int s = 0; s < size; s++) {
        if (filter == null || FilterMatcher.matches(filter, ids[s], payloads.get(s))) {
          all.add(
              new StoredPoint(
                  ids[s], Arrays.copyOfRange(vectors, s * dim, (s + 1) * dim), payloads.get(s)));
        }
      }
      all.sort((a, b) -> PointIds.ORDER.compare(a.id(), b.id()));
      return all.subList(0, Math.min(limit, all.size()));
    } finally {
      lock.readLock().unlock();
    }
  }

  /** A full copy, as a shard transfer would produce on the receiving peer. */
  PointStore copy() {
    lock.readLock().lock();
    try {
      PointStore c = new PointStore(dim);
      c.vectors = Arrays.copyOf(vectors, vectors.length);
      c.ids = Arrays.copyOf(ids, ids.length);
      c.payloads = new ArrayList<>(payloads);
      c.size = size;
      c.slots.putAll(slots);
      return c;
    } finally {
      lock.readLock().unlock();
    }
  }
}
