package io.qharness.workload.tenants;

import io.qharness.workload.QueryRecall;
import io.qharness.workload.tenants.TenantLayout.SizeClass;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Recall per tenant, from the recall each query's responses had ({@link QueryRecall}) and the
 * tenant each query searched: a tenant's recall is the mean over its responses, a class's the mean
 * over its searched tenants (each tenant counts once, however often it was searched), so a few
 * tenants an index serves badly show even when the many served well hide them in the overall mean.
 */
public final class TenantRecall {
  /** How many of the lowest-recall tenants a report names. */
  public static final int LOWEST = 5;

  private TenantRecall() {}

  /** Recall of the tenants of one size class; null when none of them was measured. */
  public record ClassRecall(
      String sizeClass,
      long tenants,
      long minPoints,
      long maxPoints,
      double searchShare,
      int tenantsMeasured,
      Double meanTenantRecall,
      Double minTenantRecall) {}

  /** One tenant's recall. */
  public record Tenant(
      String tenant, String sizeClass, long points, long responses, double recall) {}

  /** The whole report: run.json {@code tenants}. */
  public record Report(
      String layout,
      String draw,
      int shardKeys,
      List<ClassRecall> classes,
      List<Tenant> lowestRecall) {}

  public static Report of(TenantQueries queries, Map<SizeClass, QueryRecall> recall) {
    TenantLayout layout = queries.layout();
    double[] sums = new double[layout.tenants()];
    long[] counts = new long[layout.tenants()];
    List<ClassRecall> classes = new ArrayList<>();
    List<Tenant> measured = new ArrayList<>();
    for (SizeClass c : queries.classes()) {
      QueryRecall r = recall.get(c);
      for (int i = 0; r != null && i < queries.queries(c); i++) {
        int t = queries.tenant(c, i);
        sums[t] += r.sum(i);
        counts[t] += r.count(i);
      }
      double classSum = 0;
      double min = 1;
      int n = 0;
      for (int t = 0; t < layout.tenants(); t++) {
        if (layout.sizeClass(t) != c || counts[t] == 0) {
          continue;
        }
        double mean = sums[t] / counts[t];
        measured.add(new Tenant(TenantLayout.name(t), c.label(), layout.size(t), counts[t], mean));
        classSum += mean;
        min = Math.min(min, mean);
        n++;
      }
      long[] sizes = queries.tenantsAndSizes(c);
      classes.add(
          new ClassRecall(
              c.label(),
              sizes[0],
              sizes[1],
              sizes[2],
              queries.rateShare(c),
              n,
              n == 0 ? null : classSum / n,
              n == 0 ? null : min));
    }
    measured.sort(Comparator.comparingDouble(Tenant::recall).thenComparing(Tenant::tenant));
    return new Report(
        layout.toString(),
        queries.draw().name().toLowerCase(Locale.ROOT),
        layout.shardKeys(),
        classes,
        List.copyOf(measured.subList(0, Math.min(LOWEST, measured.size()))));
  }
}
