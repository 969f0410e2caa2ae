package io.qharness.testcluster;

import java.util.Arrays;

/**
 * The k best (score, slot) pairs of a scan, each packed into one long whose natural order is the
 * ranking (better score first, then the smaller slot), kept in a min-heap: no object per candidate.
 */
final class BestK {
  private final long[] heap;
  private final boolean higherIsBetter;
  private int size;

  BestK(int k, boolean higherIsBetter) {
    this.heap = new long[k];
    this.higherIsBetter = higherIsBetter;
  }

  void offer(float score, int slot) {
    long key = key(higherIsBetter ? score : -score, slot);
    if (size < heap.length) {
      heap[size] = key;
      up(size++);
    } else if (key > heap[0]) {
      heap[0] = key;
      down(0);
    }
  }

  /** The slots kept, best first. */
  int[] slotsBestFirst() {
    long[] keys = Arrays.copyOf(heap, size);
    Arrays.sort(keys);
    int[] out = new int[size];
    for (int i = 0; i < size; i++) {
      out[i] = (int) (0xFFFFFFFFL - (keys[size - 1 - i] & 0xFFFFFFFFL));
    }
    return out;
  }

  /**
   * A score's float bits made order-preserving as a signed int, above the slot inverted (smaller
   * slot, larger key).
   */
  private static long key(float score, int slot) {
    int bits = Float.floatToIntBits(score == 0f ? 0f : score); // -0.0 ranks as 0.0
    int ordered = bits ^ ((bits >> 31) & 0x7FFFFFFF);
    return ((long) ordered << 32) | (0xFFFFFFFFL - slot);
  }

  private void up(int i) {
    while (i > 0 && heap[(i - 1) / 2] > heap[i]) {
      swap(i, (i - 1) / 2);
      i = (i - 1) / 2;
    }
  }

  private void down(int i) {
    while (true) {
      int smallest = i;
      for (int c = 2 * i + 1; c <= 2 * i + 2 && c < size; c++) {
        if (heap[c] < heap[smallest]) {
          smallest = c;
        }
      }
      if (smallest == i) {
        return;
      }
      swap(i, smallest);
      i = smallest;
    }
  }

  private void swap(int a, int b) {
    long t = heap[a];
    heap[a] = heap[b];
    heap[b] = t;
  }
}
