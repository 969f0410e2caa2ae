package io.qharness.metrics;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.LongConsumer;

/**
 * The ids of every point an upsert the cluster acknowledged carried: one bit per id (ids, not
 * vectors, so millions of writes cost megabytes), lock-free, allocated in 128 KiB chunks as ids
 * appear. Non-numeric (UUID) ids are counted but not remembered; the audit says so.
 */
public final class AckedWrites {
  private static final int CHUNK_BITS = 20; // 1 Mi ids per chunk
  private static final int MAX_CHUNKS = 1 << 12; // ids below 2^32
  private final AtomicReferenceArray<AtomicLongArray> chunks =
      new AtomicReferenceArray<>(MAX_CHUNKS);
  private final AtomicLong acknowledgedPoints = new AtomicLong();
  private final AtomicLong unremembered = new AtomicLong();

  /** Records an acknowledged point id. */
  public void add(long id) {
    acknowledgedPoints.incrementAndGet();
    if (id < 0 || id >= ((long) MAX_CHUNKS << CHUNK_BITS)) {
      unremembered.incrementAndGet();
      return;
    }
    int c = (int) (id >>> CHUNK_BITS);
    AtomicLongArray chunk = chunks.get(c);
    if (chunk == null) {
      chunks.compareAndSet(c, null, new AtomicLongArray(1 << (CHUNK_BITS - 6)));
      chunk = chunks.get(c);
    }
    int bit = (int) (id & ((1 << CHUNK_BITS) - 1));
    int word = bit >>> 6;
    long mask = 1L << (bit & 63);
    long old;
    do {
      old = chunk.get(word);
      if ((old & mask) != 0) {
        return;
      }
    } while (!chunk.compareAndSet(word, old, old | mask));
  }

  /** An acknowledged point whose id cannot be remembered (a UUID). */
  public void addUnremembered() {
    acknowledgedPoints.incrementAndGet();
    unremembered.incrementAndGet();
  }

  /** Acknowledged point writes, counting overwrites of the same id. */
  public long acknowledgedPoints() {
    return acknowledgedPoints.get();
  }

  /**
   * Acknowledged ids that could not be remembered (outside the tracked id range): reported, never
   * dropped silently.
   */
  public long unremembered() {
    return unremembered.get();
  }

  /** Distinct remembered ids. */
  public long distinctIds() {
    long[] n = {0};
    forEach(id -> n[0]++);
    return n[0];
  }

  /** Every remembered id, ascending. */
  public void forEach(LongConsumer action) {
    for (int c = 0; c < MAX_CHUNKS; c++) {
      AtomicLongArray chunk = chunks.get(c);
      if (chunk == null) {
        continue;
      }
      for (int w = 0; w < chunk.length(); w++) {
        long bits = chunk.get(w);
        while (bits != 0) {
          int b = Long.numberOfTrailingZeros(bits);
          action.accept(((long) c << CHUNK_BITS) + ((long) w << 6) + b);
          bits &= bits - 1;
        }
      }
    }
  }
}
