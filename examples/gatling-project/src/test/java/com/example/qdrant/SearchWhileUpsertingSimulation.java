package com.example.qdrant;

import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.qharness.protocol.Qdrant.qdrant;
import static io.qharness.protocol.Qdrant.resultCount;

import io.gatling.javaapi.core.PopulationBuilder;
import io.gatling.javaapi.core.Simulation;
import io.qharness.config.Catalog;
import io.qharness.config.Settings;
import io.qharness.protocol.OpenLoad;
import io.qharness.protocol.SearchActionBuilder;
import io.qharness.run.Expectation;
import io.qharness.run.QharnessRun;
import io.qharness.simulation.LoadPhases;
import io.qharness.simulation.SearchSettings;
import io.qharness.simulation.UploadBatches;
import io.qharness.workload.Dataset;
import io.qharness.workload.PointBatches;
import io.qharness.workload.QuerySet;
import io.qharness.workload.vectors.VectorDistance;
import java.time.Duration;

/**
 * Your own workload with qharness: load the data set, then top-k searches (recall checked against
 * exact ground truth) while upserts overwrite points, each an open model at its own rate.
 *
 * <p>Settings come from {@code -Dqharness.*}: without {@code qharness.hosts} the run targets the
 * embedded test double; {@code -Dqharness.hosts=127.0.0.1:6334,...} targets a real cluster.
 * Afterwards every acknowledged upsert is read back (write audit) and the run record lands in
 * {@code results/}.
 */
public class SearchWhileUpsertingSimulation extends Simulation {
  private final QharnessRun run = QharnessRun.start(getClass());
  private final Dataset data = run.dataset();
  private final VectorDistance distance = run.distance(data);

  {
    Settings settings = run.settings();
    int topK = settings.get(Catalog.TOP_K);
    Duration duration = settings.get(Catalog.DURATION);

    QuerySet queries = run.queries(data, distance, topK);
    SearchActionBuilder search =
        qdrant("search")
            .search()
            .queries(queries)
            .limit(topK)
            .check(resultCount().is((int) Math.min(topK, data.points())));
    if (run.recallCheck() != null) {
      search = search.check(run.recallCheck());
    }
    OpenLoad searches =
        run.load("search", OpenLoad.constant(settings.get(Catalog.SEARCH_RATE), duration));
    OpenLoad upserts =
        run.load("upsert", OpenLoad.constant(settings.get(Catalog.UPSERT_RATE), duration));
    PointBatches updates =
        UploadBatches.of(
            settings,
            data,
            settings.get(Catalog.UPSERT_BATCH),
            PointBatches.Mode.RANDOM_OVERWRITE,
            run.payloads());

    PopulationBuilder ready =
        LoadPhases.createUploadAndWait(
            run, data, distance, run.payloads(), run.enter(QharnessRun.MEASURED_WINDOW));
    setUp(ready.andThen(
            scenario("search")
                .exec(SearchSettings.all(settings, search).paced(searches))
                .injectOpen(atOnceUsers(1)),
            scenario("upsert")
                .exec(qdrant("upsert").upsert().batches(updates).paced(upserts))
                .injectOpen(atOnceUsers(1))))
        .protocols(run.protocol())
        // Gatling's assertions, or qharness's verdict on the same conditions when
        // -Dqharness.gatlingStats=false keeps responses out of Gatling's stats engine
        .assertions(
            run.assertions(
                Expectation.errorsAtMost(settings.get(Catalog.MAX_ERROR_PCT)),
                Expectation.succeeded("search"),
                Expectation.p99Below("search", settings.get(Catalog.P99_MS))));
  }

  @Override
  public void after() {
    run.audit(data, distance);
    data.close();
    run.close();
  }
}
