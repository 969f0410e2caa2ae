package io.qharness.workload.tenants;

import io.qdrant.client.grpc.Collections.ShardKey;
import io.qdrant.client.grpc.Common.Condition;
import io.qdrant.client.grpc.Common.FieldCondition;
import io.qdrant.client.grpc.Common.Filter;
import io.qdrant.client.grpc.Common.Match;
import io.qdrant.client.grpc.JsonWithInt.Value;
import io.qdrant.client.grpc.Points.ShardKeySelector;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongFunction;

/**
 * Which tenant owns each point: {@code tenants} tenants whose sizes follow a Zipf law of exponent
 * {@code skew} (0: all the same size; 1: a few large tenants, many small ones), tenant 0 the
 * largest, each owning a contiguous range of ids so that an upload batch never mixes tenants (with
 * custom sharding a batch goes to one shard key). Tenant t is named "t<i>t</i>" in the keyword
 * payload field {@link #FIELD}; with shard keys it lives on key "k<i>t mod keys</i>".
 */
public final class TenantLayout {
  public static final String FIELD = "tenant";

  /** The widest Zipf exponent accepted: beyond it every point but a handful is tenant 0's. */
  public static final double MAX_SKEW = 3;

  private final long points;
  private final int tenants;
  private final double skew;
  private final int shardKeys;
  private final long[] starts; // tenant t owns [starts[t], starts[t + 1])

  public TenantLayout(long points, int tenants, double skew, int shardKeys) {
    if (tenants < 1) {
      throw new IllegalArgumentException("tenants must be at least 1, got " + tenants);
    }
    if (points < tenants) {
      throw new IllegalArgumentException(
          "tenants="
              + tenants
              + " needs at least one point each, but the data set has "
              + points
              + ": lower tenants or raise points");
    }
    if (!(skew >= 0) || skew > MAX_SKEW) {
      throw new IllegalArgumentException(
          "tenantSkew must be within 0.." + MAX_SKEW + " (0: same-size tenants), got " + skew);
    }
    if (shardKeys < 0 || shardKeys > tenants) {
      throw new IllegalArgumentException(
          "tenantShardKeys must be within 0..tenants ("
              + tenants
              + "; 0: automatic sharding), got "
              + shardKeys);
    }
    this.points = points;
    this.tenants = tenants;
    this.skew = skew;
    this.shardKeys = shardKeys;
    this.starts = starts(points, tenants, skew);
  }

  /** Zipf shares rounded so that every tenant keeps at least one point and they sum to points. */
  private static long[] starts(long points, int tenants, double skew) {
    double[] weight = new double[tenants];
    double sum = 0;
    for (int t = 0; t < tenants; t++) {
      weight[t] = 1 / Math.pow(t + 1, skew);
      sum += weight[t];
    }
    long spare = points - tenants; // one point each first, the rest by weight
    long[] size = new long[tenants];
    long given = 0;
    for (int t = 0; t < tenants; t++) {
      size[t] = 1 + (long) Math.floor(spare * weight[t] / sum);
      given += size[t];
    }
    for (int t = 0; given < points; t = (t + 1) % tenants) { // rounding leftovers, largest first
      size[t]++;
      given++;
    }
    long[] out = new long[tenants + 1];
    for (int t = 0; t < tenants; t++) {
      out[t + 1] = out[t] + size[t];
    }
    return out;
  }

  public int tenants() {
    return tenants;
  }

  public long points() {
    return points;
  }

  public int shardKeys() {
    return shardKeys;
  }

  public long size(int tenant) {
    return starts[tenant + 1] - starts[tenant];
  }

  public long first(int tenant) {
    return starts[tenant];
  }

  /** The tenant owning point {@code id}. */
  public int tenantOf(long id) {
    int i = Arrays.binarySearch(starts, id);
    return i >= 0 ? Math.min(i, tenants - 1) : -i - 2;
  }

  public static String name(int tenant) {
    return "t" + tenant;
  }

  /** The shard key names, "k0".."k<i>keys-1</i>" (none with automatic sharding). */
  public String[] keyNames() {
    String[] out = new String[shardKeys];
    for (int i = 0; i < shardKeys; i++) {
      out[i] = "k" + i;
    }
    return out;
  }

  /** Tenant t's shard key, or null with automatic sharding. */
  public String keyOf(int tenant) {
    return shardKeys == 0 ? null : "k" + (tenant % shardKeys);
  }

  /** The selector that sends a request to tenant t's shard key, or null. */
  public ShardKeySelector selector(int tenant) {
    String key = keyOf(tenant);
    return key == null
        ? null
        : ShardKeySelector.newBuilder().addShardKeys(ShardKey.newBuilder().setKeyword(key)).build();
  }

  /** Qdrant's filter for one tenant's points. */
  public static Filter filter(int tenant) {
    return Filter.newBuilder()
        .addMust(
            Condition.newBuilder()
                .setField(
                    FieldCondition.newBuilder()
                        .setKey(FIELD)
                        .setMatch(Match.newBuilder().setKeyword(name(tenant)))))
        .build();
  }

  /** {@code base}'s payload of each point (may be null) with the point's tenant added. */
  public LongFunction<Map<String, Value>> payloads(LongFunction<Map<String, Value>> base) {
    return id -> {
      Map<String, Value> p = new HashMap<>(base == null ? Map.of() : base.apply(id));
      p.put(FIELD, Value.newBuilder().setStringValue(name(tenantOf(id))).build());
      return p;
    };
  }

  /**
   * Upload batch boundaries: each tenant's range cut into batches of at most {@code batchSize}, so
   * no batch spans two tenants. Batch b covers [out[b], out[b + 1]).
   */
  public long[] batchStarts(int batchSize) {
    long batches = 0;
    for (int t = 0; t < tenants; t++) {
      batches += (size(t) + batchSize - 1) / batchSize;
    }
    long[] out = new long[(int) batches + 1];
    int b = 0;
    for (int t = 0; t < tenants; t++) {
      for (long from = starts[t]; from < starts[t + 1]; from += batchSize) {
        out[b++] = from;
      }
    }
    out[b] = points;
    return out;
  }

  /** The size class of tenant t (tenant 0 is the largest; see {@link SizeClass}). */
  public SizeClass sizeClass(int tenant) {
    int large = Math.max(1, (int) Math.ceil(tenants * 0.1));
    if (tenant < large) {
      return SizeClass.LARGE;
    }
    return tenant >= Math.max(large, tenants / 2) ? SizeClass.SMALL : SizeClass.MEDIUM;
  }

  /** Tenants ranked by size: the largest tenth (at least one), the smaller half, the rest. */
  public enum SizeClass {
    LARGE,
    MEDIUM,
    SMALL;

    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  @Override
  public String toString() {
    return String.format(
        Locale.ROOT,
        "%d tenants (Zipf %s, %d to %d points)%s",
        tenants,
        skew,
        size(tenants - 1),
        size(0),
        shardKeys == 0 ? "" : " on " + shardKeys + " shard keys");
  }
}
