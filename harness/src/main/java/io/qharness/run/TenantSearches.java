package io.qharness.run;

import io.qharness.workload.QueryRecall;
import io.qharness.workload.QuerySet;
import io.qharness.workload.tenants.TenantLayout.SizeClass;
import io.qharness.workload.tenants.TenantQueries;
import io.qharness.workload.tenants.TenantRecall;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * A multi-tenant run's searches: per size class the queries filtered to their tenants (and sent to
 * their shard keys), with exact per-tenant ground truth; the measured ones sum their recall per
 * query so that {@link #report()} can give it per tenant.
 */
public final class TenantSearches {
  private final TenantQueries draw;
  private final Map<SizeClass, QuerySet> warmup = new EnumMap<>(SizeClass.class);
  private final Map<SizeClass, QuerySet> measured = new EnumMap<>(SizeClass.class);
  private final Map<SizeClass, QueryRecall> recall = new EnumMap<>(SizeClass.class);

  TenantSearches(TenantQueries draw, Map<SizeClass, QuerySet> sets) {
    this.draw = draw;
    sets.forEach(
        (c, q) -> {
          QueryRecall sink = new QueryRecall(q.size());
          warmup.put(c, q);
          measured.put(c, q.withRecallPerQuery(sink));
          recall.put(c, sink);
        });
  }

  /** The size classes searched, largest tenants first. */
  public List<SizeClass> classes() {
    return draw.classes();
  }

  /** Class c's queries for the warm-up: their recall is not part of the report. */
  public QuerySet warmup(SizeClass c) {
    return warmup.get(c);
  }

  public QuerySet measured(SizeClass c) {
    return measured.get(c);
  }

  /** Class c's part of {@code total} searches per second. */
  public double rate(SizeClass c, double total) {
    return total * draw.rateShare(c);
  }

  /** Recall per tenant and per class over the measured searches. */
  public TenantRecall.Report report() {
    return TenantRecall.of(draw, recall);
  }
}
