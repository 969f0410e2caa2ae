package io.qharness.simulations;

import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.details;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.qharness.protocol.Qdrant.qdrant;
import static io.qharness.protocol.Qdrant.resultCount;

import io.gatling.javaapi.core.Assertion;
import io.gatling.javaapi.core.PopulationBuilder;
import io.gatling.javaapi.core.Simulation;
import io.qharness.config.Catalog;
import io.qharness.config.Settings;
import io.qharness.protocol.OpenLoad;
import io.qharness.protocol.QdrantCheck;
import io.qharness.protocol.SearchActionBuilder;
import io.qharness.run.QharnessRun;
import io.qharness.workload.Dataset;
import io.qharness.workload.PayloadGenerator;
import io.qharness.workload.PointBatches;
import io.qharness.workload.QuerySet;
import io.qharness.workload.VectorDistance;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The default qharness workload: create the collection (4 shards, replication 2), upload the data
 * set in parallel batches with payloads, wait until it is Green, then a mixed phase of top-k
 * searches, payload-filtered searches and upserts, each an open model at its own rate, with latency
 * measured from every request's intended start and recall@k measured against exact ground truth.
 * An optional fault schedule ({@code faults}) plays during the mixed phase; afterwards every
 * acknowledged upsert is read back (write audit).
 *
 * <p>Parameters come from {@code -Dqharness.*} system properties and {@code QHARNESS_*} environment
 * variables (see README). Without {@code qharness.hosts} it runs against the embedded test cluster,
 * a Qdrant-compatible test double, and says so.
 */
public class MixedWorkloadSimulation extends Simulation {
  private final QharnessRun run = QharnessRun.start(getClass());
  private final Dataset data = run.dataset();
  private final VectorDistance distance = run.distance(data);

  {
    Settings settings = run.settings();
    int topK = settings.get(Catalog.TOP_K);
    long points = data.points();
    Duration duration = settings.get(Catalog.DURATION);
    PayloadGenerator payloads = run.payloads();
    QuerySet queries = run.queries(data, distance, topK);
    double filteredRate = settings.get(Catalog.FILTERED_SEARCH_RATE);
    QuerySet filteredQueries = filteredRate > 0 ? run.filteredQueries(data, distance, topK, payloads) : null;
    PointBatches updates =
        new PointBatches(data.vectorsInUse(), settings.get(Catalog.UPSERT_BATCH), PointBatches.Mode.RANDOM_OVERWRITE, payloads::payload);

    OpenLoad searchLoad = run.load("search", OpenLoad.constant(settings.get(Catalog.SEARCH_RATE), duration));
    OpenLoad upsertLoad = run.load("upsert", OpenLoad.constant(settings.get(Catalog.UPSERT_RATE), duration));
    QdrantCheck recallCheck = run.recallCheck();

    List<PopulationBuilder> mixed = new ArrayList<>();
    if (settings.get(Catalog.SEARCH_RATE) > 0) {
      mixed.add(scenario("search").exec(search("search", queries, topK, points, recallCheck).paced(searchLoad)).injectOpen(atOnceUsers(1)));
    }
    if (filteredQueries != null) {
      OpenLoad filteredLoad = run.load("filtered search", OpenLoad.constant(filteredRate, duration));
      mixed.add(scenario("filtered search")
          .exec(qdrant("filtered search").search().queries(filteredQueries).limit(topK).paced(filteredLoad))
          .injectOpen(atOnceUsers(1)));
    }
    if (settings.get(Catalog.UPSERT_RATE) > 0) {
      mixed.add(scenario("upsert").exec(qdrant("upsert").upsert().batches(updates).paced(upsertLoad)).injectOpen(atOnceUsers(1)));
    }
    if (mixed.isEmpty()) {
      throw new io.qharness.config.ConfigException(
          "searchRate, filteredSearchRate and upsertRate are all 0: the mixed phase would send nothing; give at least one a rate");
    }
    if (run.faults() != null) {
      // the fault schedule's clock starts with the mixed phase; faults run on their own thread
      mixed.add(scenario("fault schedule").exec(session -> {
        run.faults().start();
        return session;
      }).injectOpen(atOnceUsers(1)));
    }

    List<Assertion> assertions = new ArrayList<>();
    assertions.add(global().failedRequests().percent().lte(settings.get(Catalog.MAX_ERROR_PCT)));
    // a phase turned off (rate 0) sends nothing and is not asserted on
    if (settings.get(Catalog.SEARCH_RATE) > 0) {
      assertions.add(details("search").successfulRequests().count().gt(0L));
      assertions.add(details("search").responseTime().percentile(99.0).lt((int) Math.ceil(settings.get(Catalog.P99_MS))));
    }
    if (settings.get(Catalog.UPSERT_RATE) > 0) {
      assertions.add(details("upsert").successfulRequests().count().gt(0L));
    }

    setUp(LoadPhases.createUploadAndWait(run, data, distance, payloads).andThen(mixed))
        .protocols(run.protocol())
        .assertions(assertions);
  }

  private static SearchActionBuilder search(String name, QuerySet queries, int topK, long points, QdrantCheck recallCheck) {
    SearchActionBuilder s = qdrant(name).search().queries(queries).limit(topK).check(resultCount().is((int) Math.min(topK, points)));
    return recallCheck == null ? s : s.check(recallCheck);
  }

  @Override
  public void after() {
    run.audit(data, distance);
    data.close();
    run.close();
  }
}
