package io.qharness.run;

import io.qdrant.client.grpc.Common.Filter;
import io.qdrant.client.grpc.Points.ShardKeySelector;
import io.qharness.config.Catalog;
import io.qharness.config.Settings;
import io.qharness.results.ResultsLocation;
import io.qharness.results.RunFile;
import io.qharness.results.RunFile.Section;
import io.qharness.results.RunRecord;
import io.qharness.workload.Dataset;
import io.qharness.workload.PayloadGenerator;
import io.qharness.workload.QuerySet;
import io.qharness.workload.RecommendQuerySet;
import io.qharness.workload.hybrid.Fusion;
import io.qharness.workload.hybrid.HybridGroundTruth;
import io.qharness.workload.hybrid.HybridQuerySet;
import io.qharness.workload.sparse.SparseVector;
import io.qharness.workload.sparse.SparseVectorSet;
import io.qharness.workload.tenants.TenantLayout;
import io.qharness.workload.tenants.TenantLayout.SizeClass;
import io.qharness.workload.tenants.TenantQueries;
import io.qharness.workload.truth.GroundTruths;
import io.qharness.workload.vectors.VectorDistance;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongPredicate;

/**
 * A run's data: the data set the settings name, the distance to search it with, its queries with
 * exact ground truth (cached under the results directory), and the payloads; what was used goes in
 * run.json ({@code data}).
 */
public final class RunData {
  private final Settings settings;
  private final RunRecord record;
  private final PrintStream out;
  private final Map<String, String> data = new LinkedHashMap<>();
  private long points;
  private int dimension;

  RunData(Settings settings, RunRecord record, PrintStream out) {
    this.settings = settings;
    this.record = record;
    this.out = out;
  }

  /** Points and dimension of the data set opened last (0 before). */
  long points() {
    return points;
  }

  int dimension() {
    return dimension;
  }

  Path cacheDir() {
    return cacheDir(settings);
  }

  /** cacheDir, else {@code <resultsDir>/cache}. */
  static Path cacheDir(Settings settings) {
    if (settings.isSet(Catalog.CACHE_DIR)) {
      return ResultsLocation.resolve(settings.get(Catalog.CACHE_DIR));
    }
    return ResultsLocation.resolve(settings.get(Catalog.RESULTS_DIR)).resolve("cache");
  }

  Dataset dataset() {
    Dataset d;
    if (settings.isSet(Catalog.DATASET)) {
      long cap =
          settings.value(Catalog.POINTS).source() == Settings.Source.DEFAULT
              ? 0
              : settings.get(Catalog.POINTS);
      d =
          Dataset.open(
              settings.get(Catalog.DATASET), settings.get(Catalog.QUERIES), cap, cacheDir());
    } else {
      d = Dataset.open(syntheticSpec(settings), settings.get(Catalog.QUERIES), 0);
    }
    points = d.points();
    dimension = d.dimension();
    data.put("spec", d.spec());
    data.put("description", d.description());
    record.put(Section.DATA, data, true);
    return d;
  }

  /** The data set spec of the run's synthetic vectors (no dataset file), as the run records it. */
  public static String syntheticSpec(Settings settings) {
    return "synthetic:"
        + settings.get(Catalog.DISTRIBUTION).name().toLowerCase(Locale.ROOT)
        + "?dim="
        + settings.get(Catalog.DIM)
        + "&n="
        + settings.get(Catalog.POINTS)
        + "&seed="
        + settings.get(Catalog.SEED)
        + "&queries="
        + settings.get(Catalog.QUERIES);
  }

  VectorDistance distance(Dataset d) {
    boolean explicit = settings.value(Catalog.DISTANCE).source() != Settings.Source.DEFAULT;
    if (!explicit && d.distance() != null) {
      return d.distance();
    }
    VectorDistance chosen = settings.get(Catalog.DISTANCE);
    if (d.distance() != null && d.distance() != chosen) {
      out.println(
          "qharness: data set "
              + d.spec()
              + " was built for "
              + d.distance()
              + ", searching with "
              + chosen
              + " as configured; shipped neighbours are not used");
    }
    return chosen;
  }

  QuerySet queries(Dataset d, VectorDistance distance, int k) {
    QuerySet q = new QuerySet(d.queries(), null, d.spec() + " queries");
    if (!settings.get(Catalog.GROUND_TRUTH)) {
      return q;
    }
    GroundTruths.Truth t = GroundTruths.groundTruth(d, distance, k, null, null, cacheDir());
    out.println("qharness: ground truth for " + d.queries().length + " queries: " + t.source());
    data.put("groundTruth", t.source());
    record.put(Section.DATA, data, true);
    return q.withGroundTruth(t.ids());
  }

  QuerySet groupedQueries(
      Dataset d, VectorDistance distance, int groups, int groupSize, PayloadGenerator payloads) {
    QuerySet q = new QuerySet(d.queries(), null, d.spec() + " queries");
    if (!settings.get(Catalog.GROUND_TRUTH)) {
      return q;
    }
    GroundTruths.Truth t =
        GroundTruths.groupedTruth(
            d,
            distance,
            groups,
            groupSize,
            payloads::categoryIndex,
            payloads.categories(),
            payloads + " " + PayloadGenerator.CATEGORY,
            cacheDir());
    out.printf(
        Locale.ROOT,
        "qharness: grouped ground truth (the %d best %s groups of up to %d points): %s%n",
        groups,
        PayloadGenerator.CATEGORY,
        groupSize,
        t.source());
    data.put("groupedGroundTruth", t.source());
    record.put(Section.DATA, data, true);
    return q.withGroundTruth(t.ids());
  }

  RecommendQuerySet recommendQueries(Dataset d, VectorDistance distance, int k) {
    int positive = settings.get(Catalog.RECOMMEND_POSITIVES);
    int negative = settings.get(Catalog.RECOMMEND_NEGATIVES);
    long seed = settings.get(Catalog.SEED);
    RecommendQuerySet set =
        RecommendQuerySet.draw(d.queries().length, d.points(), positive, negative, seed);
    if (!settings.get(Catalog.GROUND_TRUTH)) {
      return set;
    }
    GroundTruths.Truth t =
        GroundTruths.recommendTruth(
            d,
            distance,
            k,
            set,
            "positive=" + positive + " negative=" + negative + " seed=" + seed,
            cacheDir());
    out.printf(
        Locale.ROOT,
        "qharness: recommendation ground truth (%d positive, %d negative examples,"
            + " average_vector): %s%n",
        positive,
        negative,
        t.source());
    data.put("recommendGroundTruth", t.source());
    record.put(Section.DATA, data, true);
    return set.withGroundTruth(t.ids());
  }

  QuerySet filteredQueries(Dataset d, VectorDistance distance, int k, PayloadGenerator payloads) {
    int n = d.queries().length;
    if (d.filtered() != null) {
      // the data set's own conditions and exact filtered neighbours (tests.jsonl)
      Dataset.Filtered f = d.filtered();
      out.printf(
          Locale.ROOT,
          "qharness: filtered queries: the data set's own %d filters and neighbours; payload"
              + " indexes on %s%n",
          n,
          f.indexes());
      data.put("filteredGroundTruth", "shipped with the data set (tests.jsonl closest_ids)");
      record.put(Section.DATA, data, true);
      return new QuerySet(d.queries(), null, d.spec() + " tests")
          .withFilters(f.filters(), "the data set's conditions")
          .withGroundTruth(f.neighbours());
    }
    Filter[] filters = new Filter[n];
    LongPredicate[] admitted = new LongPredicate[n];
    QuerySet q;
    String truthKey;
    if (settings.isSet(Catalog.FILTER_SELECTIVITY)) {
      double selectivity = settings.get(Catalog.FILTER_SELECTIVITY);
      long[][] windows = payloads.rankWindows(n, selectivity);
      for (int i = 0; i < n; i++) {
        filters[i] = PayloadGenerator.rankFilter(windows[i][0], windows[i][1]);
        admitted[i] = payloads.rankPredicate(windows[i][0], windows[i][1]);
      }
      q =
          new QuerySet(d.queries(), null, d.spec() + " queries")
              .withFilters(
                  filters, "rank range of " + settings.value(Catalog.FILTER_SELECTIVITY).text());
      recordSelectivity(
          PayloadGenerator.RANK, payloads.matchedShares(d.vectorsInUse().size(), windows));
      truthKey = payloads + " rank windows " + selectivity;
    } else {
      String[] categories = payloads.queryCategories(n);
      for (int i = 0; i < n; i++) {
        filters[i] = PayloadGenerator.categoryFilter(categories[i]);
        admitted[i] = payloads.categoryPredicate(categories[i]);
      }
      q = new QuerySet(d.queries(), null, d.spec() + " queries").withFilters(filters, "category");
      Map<String, Double> shares = payloads.matchedShares(d.vectorsInUse().size());
      double[] perQuery = new double[n];
      for (int i = 0; i < n; i++) {
        perQuery[i] = shares.getOrDefault(categories[i], 0.0);
      }
      recordSelectivity(PayloadGenerator.CATEGORY, perQuery);
      truthKey = payloads.toString();
    }
    if (!settings.get(Catalog.GROUND_TRUTH)) {
      return q;
    }
    GroundTruths.Truth t = GroundTruths.groundTruth(d, distance, k, admitted, truthKey, cacheDir());
    out.println("qharness: filtered ground truth: " + t.source());
    data.put("filteredGroundTruth", t.source());
    record.put(Section.DATA, data, true);
    return q.withGroundTruth(t.ids());
  }

  /**
   * Per size class the data set's queries, each filtered to the tenant {@code draw} picked for it
   * (and sent to its shard key), with exact ground truth over that tenant's points.
   */
  Map<SizeClass, QuerySet> tenantQueries(
      Dataset d, VectorDistance distance, int k, TenantQueries draw) {
    Map<SizeClass, QuerySet> sets = new EnumMap<>(SizeClass.class);
    data.put("tenants", draw.layout().toString() + ", searches drawn " + draw.draw());
    for (SizeClass c : draw.classes()) {
      QuerySet q =
          new QuerySet(d.queries(), null, d.spec() + " queries")
              .withFilters(draw.filters(c), TenantLayout.FIELD + " (" + c.label() + " tenants)");
      ShardKeySelector[] keys = draw.selectors(c);
      if (keys != null) {
        q = q.withShardKeys(keys, "their tenant's shard key");
      }
      long[] sizes = draw.tenantsAndSizes(c);
      out.printf(
          Locale.ROOT,
          "qharness: %s tenants: %d, %d to %d points each, %.1f %% of the searches%n",
          c.label(),
          sizes[0],
          sizes[1],
          sizes[2],
          100 * draw.rateShare(c));
      if (settings.get(Catalog.GROUND_TRUTH)) {
        GroundTruths.Truth t =
            GroundTruths.groundTruth(
                d, distance, k, draw.admitted(c), draw.identity(c), cacheDir());
        out.println("qharness: " + c.label() + " tenants' ground truth: " + t.source());
        data.put("tenantGroundTruth", t.source());
        q = q.withGroundTruth(t.ids());
      }
      sets.put(c, q);
    }
    record.put(Section.DATA, data, true);
    return sets;
  }

  /**
   * How selective the filtered queries are: the share of the points each query's filter admits,
   * printed and kept in run.json next to the filtered recall it qualifies.
   */
  private void recordSelectivity(String field, double[] shares) {
    double sum = 0;
    double min = Double.POSITIVE_INFINITY;
    double max = 0;
    for (double s : shares) {
      sum += s;
      min = Math.min(min, s);
      max = Math.max(max, s);
    }
    double mean = shares.length == 0 ? 0 : sum / shares.length;
    RunFile.FilterSelectivity f =
        new RunFile.FilterSelectivity(
            field,
            settings.get(Catalog.PAYLOAD_INDEX).name().toLowerCase(Locale.ROOT),
            shares.length,
            mean,
            shares.length == 0 ? 0 : min,
            max);
    record.put(Section.FILTERS, f, true);
    out.printf(
        Locale.ROOT,
        "qharness: filtered queries match %.2f %% of the points on average (%.2f %% to %.2f %%;"
            + " field '%s', payload index %s)%n",
        100 * f.matchedShareMean(),
        100 * f.matchedShareMin(),
        100 * f.matchedShareMax(),
        f.field(),
        f.payloadIndex());
  }

  /**
   * Hybrid queries: the data set's dense queries paired with sparse ones, with ground truth (unless
   * groundTruth=false) stated as what it is: the fusion of the exact per-vector results.
   */
  HybridQuerySet hybridQueries(
      Dataset d,
      VectorDistance distance,
      SparseVectorSet sparse,
      SparseVectorSet sparseQueries,
      int k) {
    float[][] dense = d.queries();
    SparseVector[] sq = new SparseVector[dense.length];
    for (int i = 0; i < sq.length; i++) {
      sq[i] = sparseQueries.get(i);
    }
    Fusion fusion = settings.get(Catalog.FUSION);
    int prefetch = settings.get(Catalog.PREFETCH_LIMIT);
    boolean idf = settings.get(Catalog.SPARSE_IDF);
    String what =
        String.format(
            Locale.ROOT,
            "%s fusion of the exact dense top-%d and the exact sparse top-%d%s, cut to %d",
            fusion.name().toLowerCase(Locale.ROOT),
            prefetch,
            prefetch,
            idf ? " (IDF over the whole collection; Qdrant weighs per shard)" : "",
            k);
    data.put("sparse", sparse.description());
    long[][] truth = null;
    if (settings.get(Catalog.GROUND_TRUTH)) {
      long started = System.nanoTime();
      truth =
          HybridGroundTruth.compute(
              d.vectorsInUse(),
              sparse,
              d.vectorsInUse().size(),
              dense,
              sq,
              distance,
              fusion,
              prefetch,
              k,
              Runtime.getRuntime().availableProcessors(),
              idf);
      out.printf(
          Locale.ROOT,
          "qharness: hybrid ground truth for %d queries (%s): %.1f s%n",
          dense.length,
          what,
          (System.nanoTime() - started) / 1e9);
      data.put("hybridGroundTruth", what);
    }
    record.put(Section.DATA, data, true);
    return new HybridQuerySet(dense, sq, truth, d.spec() + " queries + sparse queries");
  }

  PayloadGenerator payloads() {
    return new PayloadGenerator(
        settings.get(Catalog.PAYLOAD_CATEGORIES),
        settings.get(Catalog.PAYLOAD_SKEW),
        settings.get(Catalog.SEED));
  }
}
