package io.qharness.simulations;

import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.pause;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.qharness.protocol.Qdrant.qdrant;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.qharness.config.Catalog;
import io.qharness.config.Settings;
import io.qharness.protocol.OpenLoad;
import io.qharness.protocol.QdrantCheck;
import io.qharness.protocol.SearchActionBuilder;
import io.qharness.run.CapacitySweep;
import io.qharness.run.QharnessRun;
import io.qharness.simulation.LoadPhases;
import io.qharness.simulation.SearchSettings;
import io.qharness.workload.Dataset;
import io.qharness.workload.PayloadGenerator;
import io.qharness.workload.QuerySet;
import io.qharness.workload.vectors.VectorDistance;
import java.time.Duration;

/**
 * Capacity planning: load the data set, then step the offered search rate up (open model, latency
 * from intended start) from capacityStartRate by capacityStepRate, holding each step
 * capacityStepDuration, until capacityMaxRate or until a step clearly breaks the SLO
 * (sloPercentile, sloMs, sloErrorPct, sloMinRecall). At the end the run folder gets capacity.json,
 * capacity.html (self-contained, charts) and capacity.md: maximum sustainable throughput, knee,
 * per-node capacity, and with projectRate a projection of the nodes needed.
 *
 * <pre>mvn gatling:test -Dqharness.simulation=io.qharness.simulations.CapacitySimulation</pre>
 */
public class CapacitySimulation extends Simulation {
  private final QharnessRun run = QharnessRun.start(getClass());
  private final Dataset data = run.dataset();

  {
    Settings settings = run.settings();
    int topK = settings.get(Catalog.TOP_K);
    VectorDistance distance = run.distance(data);
    PayloadGenerator payloads = run.payloads();
    QuerySet queries = run.queries(data, distance, topK);
    CapacitySweep sweep = run.capacitySweep("search");
    QdrantCheck recallCheck = run.recallCheck();

    ChainBuilder steps = exec(session -> session);
    for (int r = 0; r < sweep.rounds(); r++) {
      int round = r;
      if (round > 0) {
        // the scale event between the sweeps (a node joins, shards spread onto it), then the
        // same rates again at the new size
        steps =
            steps
                .exec(
                    session -> {
                      run.scale().start();
                      return session;
                    })
                .asLongAs(session -> !run.scale().finished())
                .on(pause(Duration.ofMillis(200)))
                .exitHereIf(session -> run.scale().failure() != null);
      }
      for (int i = 0; i < sweep.rates().size(); i++) {
        int step = sweep.index(round, i);
        SearchActionBuilder search =
            SearchSettings.all(settings, qdrant("search").search().queries(queries).limit(topK));
        if (recallCheck != null) {
          search = search.check(recallCheck);
        }
        steps =
            steps
                .doIf(session -> !sweep.stopped(round))
                .then(
                    exec(session -> {
                          sweep.stepStarted(step);
                          return session;
                        })
                        .exec(
                            search.paced(
                                OpenLoad.constant(
                                    sweep.rates().get(step % sweep.rates().size()),
                                    sweep.stepDuration())))
                        .exec(
                            session -> {
                              sweep.stepEnded(step);
                              return session;
                            })
                        .pause(sweep.settle())
                        .exec(
                            session -> {
                              sweep.evaluate(step);
                              return session;
                            }));
      }
    }
    ScenarioBuilder capacity = scenario("capacity sweep").exec(steps);

    // the nodes' search-path counters from here to the end: which path served the sweep's searches
    setUp(
            LoadPhases.createUploadAndWait(
                    run, data, distance, payloads, run.enter(QharnessRun.MEASURED_WINDOW))
                .andThen(capacity.injectOpen(atOnceUsers(1))))
        .protocols(run.protocol());
  }

  @Override
  public void after() {
    data.close();
    run.close();
  }
}
