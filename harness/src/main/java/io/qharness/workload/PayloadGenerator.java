package io.qharness.workload;

import io.qdrant.client.grpc.Common.Condition;
import io.qdrant.client.grpc.Common.FieldCondition;
import io.qdrant.client.grpc.Common.Filter;
import io.qdrant.client.grpc.Common.Match;
import io.qdrant.client.grpc.Common.Range;
import io.qdrant.client.grpc.JsonWithInt.Value;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.LongPredicate;

/**
 * Seeded payloads for filtered search, a function of the point id: a keyword {@code category} from
 * {@code categories} values with Zipf skew {@code skew} (0 = uniform; c0 is the most frequent), an
 * integer {@code rank} uniform in [0, 1,000,000) and a float {@code price} uniform in [0, 1000).
 */
public final class PayloadGenerator {
  public static final String CATEGORY = "category";
  public static final String RANK = "rank";
  public static final String PRICE = "price";

  private final int categories;
  private final double skew;
  private final long seed;
  private final double[] cdf;

  public PayloadGenerator(int categories, double skew, long seed) {
    if (categories < 1 || categories > 1_000_000) {
      throw new IllegalArgumentException("categories must be within 1..1000000, got " + categories);
    }
    if (!(skew >= 0) || skew > 10) {
      throw new IllegalArgumentException("skew must be within 0..10 (0 is uniform), got " + skew);
    }
    this.categories = categories;
    this.skew = skew;
    this.seed = seed;
    this.cdf = new double[categories];
    double sum = 0;
    for (int i = 0; i < categories; i++) {
      sum += 1.0 / Math.pow(i + 1, skew);
      cdf[i] = sum;
    }
    for (int i = 0; i < categories; i++) {
      cdf[i] /= sum;
    }
  }

  public int categories() {
    return categories;
  }

  /** Share of points expected in category c, from the Zipf distribution. */
  public double share(int c) {
    return c == 0 ? cdf[0] : cdf[c] - cdf[c - 1];
  }

  private SplittableRandom random(long id) {
    long h = (seed * 0x9E3779B97F4A7C15L) ^ (id * 0xC2B2AE3D27D4EB4FL);
    return new SplittableRandom(h);
  }

  /** Draws a category index with the Zipf distribution from a uniform u in [0, 1). */
  int category(double u) {
    int i = Arrays.binarySearch(cdf, u);
    return Math.min(categories - 1, i >= 0 ? i : -i - 1);
  }

  public String category(long id) {
    return "c" + categoryIndex(id);
  }

  /** The index c of point {@code id}'s category "c<i>c</i>", within 0..categories-1. */
  public int categoryIndex(long id) {
    return category(random(id).nextDouble());
  }

  public Map<String, Value> payload(long id) {
    SplittableRandom r = random(id);
    int c = category(r.nextDouble());
    return Map.of(
        CATEGORY, Value.newBuilder().setStringValue("c" + c).build(),
        RANK, Value.newBuilder().setIntegerValue(r.nextLong(RANKS)).build(),
        PRICE, Value.newBuilder().setDoubleValue(r.nextDouble() * 1000).build());
  }

  /** Ranks are uniform in [0, RANKS). */
  public static final long RANKS = 1_000_000;

  /** The integer {@code rank} of point {@code id}, as its payload carries it. */
  public long rank(long id) {
    SplittableRandom r = random(id);
    r.nextDouble(); // the category's draw comes first
    return r.nextLong(RANKS);
  }

  /**
   * For {@code n} filtered queries, each a window of ranks [from, to) as wide as {@code
   * selectivity} of the rank range, placed at random (seeded) so each query admits its own points.
   */
  public long[][] rankWindows(int n, double selectivity) {
    long width = Math.max(1, Math.round(selectivity * RANKS));
    SplittableRandom r = new SplittableRandom(seed ^ 0x5A5A5A5A5A5A5A5AL);
    long[][] out = new long[n][];
    for (int i = 0; i < n; i++) {
      long from = width >= RANKS ? 0 : r.nextLong(RANKS - width + 1);
      out[i] = new long[] {from, from + width};
    }
    return out;
  }

  /** Qdrant's filter for ranks in [from, to). */
  public static Filter rankFilter(long from, long to) {
    return Filter.newBuilder()
        .addMust(
            Condition.newBuilder()
                .setField(
                    FieldCondition.newBuilder()
                        .setKey(RANK)
                        .setRange(Range.newBuilder().setGte(from).setLt(to))))
        .build();
  }

  /** The ids a rank window admits, for exact filtered ground truth. */
  public LongPredicate rankPredicate(long from, long to) {
    return id -> {
      long rank = rank(id);
      return rank >= from && rank < to;
    };
  }

  /**
   * The share of the points 0..points-1 each rank window admits, counted over the points' payloads.
   */
  public double[] matchedShares(long points, long[][] windows) {
    long[] ranks = new long[(int) points];
    for (int id = 0; id < points; id++) {
      ranks[id] = rank(id);
    }
    Arrays.sort(ranks);
    double[] out = new double[windows.length];
    for (int i = 0; i < windows.length; i++) {
      long in = lowerBound(ranks, windows[i][1]) - lowerBound(ranks, windows[i][0]);
      out[i] = points == 0 ? 0 : in / (double) points;
    }
    return out;
  }

  private static int lowerBound(long[] sorted, long key) {
    int lo = 0;
    int hi = sorted.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (sorted[mid] < key) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /** Qdrant's filter for one category. */
  public static Filter categoryFilter(String category) {
    return Filter.newBuilder()
        .addMust(
            Condition.newBuilder()
                .setField(
                    FieldCondition.newBuilder()
                        .setKey(CATEGORY)
                        .setMatch(Match.newBuilder().setKeyword(category))))
        .build();
  }

  /** The ids the category filter admits, for exact filtered ground truth. */
  public LongPredicate categoryPredicate(String category) {
    return id -> category.equals(category(id));
  }

  /**
   * The share of the points 0..points-1 each category filter admits (its selectivity), counted over
   * the points' payloads, not taken from the distribution.
   */
  public Map<String, Double> matchedShares(long points) {
    long[] counts = new long[categories];
    for (long id = 0; id < points; id++) {
      counts[category(random(id).nextDouble())]++;
    }
    Map<String, Double> out = new LinkedHashMap<>();
    for (int c = 0; c < categories; c++) {
      out.put("c" + c, points == 0 ? 0 : counts[c] / (double) points);
    }
    return out;
  }

  /** Categories for {@code n} filtered queries, drawn with the same skew from another stream. */
  public String[] queryCategories(int n) {
    SplittableRandom r = new SplittableRandom(seed ^ 0xA5A5A5A5A5A5A5A5L);
    String[] out = new String[n];
    for (int i = 0; i < n; i++) {
      out[i] = "c" + category(r.nextDouble());
    }
    return out;
  }

  @Override
  public String toString() {
    return "payload categories=" + categories + " skew=" + skew + " seed=" + seed;
  }
}
