package io.qharness.simulations;

import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.details;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.qharness.protocol.Qdrant.qdrant;
import static io.qharness.protocol.Qdrant.resultCount;
import static io.qharness.protocol.Qdrant.updateStatus;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.qdrant.client.grpc.Points.UpdateStatus;
import io.qharness.cluster.Target;
import io.qharness.config.Catalog;
import io.qharness.config.Settings;
import io.qharness.protocol.OpenLoad;
import io.qharness.protocol.QdrantProtocolBuilder;
import io.qharness.results.RunRecord;
import io.qharness.workload.PointBatches;
import io.qharness.workload.QuerySet;
import io.qharness.workload.SyntheticVectors;
import java.time.Duration;

/**
 * The default qharness workload: create the collection (4 shards, replication 2), upload a
 * synthetic data set in parallel batches, wait until it is Green, then a mixed phase of top-k
 * searches and upserts, each in an open model at its own rate, with latency measured from every
 * request's intended start.
 *
 * <p>Parameters come from {@code -Dqharness.*} system properties and {@code QHARNESS_*} environment
 * variables (see README). Without {@code qharness.hosts} it runs against the embedded test cluster,
 * a Qdrant-compatible test double, and says so.
 */
public class MixedWorkloadSimulation extends Simulation {
  private final Settings settings = Settings.fromEnvironment();
  private final Target target = Target.resolve(settings);
  private final RunRecord record = Runs.begin(getClass(), settings, target);

  {
    System.out.println(target.banner());
    System.out.println("qharness run " + record.runId() + ": record in " + record.dir());

    int dim = settings.get(Catalog.DIM);
    long points = settings.get(Catalog.POINTS);
    int topK = settings.get(Catalog.TOP_K);
    Duration duration = settings.get(Catalog.DURATION);
    SyntheticVectors base =
        new SyntheticVectors(settings.get(Catalog.DISTRIBUTION), dim, points, settings.get(Catalog.SEED), 64, 0.15);
    QuerySet queries = QuerySet.of(base.queries(settings.get(Catalog.QUERIES)), settings.get(Catalog.QUERIES));
    PointBatches upload = PointBatches.sequential(base, settings.get(Catalog.BATCH_SIZE));
    PointBatches updates =
        new PointBatches(base, settings.get(Catalog.UPSERT_BATCH), PointBatches.Mode.RANDOM_OVERWRITE, null);

    QdrantProtocolBuilder protocol =
        qdrant()
            .hosts(target.grpcAddresses())
            .collection(settings.get(Catalog.COLLECTION))
            .nodeSelection(settings.get(Catalog.NODE_SELECTION))
            .channelsPerNode(settings.get(Catalog.CHANNELS_PER_NODE))
            .deadline(settings.get(Catalog.DEADLINE))
            .apiKey(settings.get(Catalog.API_KEY))
            .tls(settings.get(Catalog.TLS))
            .caFile(settings.get(Catalog.CA_FILE))
            .listeners(record);

    ScenarioBuilder setup =
        scenario("setup")
            .exec(qdrant("delete collection").deleteCollection())
            .exec(
                qdrant("create collection")
                    .createCollection()
                    .vectorSize(dim)
                    .distance(settings.get(Catalog.DISTANCE))
                    .shards(settings.get(Catalog.SHARDS))
                    .replicationFactor(settings.get(Catalog.REPLICATION))
                    .writeConsistencyFactor(settings.get(Catalog.WRITE_CONSISTENCY)))
            .exitHereIfFailed();

    ScenarioBuilder uploadScn =
        scenario("upload")
            .asLongAs(session -> !upload.exhausted())
            .on(exec(qdrant("upload batch").upsert().batches(upload).check(updateStatus().is(UpdateStatus.Completed))));

    ScenarioBuilder ready = scenario("ready").exec(qdrant("wait for green").waitForGreen());

    ScenarioBuilder searches =
        scenario("search")
            .exec(
                qdrant("search")
                    .search()
                    .queries(queries)
                    .limit(topK)
                    .check(resultCount().is((int) Math.min(topK, points)))
                    .paced(OpenLoad.constant(settings.get(Catalog.SEARCH_RATE), duration)));

    ScenarioBuilder upserts =
        scenario("upsert")
            .exec(
                qdrant("upsert")
                    .upsert()
                    .batches(updates)
                    .paced(OpenLoad.constant(settings.get(Catalog.UPSERT_RATE), duration)));

    setUp(
            setup
                .injectOpen(atOnceUsers(1))
                .andThen(uploadScn.injectOpen(atOnceUsers(settings.get(Catalog.PARALLELISM))))
                .andThen(ready.injectOpen(atOnceUsers(1)))
                .andThen(searches.injectOpen(atOnceUsers(1)), upserts.injectOpen(atOnceUsers(1))))
        .protocols(protocol)
        .assertions(
            global().failedRequests().percent().lte(settings.get(Catalog.MAX_ERROR_PCT)),
            details("search").successfulRequests().count().gt(0L),
            details("upsert").successfulRequests().count().gt(0L),
            details("search").responseTime().percentile(99.0).lt((int) Math.ceil(settings.get(Catalog.P99_MS))));
  }

  @Override
  public void after() {
    if (target.embedded()) {
      System.out.println(
          "Reminder: this run targeted the embedded TEST DOUBLE; its figures are not Qdrant's performance.");
    }
    target.close();
  }
}
