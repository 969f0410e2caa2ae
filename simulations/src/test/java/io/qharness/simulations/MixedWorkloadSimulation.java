package io.qharness.simulations;

import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.qharness.protocol.Qdrant.qdrant;
import static io.qharness.protocol.Qdrant.resultCount;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.PopulationBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.qharness.config.Catalog;
import io.qharness.config.Settings;
import io.qharness.protocol.OpenLoad;
import io.qharness.protocol.QdrantCheck;
import io.qharness.protocol.QueryGroupsActionBuilder;
import io.qharness.protocol.RecommendActionBuilder;
import io.qharness.protocol.SearchActionBuilder;
import io.qharness.run.Expectation;
import io.qharness.run.QharnessRun;
import io.qharness.simulation.LoadPhases;
import io.qharness.simulation.SearchSettings;
import io.qharness.simulation.UploadBatches;
import io.qharness.workload.Dataset;
import io.qharness.workload.PayloadGenerator;
import io.qharness.workload.PointBatches;
import io.qharness.workload.QuerySet;
import io.qharness.workload.RecommendQuerySet;
import io.qharness.workload.vectors.VectorDistance;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * The default qharness workload: create the collection (4 shards, replication 2), upload the data
 * set in parallel batches with payloads, wait until it is Green, then a mixed phase of top-k
 * searches, payload-filtered searches and upserts, each an open model at its own rate, with latency
 * measured from every request's intended start and recall@k measured against exact ground truth. An
 * optional fault schedule ({@code faults}) plays during the mixed phase; afterwards every
 * acknowledged upsert is read back (write audit).
 *
 * <p>Parameters come from {@code -Dqharness.*} system properties and {@code QHARNESS_*} environment
 * variables (see README). Without {@code qharness.hosts} it runs against the embedded test cluster,
 * a Qdrant-compatible test double, and says so.
 */
public class MixedWorkloadSimulation extends Simulation {
  private final QharnessRun run =
      QharnessRun.start(getClass(), defaults(Settings.fromEnvironment()));
  private final Dataset data = run.dataset();
  private final VectorDistance distance = run.distance(data);

  /** Request names of the warm-up phase start with this; compare and reports leave them out. */
  static final String WARMUP_PREFIX = Catalog.WARMUP_PREFIX;

  {
    Settings settings = run.settings();
    PayloadGenerator payloads = run.payloads();
    int topK = settings.get(Catalog.TOP_K);
    QuerySet queries =
        settings.get(Catalog.SEARCH_RATE) > 0 ? run.queries(data, distance, topK) : null;
    QuerySet filtered =
        settings.get(Catalog.FILTERED_SEARCH_RATE) > 0
            ? run.filteredQueries(data, distance, topK, payloads)
            : null;
    QuerySet grouped = null;
    if (settings.get(Catalog.GROUPED_SEARCH_RATE) > 0) {
      int size = settings.get(Catalog.GROUP_SIZE);
      if (topK * size > 10_000) {
        throw run.refuse(
            "topK="
                + topK
                + " groups of groupSize="
                + size
                + " points is more than 10000 points per grouped search; lower topK or"
                + " groupSize");
      }
      grouped = run.groupedQueries(data, distance, topK, size, payloads);
    }
    RecommendQuerySet recommend =
        settings.get(Catalog.RECOMMEND_RATE) > 0
            ? run.recommendQueries(data, distance, topK)
            : null;
    Duration warmup = settings.get(Catalog.WARMUP);
    List<PopulationBuilder> measured =
        mixedPhase(
            settings,
            payloads,
            queries,
            filtered,
            grouped,
            recommend,
            "",
            settings.get(Catalog.DURATION),
            null,
            run.scale() == null ? null : run.scale()::finished);
    if (run.faults() != null) {
      // the fault schedule's clock starts with the measured mixed phase; faults run on their own
      // thread
      measured.add(
          scenario("fault schedule")
              .exec(
                  session -> {
                    run.faults().start();
                    return session;
                  })
              .injectOpen(atOnceUsers(1)));
    }
    if (run.scale() != null) {
      // the scale schedule's clock too; the measured phase lasts until it has played and settled
      measured.add(
          scenario("scale schedule")
              .exec(
                  session -> {
                    run.scale().start();
                    return session;
                  })
              .injectOpen(atOnceUsers(1)));
    }

    List<Expectation> assertions = new ArrayList<>();
    assertions.add(Expectation.errorsAtMost(settings.get(Catalog.MAX_ERROR_PCT)));
    // a phase turned off (rate 0) sends nothing and is not asserted on; warm-up requests have their
    // own names
    if (settings.get(Catalog.SEARCH_RATE) > 0) {
      assertions.add(Expectation.succeeded("search"));
      assertions.add(Expectation.p99Below("search", settings.get(Catalog.P99_MS)));
    }
    if (settings.get(Catalog.UPSERT_RATE) > 0) {
      assertions.add(Expectation.succeeded("upsert"));
    }
    if (grouped != null) {
      assertions.add(Expectation.succeeded("grouped search"));
    }
    if (recommend != null) {
      assertions.add(Expectation.succeeded("recommend"));
    }

    PopulationBuilder setup =
        LoadPhases.createUploadAndWait(run, data, distance, payloads, LoadPhases.enterLoad(run));
    if (!warmup.isZero()) {
      // the nodes' counters from the end of the warm-up to the end of the run tell which path
      // served the measured searches and what the nodes used
      setup =
          setup.andThen(
              mixedPhase(
                  settings,
                  payloads,
                  queries,
                  filtered,
                  grouped,
                  recommend,
                  WARMUP_PREFIX,
                  warmup,
                  run.enter(QharnessRun.MEASURED_WINDOW),
                  null));
    }
    setUp(setup.andThen(measured)).protocols(run.protocol()).assertions(run.assertions(assertions));
  }

  /**
   * The mixed phase's scenarios at their rates for {@code duration}; with a prefix, the same load
   * under other request names (warm-up: JIT, connections and caches settle outside the figures).
   * {@code atEnd} (if not null) is run once, when the last of them has finished; {@code endWhen}
   * (if not null) ends the load early, once it says so.
   */
  private List<PopulationBuilder> mixedPhase(
      Settings settings,
      PayloadGenerator payloads,
      QuerySet queries,
      QuerySet filtered,
      QuerySet grouped,
      RecommendQuerySet recommend,
      String prefix,
      Duration duration,
      ChainBuilder atEnd,
      BooleanSupplier endWhen) {
    int topK = settings.get(Catalog.TOP_K);
    double upsertRate = settings.get(Catalog.UPSERT_RATE);
    List<ScenarioBuilder> phase = new ArrayList<>();
    if (queries != null) {
      OpenLoad load =
          run.load(
              prefix + "search",
              gate(OpenLoad.constant(settings.get(Catalog.SEARCH_RATE), duration), endWhen));
      phase.add(
          scenario(prefix + "search")
              .exec(
                  SearchSettings.all(
                          settings,
                          search(
                              prefix + "search", queries, topK, data.points(), run.recallCheck()))
                      .paced(load)));
    }
    if (filtered != null) {
      OpenLoad load =
          run.load(
              prefix + "filtered search",
              gate(
                  OpenLoad.constant(settings.get(Catalog.FILTERED_SEARCH_RATE), duration),
                  endWhen));
      phase.add(
          scenario(prefix + "filtered search")
              .exec(
                  SearchSettings.all(
                          settings,
                          qdrant(prefix + "filtered search").search().queries(filtered).limit(topK))
                      .paced(load)));
    }
    if (grouped != null) {
      OpenLoad load =
          run.load(
              prefix + "grouped search",
              gate(
                  OpenLoad.constant(settings.get(Catalog.GROUPED_SEARCH_RATE), duration), endWhen));
      QueryGroupsActionBuilder groups =
          qdrant(prefix + "grouped search")
              .queryGroups()
              .queries(grouped)
              .groupBy(PayloadGenerator.CATEGORY)
              .groupSize(settings.get(Catalog.GROUP_SIZE))
              .limit(topK);
      if (run.recallCheck() != null) {
        groups = groups.check(run.recallCheck());
      }
      phase.add(
          scenario(prefix + "grouped search")
              .exec(SearchSettings.all(settings, groups).paced(load)));
    }
    if (recommend != null) {
      OpenLoad load =
          run.load(
              prefix + "recommend",
              gate(OpenLoad.constant(settings.get(Catalog.RECOMMEND_RATE), duration), endWhen));
      RecommendActionBuilder reco =
          SearchSettings.all(
              settings, qdrant(prefix + "recommend").recommend().examples(recommend).limit(topK));
      if (run.recallCheck() != null) {
        reco = reco.check(run.recallCheck());
      }
      phase.add(scenario(prefix + "recommend").exec(reco.paced(load)));
    }
    if (upsertRate > 0) {
      OpenLoad load =
          run.load(prefix + "upsert", gate(OpenLoad.constant(upsertRate, duration), endWhen));
      PointBatches updates =
          UploadBatches.of(
              settings,
              data,
              settings.get(Catalog.UPSERT_BATCH),
              PointBatches.Mode.RANDOM_OVERWRITE,
              payloads);
      phase.add(
          scenario(prefix + "upsert")
              .exec(qdrant(prefix + "upsert").upsert().batches(updates).paced(load)));
    }
    if (phase.isEmpty()) {
      throw run.refuse(
          "searchRate, filteredSearchRate, groupedSearchRate, recommendRate and upsertRate are all"
              + " 0: the mixed phase would send nothing; give at least one a rate");
    }
    ChainBuilder end = atEnd == null ? null : LoadPhases.lastOut(phase.size(), atEnd);
    List<PopulationBuilder> populations = new ArrayList<>();
    for (ScenarioBuilder scenario : phase) {
      populations.add((end == null ? scenario : scenario.exec(end)).injectOpen(atOnceUsers(1)));
    }
    return populations;
  }

  private static OpenLoad gate(OpenLoad load, BooleanSupplier endWhen) {
    return endWhen == null ? load : load.until(endWhen);
  }

  /**
   * The settings this workload runs with: the environment's, with workload defaults a subclass adds
   * (ScaleOut's schedule).
   */
  protected Settings defaults(Settings settings) {
    return settings;
  }

  private static SearchActionBuilder search(
      String name, QuerySet queries, int topK, long points, QdrantCheck recallCheck) {
    SearchActionBuilder s =
        qdrant(name)
            .search()
            .queries(queries)
            .limit(topK)
            .check(resultCount().is((int) Math.min(topK, points)));
    return recallCheck == null ? s : s.check(recallCheck);
  }

  @Override
  public void after() {
    run.audit(data, distance);
    data.close();
    run.close();
  }
}
