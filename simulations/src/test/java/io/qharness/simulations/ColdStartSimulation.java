package io.qharness.simulations;

import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.qharness.protocol.Qdrant.qdrant;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.PopulationBuilder;
import io.gatling.javaapi.core.Simulation;
import io.qharness.config.Catalog;
import io.qharness.config.Settings;
import io.qharness.protocol.OpenLoad;
import io.qharness.protocol.SearchActionBuilder;
import io.qharness.run.ColdStart;
import io.qharness.run.Expectation;
import io.qharness.run.QharnessRun;
import io.qharness.simulation.LoadPhases;
import io.qharness.simulation.SearchSettings;
import io.qharness.workload.Dataset;
import io.qharness.workload.QuerySet;
import io.qharness.workload.vectors.VectorDistance;
import java.time.Duration;

/**
 * Cold against warm: after the load and a warm-up (warmup: it reads what the index build left on
 * disk), searches at searchRate for duration on the warm cluster ("search warm"); then the nodes
 * coldRestart names restart (with coldCacheCommand run while they are down, to empty the OS page
 * cache), and once each answers /readyz and the collection is Green the same searches run for
 * duration again ("search cold"). The record's {@code coldStart} gives the time until the cold p99
 * settles within 1.5x the warm one, and the major page faults and bytes read from disk of each
 * phase. Vectors in RAM, on disk (onDisk=true) or with the graph on disk too (hnswOnDisk=true) are
 * three runs.
 *
 * <pre>
 * ./qharness run ColdStart --hosts ... --on-disk true --fault-stop-command 'kill -TERM {pid}' \
 *     --fault-start-command 'systemctl start qdrant@{n}' --cold-cache-command 'sync; echo 3 >
 *     /proc/sys/vm/drop_caches'
 * </pre>
 */
public class ColdStartSimulation extends Simulation {
  static final String WARM = "search warm";
  static final String COLD = "search cold";

  private final QharnessRun run =
      QharnessRun.start(
          getClass(),
          Settings.fromEnvironment()
              .withDefault(
                  Catalog.REPORT_INTERVAL,
                  "1s",
                  "ColdStartSimulation: the settling is timed per s"));
  private final Dataset data = run.dataset();
  private final VectorDistance distance = run.distance(data);

  {
    Settings settings = run.settings();
    if (settings.get(Catalog.SEARCH_RATE) <= 0) {
      throw run.refuse("searchRate=0: the warm and cold searches need a rate above 0");
    }
    ColdStart cold = run.coldStart(WARM, COLD);
    QuerySet queries = run.queries(data, distance, settings.get(Catalog.TOP_K));
    ChainBuilder ready = LoadPhases.waitForGreen(run).exec(run.enter(ColdStart.COLD_PHASE));
    // the warm-up reads what the index build left on disk, so that the warm phase is warm
    Duration warmup = settings.get(Catalog.WARMUP);
    PopulationBuilder chain =
        LoadPhases.createUploadAndWait(
            run,
            data,
            distance,
            run.payloads(),
            run.enter(warmup.isZero() ? ColdStart.WARM_PHASE : QharnessRun.WARMUP_PHASE));
    if (!warmup.isZero()) {
      chain =
          chain.andThen(
              search(
                  Catalog.WARMUP_PREFIX + WARM,
                  queries,
                  warmup,
                  LoadPhases.nothing(),
                  run.enter(ColdStart.WARM_PHASE)));
    }
    chain =
        chain
            .andThen(
                search(
                    WARM,
                    queries,
                    settings.get(Catalog.DURATION),
                    LoadPhases.nothing(),
                    cold.restart().exec(ready)))
            .andThen(
                search(
                    COLD,
                    queries,
                    settings.get(Catalog.DURATION),
                    cold.skipUnlessRestarted(),
                    LoadPhases.nothing()));
    setUp(chain)
        .protocols(run.protocol())
        .assertions(
            run.assertions(
                Expectation.errorsAtMost(settings.get(Catalog.MAX_ERROR_PCT)),
                Expectation.succeeded(WARM),
                Expectation.succeeded(COLD)));
  }

  private PopulationBuilder search(
      String name, QuerySet queries, Duration length, ChainBuilder atStart, ChainBuilder atEnd) {
    Settings settings = run.settings();
    SearchActionBuilder search =
        SearchSettings.all(
            settings, qdrant(name).search().queries(queries).limit(settings.get(Catalog.TOP_K)));
    if (run.recallCheck() != null) {
      search = search.check(run.recallCheck());
    }
    OpenLoad load = run.load(name, OpenLoad.constant(settings.get(Catalog.SEARCH_RATE), length));
    return scenario(name)
        .exec(atStart)
        .exec(search.paced(load))
        .exec(atEnd)
        .injectOpen(atOnceUsers(1));
  }

  @Override
  public void after() {
    run.audit(data, distance);
    data.close();
    run.close();
  }
}
