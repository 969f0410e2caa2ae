package io.qharness.workload.truth;

import io.qharness.workload.Dataset;
import io.qharness.workload.RecommendQuerySet;
import io.qharness.workload.kernels.Kernels;
import io.qharness.workload.vectors.VectorDistance;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.LongPredicate;
import java.util.function.LongToIntFunction;
import java.util.function.Supplier;

/**
 * The ground truth of a query set: shipped with the data set, cached, or computed once and cached.
 */
public final class GroundTruths {
  private GroundTruths() {}

  /** Where a query set's ground truth came from, for run records and logs. */
  /**
   * Exact top-k ids per query, where they came from, that said in words (for the record), and the
   * seconds spent computing them.
   */
  public record Truth(long[][] ids, Origin origin, String source, double seconds) {}

  /** Where ground truth came from. */
  public enum Origin {
    /** The data set's own neighbours. */
    SHIPPED,
    /** An earlier run's computation, from the cache. */
    CACHED,
    /** Computed now (and cached). */
    COMPUTED
  }

  /**
   * The exact top-k of every query (filtered by {@code filters} when given): the data set's own
   * neighbours when they apply (no filter, full base, same distance, k within their width), else
   * the cache, else computed on all cores and cached.
   */
  public static Truth groundTruth(
      Dataset data,
      VectorDistance distance,
      int k,
      LongPredicate[] filters,
      String filterIdentity,
      Path cacheDir) {
    long[][] shipped = data.shippedTruth();
    boolean distanceMatches = data.distance() == null || data.distance() == distance;
    if (filters == null
        && shipped != null
        && distanceMatches
        && Arrays.stream(shipped).allMatch(r -> r.length >= k)) {
      long[][] ids = new long[shipped.length][];
      for (int i = 0; i < ids.length; i++) {
        ids[i] = Arrays.copyOf(shipped[i], k);
      }
      return new Truth(ids, Origin.SHIPPED, "shipped with the data set", 0);
    }
    // the kernel is part of the key: SIMD and scalar sums round differently, which can swap
    // near-ties
    String key =
        "v1|"
            + Kernels.BEST.name()
            + "|"
            + data.identity()
            + "|queries="
            + data.queries().length
            + "|"
            + distance
            + "|k="
            + k
            + "|filters="
            + (filters == null ? "none" : filterIdentity);
    return cachedOrComputed(
        key,
        data.queries().length,
        "queries",
        data,
        cacheDir,
        () ->
            GroundTruth.compute(
                data.base(),
                data.points(),
                data.queries(),
                distance,
                k,
                filters,
                Runtime.getRuntime().availableProcessors()));
  }

  /**
   * The exact answers of grouped searches ({@link GroupedGroundTruth}) over the data set's points
   * in use, grouped by {@code groupOf} ({@code groupIdentity} names it for the cache): from the
   * cache, else computed on all cores and cached.
   */
  public static Truth groupedTruth(
      Dataset data,
      VectorDistance distance,
      int groups,
      int groupSize,
      LongToIntFunction groupOf,
      int groupCount,
      String groupIdentity,
      Path cacheDir) {
    String key =
        "v1|groups|"
            + Kernels.BEST.name()
            + "|"
            + data.identity()
            + "|points="
            + data.points()
            + "|queries="
            + data.queries().length
            + "|"
            + distance
            + "|groups="
            + groups
            + "x"
            + groupSize
            + "|by="
            + groupIdentity;
    return cachedOrComputed(
        key,
        data.queries().length,
        "queries",
        data,
        cacheDir,
        () ->
            GroupedGroundTruth.compute(
                data.base(),
                data.points(),
                data.queries(),
                distance,
                groups,
                groupSize,
                groupOf,
                groupCount,
                Runtime.getRuntime().availableProcessors()));
  }

  /**
   * The exact answers of recommendations by example under Qdrant's {@code average_vector} strategy:
   * the top-k of each query's target vector over the points in use, its examples left out. {@code
   * examplesIdentity} names how the examples were drawn, for the cache.
   */
  public static Truth recommendTruth(
      Dataset data,
      VectorDistance distance,
      int k,
      RecommendQuerySet set,
      String examplesIdentity,
      Path cacheDir) {
    String key =
        "v1|recommend|"
            + Kernels.BEST.name()
            + "|"
            + data.identity()
            + "|"
            + distance
            + "|k="
            + k
            + "|examples="
            + examplesIdentity;
    return cachedOrComputed(
        key,
        set.size(),
        "recommendations",
        data,
        cacheDir,
        () ->
            GroundTruth.compute(
                data.base(),
                data.points(),
                set.targets(data.base(), distance),
                distance,
                k,
                set.notExamples(),
                Runtime.getRuntime().availableProcessors()));
  }

  /**
   * The ids cached under {@code key} when they have {@code rows} rows, else {@code compute}'s,
   * stored under {@code key}; {@code what} names the rows in the source line.
   */
  private static Truth cachedOrComputed(
      String key, int rows, String what, Dataset data, Path cacheDir, Supplier<long[][]> compute) {
    GroundTruthCache cache = new GroundTruthCache(cacheDir);
    long[][] cached = cache.load(key);
    if (cached != null && cached.length == rows) {
      return new Truth(cached, Origin.CACHED, "cache " + cache.fileFor(key), 0);
    }
    long t0 = System.nanoTime();
    long[][] ids = compute.get();
    double seconds = (System.nanoTime() - t0) / 1e9;
    cache.store(key, ids);
    return new Truth(
        ids,
        Origin.COMPUTED,
        String.format(
            Locale.ROOT,
            "computed (%d %s x %d vectors in %.1f s), cached in %s",
            rows,
            what,
            data.points(),
            seconds,
            cache.fileFor(key)),
        seconds);
  }
}
