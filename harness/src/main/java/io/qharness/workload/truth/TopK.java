package io.qharness.workload.truth;

/**
 * A bounded heap keeping the k best (score, index) pairs seen so far, for a given ranking
 * direction. Primitive arrays only: no allocation per candidate. Ties rank the smaller index first
 * so results are deterministic.
 */
public final class TopK {
  private final int capacity;
  private final boolean higherIsBetter;
  private final float[] scores;
  private final long[] indices;
  private int size;

  public TopK(int k, boolean higherIsBetter) {
    if (k <= 0) {
      throw new IllegalArgumentException("k must be positive, got " + k);
    }
    this.capacity = k;
    this.higherIsBetter = higherIsBetter;
    this.scores = new float[k];
    this.indices = new long[k];
  }

  public void clear() {
    size = 0;
  }

  public int size() {
    return size;
  }

  /** True when (a, ia) ranks after (b, ib): the heap's root is the worst kept entry. */
  private boolean worse(float a, long ia, float b, long ib) {
    if (a != b) {
      return higherIsBetter ? a < b : a > b;
    }
    return ia > ib;
  }

  public void offer(float score, long index) {
    if (size < capacity) {
      int i = size++;
      scores[i] = score;
      indices[i] = index;
      siftUp(i);
    } else if (worse(scores[0], indices[0], score, index)) {
      scores[0] = score;
      indices[0] = index;
      siftDown(0);
    }
  }

  private void siftUp(int i) {
    while (i > 0) {
      int parent = (i - 1) >>> 1;
      if (worse(scores[i], indices[i], scores[parent], indices[parent])) {
        swap(i, parent);
        i = parent;
      } else {
        return;
      }
    }
  }

  private void siftDown(int i) {
    while (true) {
      int l = 2 * i + 1;
      if (l >= size) {
        return;
      }
      int r = l + 1;
      int w = l;
      if (r < size && worse(scores[r], indices[r], scores[l], indices[l])) {
        w = r;
      }
      if (worse(scores[w], indices[w], scores[i], indices[i])) {
        swap(i, w);
        i = w;
      } else {
        return;
      }
    }
  }

  private void swap(int a, int b) {
    float s = scores[a];
    scores[a] = scores[b];
    scores[b] = s;
    long x = indices[a];
    indices[a] = indices[b];
    indices[b] = x;
  }

  /**
   * Drains the heap best-first into the given arrays (which must hold {@link #size()} entries) and
   * returns the number written. The heap is empty afterwards.
   */
  public int drainBestFirst(long[] outIndices, float[] outScores) {
    int n = size;
    for (int pos = n - 1; pos >= 0; pos--) {
      outIndices[pos] = indices[0];
      if (outScores != null) {
        outScores[pos] = scores[0];
      }
      size--;
      if (size > 0) {
        scores[0] = scores[size];
        indices[0] = indices[size];
        siftDown(0);
      }
    }
    return n;
  }
}
