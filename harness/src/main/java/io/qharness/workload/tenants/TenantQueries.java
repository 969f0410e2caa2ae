package io.qharness.workload.tenants;

import io.qdrant.client.grpc.Common.Filter;
import io.qdrant.client.grpc.Points.ShardKeySelector;
import io.qharness.workload.tenants.TenantLayout.SizeClass;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.LongPredicate;

/**
 * Which tenant each query searches, per size class: every class gets all the data set's query
 * vectors, each filtered to a tenant of that class drawn (seeded) uniformly or in proportion to the
 * tenants' sizes. A class's share of the search rate follows the same draw, so together the classes
 * send what one draw over all tenants would, and each class has its own latency and recall.
 */
public final class TenantQueries {
  /** How a search picks its tenant. */
  public enum Draw {
    /** Every tenant as often as any other: small tenants are searched as much as large ones. */
    UNIFORM,
    /** A tenant as often as its share of the points: the large tenants take most searches. */
    SIZE;

    public static Draw parse(String s) {
      return switch (s.trim().toLowerCase(Locale.ROOT)) {
        case "uniform" -> UNIFORM;
        case "size", "by-size" -> SIZE;
        default ->
            throw new IllegalArgumentException(
                "unknown tenant draw '" + s + "': use uniform or size");
      };
    }
  }

  private final TenantLayout layout;
  private final Draw draw;
  private final long seed;
  private final Map<SizeClass, int[]> tenantOfQuery = new EnumMap<>(SizeClass.class);

  public TenantQueries(TenantLayout layout, int queries, Draw draw, long seed) {
    this.layout = layout;
    this.draw = draw;
    this.seed = seed;
    for (SizeClass c : SizeClass.values()) {
      List<Integer> members = members(c);
      if (members.isEmpty()) {
        continue;
      }
      double[] cdf = new double[members.size()];
      double sum = 0;
      for (int j = 0; j < cdf.length; j++) {
        sum += draw == Draw.UNIFORM ? 1 : layout.size(members.get(j));
        cdf[j] = sum;
      }
      SplittableRandom r = new SplittableRandom(seed ^ (0x7E4A7C15L * (c.ordinal() + 1)));
      int[] of = new int[queries];
      for (int i = 0; i < queries; i++) {
        double u = r.nextDouble() * sum;
        int j = 0;
        while (j < cdf.length - 1 && cdf[j] <= u) {
          j++;
        }
        of[i] = members.get(j);
      }
      tenantOfQuery.put(c, of);
    }
  }

  private List<Integer> members(SizeClass c) {
    List<Integer> out = new ArrayList<>();
    for (int t = 0; t < layout.tenants(); t++) {
      if (layout.sizeClass(t) == c) {
        out.add(t);
      }
    }
    return out;
  }

  public TenantLayout layout() {
    return layout;
  }

  public Draw draw() {
    return draw;
  }

  /** The size classes that have tenants, largest first. */
  public List<SizeClass> classes() {
    return List.copyOf(tenantOfQuery.keySet());
  }

  /** The tenant query i of class c searches. */
  public int tenant(SizeClass c, int i) {
    return tenantOfQuery.get(c)[i];
  }

  public int queries(SizeClass c) {
    return tenantOfQuery.get(c).length;
  }

  /** The share of all searches class c sends: its tenants' share, or its points' share. */
  public double rateShare(SizeClass c) {
    double in = 0;
    for (int t : members(c)) {
      in += draw == Draw.UNIFORM ? 1 : layout.size(t);
    }
    return in / (draw == Draw.UNIFORM ? layout.tenants() : layout.points());
  }

  /** How many tenants class c has, and their smallest and largest sizes. */
  public long[] tenantsAndSizes(SizeClass c) {
    List<Integer> m = members(c);
    return new long[] {m.size(), layout.size(m.get(m.size() - 1)), layout.size(m.get(0))};
  }

  public Filter[] filters(SizeClass c) {
    int[] of = tenantOfQuery.get(c);
    Filter[] out = new Filter[of.length];
    for (int i = 0; i < of.length; i++) {
      out[i] = TenantLayout.filter(of[i]);
    }
    return out;
  }

  /** Per query its tenant's shard key selector, or null with automatic sharding. */
  public ShardKeySelector[] selectors(SizeClass c) {
    if (layout.shardKeys() == 0) {
      return null;
    }
    int[] of = tenantOfQuery.get(c);
    ShardKeySelector[] out = new ShardKeySelector[of.length];
    for (int i = 0; i < of.length; i++) {
      out[i] = layout.selector(of[i]);
    }
    return out;
  }

  /** Per query the ids its tenant owns, for exact per-tenant ground truth. */
  public LongPredicate[] admitted(SizeClass c) {
    int[] of = tenantOfQuery.get(c);
    LongPredicate[] out = new LongPredicate[of.length];
    for (int i = 0; i < of.length; i++) {
      long from = layout.first(of[i]);
      long to = from + layout.size(of[i]);
      out[i] = id -> id >= from && id < to;
    }
    return out;
  }

  /** What the ground truth depends on, for its cache key. */
  public String identity(SizeClass c) {
    return layout + " draw=" + draw + " seed=" + seed + " class=" + c.label();
  }
}
