package io.qharness.workload.truth;

import io.qharness.workload.vectors.VectorDistance;
import io.qharness.workload.vectors.VectorSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongPredicate;

/**
 * Exact top-k of every query over a vector set, with Qdrant's distance semantics. The base is read
 * once, in blocks claimed by worker threads; each block is scored against all queries while it is
 * hot in cache, into per-worker bounded heaps merged at the end. Point id i is base vector i.
 */
public final class GroundTruth {
  private static final int BLOCK = 512;

  private GroundTruth() {}

  /**
   * @param n number of base vectors to search (a prefix of {@code base})
   * @param filters per query, the ids a filtered query may return (null: no filter at all)
   * @return per query, up to k ids best first
   */
  public static long[][] compute(
      VectorSet base,
      long n,
      float[][] queries,
      VectorDistance distance,
      int k,
      LongPredicate[] filters,
      int threads) {
    if (k < 1 || k > 10_000) {
      throw new IllegalArgumentException("k must be within 1..10000, got " + k);
    }
    return top(base, n, queries, distance, k, filters, threads);
  }

  /** As {@link #compute}, for any k: callers bound queries x k, the heaps' size per worker. */
  static long[][] top(
      VectorSet base,
      long n,
      float[][] queries,
      VectorDistance distance,
      int k,
      LongPredicate[] filters,
      int threads) {
    if (n > base.size()) {
      throw new IllegalArgumentException(
          "asked for " + n + " base vectors, the set has " + base.size());
    }
    int dim = base.dimension();
    float[][] q = new float[queries.length][];
    for (int i = 0; i < q.length; i++) {
      if (queries[i].length != dim) {
        throw new IllegalArgumentException(
            "query " + i + " has dimension " + queries[i].length + ", the base vectors " + dim);
      }
      q[i] = distance.prepare(queries[i]);
    }
    long blocks = (n + BLOCK - 1) / BLOCK;
    int workers = (int) Math.max(1, Math.min(threads, blocks));
    AtomicLong nextBlock = new AtomicLong();
    ExecutorService pool =
        Executors.newFixedThreadPool(
            workers,
            r -> {
              Thread t = new Thread(r, "qharness-groundtruth");
              t.setDaemon(true);
              return t;
            });
    try {
      List<Future<TopK[]>> parts = new ArrayList<>();
      for (int w = 0; w < workers; w++) {
        parts.add(pool.submit(() -> scan(base, n, q, distance, k, filters, nextBlock, blocks)));
      }
      TopK[][] all = new TopK[workers][];
      for (int w = 0; w < workers; w++) {
        all[w] = parts.get(w).get();
      }
      long[][] out = new long[q.length][];
      long[] ids = new long[k];
      float[] scores = new float[k];
      for (int i = 0; i < q.length; i++) {
        TopK merged = new TopK(k, distance.higherIsBetter());
        for (TopK[] worker : all) {
          int m = worker[i].drainBestFirst(ids, scores);
          for (int j = 0; j < m; j++) {
            merged.offer(scores[j], ids[j]);
          }
        }
        int m = merged.drainBestFirst(ids, scores);
        out[i] = Arrays.copyOf(ids, m);
      }
      return out;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("ground truth computation interrupted", e);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException re
          ? re
          : new IllegalStateException(e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }

  private static TopK[] scan(
      VectorSet base,
      long n,
      float[][] q,
      VectorDistance distance,
      int k,
      LongPredicate[] filters,
      AtomicLong nextBlock,
      long blocks) {
    int dim = base.dimension();
    TopK[] heaps = new TopK[q.length];
    for (int i = 0; i < heaps.length; i++) {
      heaps[i] = new TopK(k, distance.higherIsBetter());
    }
    float[] block = new float[BLOCK * dim];
    float[] v = new float[dim];
    long b;
    while ((b = nextBlock.getAndIncrement()) < blocks) {
      long first = b * BLOCK;
      int size = (int) Math.min(BLOCK, n - first);
      for (int j = 0; j < size; j++) {
        base.read(first + j, v);
        float[] prepared = distance.prepare(v);
        System.arraycopy(prepared, 0, block, j * dim, dim);
      }
      for (int i = 0; i < q.length; i++) {
        float[] query = q[i];
        TopK heap = heaps[i];
        LongPredicate allowed = filters == null ? null : filters[i];
        for (int j = 0; j < size; j++) {
          long id = first + j;
          if (allowed != null && !allowed.test(id)) {
            continue;
          }
          heap.offer(distance.score(query, block, j * dim), id);
        }
      }
    }
    return heaps;
  }
}
