package io.qharness.simulations;

import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.qharness.protocol.Qdrant.qdrant;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.PopulationBuilder;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.core.Simulation;
import io.qharness.config.Catalog;
import io.qharness.config.Settings;
import io.qharness.protocol.OpenLoad;
import io.qharness.protocol.SearchActionBuilder;
import io.qharness.run.Expectation;
import io.qharness.run.QharnessRun;
import io.qharness.simulation.CollectionSettings;
import io.qharness.simulation.LoadPhases;
import io.qharness.simulation.PhaseComparison;
import io.qharness.simulation.SearchSettings;
import io.qharness.simulation.UploadBatches;
import io.qharness.workload.Dataset;
import io.qharness.workload.PayloadGenerator;
import io.qharness.workload.PayloadIndexing;
import io.qharness.workload.PointBatches;
import io.qharness.workload.QuerySet;
import io.qharness.workload.vectors.VectorDistance;
import java.util.function.BooleanSupplier;

/**
 * The latency cost of the optimiser after a bulk load: the data set is uploaded and searches start
 * at once, without waiting for the index, at searchRate; they go on while the optimiser merges
 * segments and builds the HNSW index ("search while optimizing"), until Qdrant's optimizations
 * endpoint has shown nothing running or queued for 3 s in a row (at most whileOptimizingMax). Then,
 * the collection ready, the same searches run for duration ("search after optimizing"). Both have
 * latency and recall, the record has the optimiser's work per phase (optimizer), and the run ends
 * with the two side by side.
 *
 * <pre>
 * ./qharness run SearchWhileOptimizing --hosts ... --points 200000 --search-rate 100
 * </pre>
 */
public class SearchWhileOptimizingSimulation extends Simulation {
  static final String WHILE = "search while optimizing";
  static final String AFTER = "search after optimizing";

  /** The phase from the end of the upload until the optimiser has settled. */
  static final String OPTIMIZING_PHASE = "while optimizing";

  private final QharnessRun run = QharnessRun.start(getClass());
  private final Dataset data = run.dataset();
  private final VectorDistance distance = run.distance(data);

  {
    Settings settings = run.settings();
    if (!settings.get(Catalog.UPLOAD)) {
      throw run.refuse(
          "upload=false: the optimiser's work follows a bulk load, which this workload makes;"
              + " drop upload=false");
    }
    double rate = settings.get(Catalog.SEARCH_RATE);
    if (rate <= 0) {
      throw run.refuse("searchRate=0: the searches need a rate above 0");
    }
    BooleanSupplier settled = run.optimizerSettled();
    QuerySet queries = run.queries(data, distance, settings.get(Catalog.TOP_K));
    PayloadGenerator payloads = run.payloads();
    PointBatches upload =
        UploadBatches.of(
            settings,
            data,
            settings.get(Catalog.BATCH_SIZE),
            PointBatches.Mode.SEQUENTIAL,
            payloads);
    ChainBuilder setup =
        exec(qdrant("delete collection").deleteCollection())
            .exec(CollectionSettings.create(run, data, distance, null, null))
            .exitHereIfFailed();
    if (settings.get(Catalog.PAYLOAD_INDEX) != PayloadIndexing.NONE) {
      setup = setup.exec(CollectionSettings.payloadIndexes(settings, data)).exitHereIfFailed();
    }
    ChainBuilder afterUpload = exec(Session::markAsSucceeded).exec(run.enter(OPTIMIZING_PHASE));
    // the wait for green between the phases checks every segment is indexed; its time is in
    // neither phase
    ChainBuilder ready = LoadPhases.waitForGreen(run).exec(run.enter(QharnessRun.MEASURED_WINDOW));
    PopulationBuilder chain =
        LoadPhases.uploadThen(run, setup, upload, afterUpload)
            .andThen(
                search(
                    WHILE,
                    queries,
                    OpenLoad.constant(rate, settings.get(Catalog.WHILE_OPTIMIZING_MAX))
                        .until(settled),
                    ready))
            .andThen(
                search(
                    AFTER,
                    queries,
                    OpenLoad.constant(rate, settings.get(Catalog.DURATION)),
                    LoadPhases.nothing()));
    run.listen(new PhaseComparison(WHILE, AFTER, "while the optimizer ran", System.out));
    setUp(chain)
        .protocols(run.protocol())
        .assertions(
            run.assertions(
                Expectation.errorsAtMost(settings.get(Catalog.MAX_ERROR_PCT)),
                Expectation.succeeded(AFTER)));
  }

  private PopulationBuilder search(
      String name, QuerySet queries, OpenLoad schedule, ChainBuilder atEnd) {
    Settings settings = run.settings();
    SearchActionBuilder search =
        SearchSettings.all(
            settings, qdrant(name).search().queries(queries).limit(settings.get(Catalog.TOP_K)));
    if (run.recallCheck() != null) {
      search = search.check(run.recallCheck());
    }
    return scenario(name)
        .exec(search.paced(run.load(name, schedule)))
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
