package io.qharness.simulations;

import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.pace;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.qharness.protocol.Qdrant.qdrant;
import static io.qharness.protocol.Qdrant.updateStatus;

import io.gatling.javaapi.core.PopulationBuilder;
import io.gatling.javaapi.core.Simulation;
import io.qdrant.client.grpc.Points.UpdateStatus;
import io.qharness.config.Catalog;
import io.qharness.config.Settings;
import io.qharness.protocol.OpenLoad;
import io.qharness.run.Expectation;
import io.qharness.run.QharnessRun;
import io.qharness.simulation.CollectionSettings;
import io.qharness.simulation.SearchSettings;
import io.qharness.simulation.UploadBatches;
import io.qharness.workload.Dataset;
import io.qharness.workload.PayloadGenerator;
import io.qharness.workload.PointBatches;
import io.qharness.workload.QuerySet;
import io.qharness.workload.vectors.VectorDistance;
import java.time.Duration;

/**
 * Searches while the collection grows: create an empty collection, write the data set into it at
 * ingestRate (one batch acknowledged before the next, point 0 first) while top-k searches run at
 * searchRate, an open model. Latency, throughput and recall are reported per fill stage
 * (growthStages): recall against the exact top-k of the points acknowledged when each search was
 * sent. VectorDBBench calls this the streaming case.
 */
public class GrowingCollectionSimulation extends Simulation {
  private final QharnessRun run = QharnessRun.start(getClass());
  private final Dataset data = run.dataset();
  private final VectorDistance distance = run.distance(data);

  {
    Settings settings = run.settings();
    if (!settings.get(Catalog.UPLOAD)) {
      throw run.refuse(
          "upload=false: a growing collection is filled by this run from empty; drop"
              + " upload=false");
    }
    if (settings.get(Catalog.SEARCH_RATE) <= 0) {
      throw run.refuse("searchRate=0: the growing collection's searches need a rate above 0");
    }
    int topK = settings.get(Catalog.TOP_K);
    int batch = settings.get(Catalog.BATCH_SIZE);
    double ingestRate = settings.get(Catalog.INGEST_RATE);
    PayloadGenerator payloads = run.payloads();
    PointBatches fill =
        UploadBatches.of(settings, data, batch, PointBatches.Mode.SEQUENTIAL, payloads);
    // a search sent now may see every point handed to an upsert so far, and the next batch
    QuerySet queries =
        run.growingQueries(data, distance, topK, "search", () -> fill.taken() + batch);
    Duration every = Duration.ofNanos((long) (batch / ingestRate * 1e9));
    Duration length = Duration.ofNanos((long) (data.points() / ingestRate * 1e9));
    OpenLoad searches =
        run.load("search", OpenLoad.constant(settings.get(Catalog.SEARCH_RATE), length));

    PopulationBuilder ingest =
        scenario("ingest")
            .asLongAs(session -> !fill.exhausted())
            .on(
                pace(every)
                    .exec(
                        qdrant("ingest batch")
                            .upsert()
                            .batches(fill)
                            .check(updateStatus().is(UpdateStatus.Completed))))
            .injectOpen(atOnceUsers(1));
    PopulationBuilder search =
        scenario("search")
            .exec(
                SearchSettings.all(settings, qdrant("search").search().queries(queries).limit(topK))
                    .paced(searches))
            .injectOpen(atOnceUsers(1));
    PopulationBuilder create =
        scenario("setup")
            .exec(
                exec(qdrant("delete collection").deleteCollection())
                    .exec(CollectionSettings.create(run, data, distance, null, null))
                    .exitHereIfFailed()
                    .exec(run.enter(QharnessRun.MEASURED_WINDOW)))
            .injectOpen(atOnceUsers(1));
    setUp(create.andThen(ingest, search))
        .protocols(run.protocol())
        .assertions(run.assertions(Expectation.errorsAtMost(settings.get(Catalog.MAX_ERROR_PCT))));
  }

  @Override
  public void after() {
    run.audit(data, distance);
    data.close();
    run.close();
  }
}
