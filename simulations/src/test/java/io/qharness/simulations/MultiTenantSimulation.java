package io.qharness.simulations;

import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.qharness.protocol.Qdrant.qdrant;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.PopulationBuilder;
import io.gatling.javaapi.core.Simulation;
import io.qdrant.client.grpc.Points.FieldType;
import io.qharness.config.Catalog;
import io.qharness.config.Settings;
import io.qharness.protocol.CreateCollectionActionBuilder;
import io.qharness.protocol.OpenLoad;
import io.qharness.protocol.SearchActionBuilder;
import io.qharness.run.Expectation;
import io.qharness.run.QharnessRun;
import io.qharness.run.TenantSearches;
import io.qharness.simulation.CollectionSettings;
import io.qharness.simulation.LoadPhases;
import io.qharness.simulation.SearchSettings;
import io.qharness.workload.Dataset;
import io.qharness.workload.PointBatches;
import io.qharness.workload.QuerySet;
import io.qharness.workload.tenants.TenantLayout;
import io.qharness.workload.tenants.TenantLayout.SizeClass;
import io.qharness.workload.vectors.VectorDistance;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A multi-tenant collection: every point belongs to one of {@code tenants} tenants (the keyword
 * payload "tenant", indexed with is_tenant so Qdrant keeps each tenant's points together), tenant
 * sizes Zipf-distributed ({@code tenantSkew}). With {@code tenantShardKeys} above 0 the collection
 * uses custom sharding: each tenant lives on a shard key, and its upserts and searches name it.
 * Each search is filtered to one tenant; the tenants fall in size classes (the largest tenth, the
 * smaller half, the rest), each searched by its own open-model scenario, so latency and recall are
 * reported per class, and recall per tenant against exact per-tenant ground truth.
 *
 * <pre>
 * ./qharness run MultiTenant --hosts ... --tenants 200 --tenant-skew 1.2 --tenant-shard-keys 4
 * </pre>
 */
public class MultiTenantSimulation extends Simulation {
  static final String SEARCH = "tenant search ";

  private final QharnessRun run = QharnessRun.start(getClass());
  private final Dataset data = run.dataset();
  private final VectorDistance distance = run.distance(data);
  private final TenantSearches searches;

  {
    Settings settings = run.settings();
    if (settings.get(Catalog.SEARCH_RATE) <= 0) {
      throw run.refuse("searchRate=0: the tenant searches need a rate above 0");
    }
    TenantLayout layout;
    try {
      layout =
          new TenantLayout(
              data.vectorsInUse().size(),
              settings.get(Catalog.TENANTS),
              settings.get(Catalog.TENANT_SKEW),
              settings.get(Catalog.TENANT_SHARD_KEYS));
    } catch (IllegalArgumentException e) {
      throw run.refuse(e.getMessage());
    }
    run.out().println("qharness: " + layout);
    if (!settings.get(Catalog.UPLOAD)) {
      run.requireTenantCollection(data, distance, layout);
    }
    searches = run.tenantSearches(data, distance, settings.get(Catalog.TOP_K), layout);
    PopulationBuilder chain = prepare(layout);
    Duration warmup = settings.get(Catalog.WARMUP);
    if (!warmup.isZero()) {
      chain =
          chain.andThen(
              phase(Catalog.WARMUP_PREFIX, true, warmup, run.enter(QharnessRun.MEASURED_WINDOW)));
    }
    chain = chain.andThen(phase("", false, settings.get(Catalog.DURATION), LoadPhases.nothing()));
    List<Expectation> expectations = new ArrayList<>();
    expectations.add(Expectation.errorsAtMost(settings.get(Catalog.MAX_ERROR_PCT)));
    for (SizeClass c : searches.classes()) {
      expectations.add(Expectation.succeeded(SEARCH + c.label()));
    }
    setUp(chain).protocols(run.protocol()).assertions(run.assertions(expectations));
  }

  /** The collection's upload (tenant by tenant) and index build, or with upload=false the wait. */
  private PopulationBuilder prepare(TenantLayout layout) {
    if (!run.settings().get(Catalog.UPLOAD)) {
      return scenario("ready")
          .exec(LoadPhases.waitForGreen(run))
          .exec(run.waitForStart())
          .exec(LoadPhases.enterLoad(run))
          .injectOpen(atOnceUsers(1));
    }
    int batch = run.settings().get(Catalog.BATCH_SIZE);
    PointBatches upload =
        new PointBatches(
                data.vectorsInUse(),
                batch,
                PointBatches.Mode.SEQUENTIAL,
                layout.payloads(run.payloads()::payload))
            .inBatches(
                layout.batchStarts(batch),
                layout.shardKeys() == 0 ? null : id -> layout.selector(layout.tenantOf(id)));
    return LoadPhases.prepare(
        run, setup(layout), upload, LoadPhases.nothing(), LoadPhases.enterLoad(run));
  }

  /** Delete and create the collection, its shard keys and the tenant index (before the upload). */
  private ChainBuilder setup(TenantLayout layout) {
    Settings settings = run.settings();
    CreateCollectionActionBuilder create =
        CollectionSettings.create(run, data, distance, null, null);
    if (layout.shardKeys() > 0) {
      create = create.customSharding();
    }
    ChainBuilder setup =
        exec(qdrant("delete collection").deleteCollection()).exec(create).exitHereIfFailed();
    for (String key : layout.keyNames()) {
      setup =
          setup
              .exec(
                  qdrant("create shard key")
                      .createShardKey(key)
                      .shards(settings.get(Catalog.SHARDS))
                      .replicationFactor(settings.get(Catalog.REPLICATION)))
              .exitHereIfFailed();
    }
    return setup
        .exec(
            qdrant("create tenant index")
                .createPayloadIndex(TenantLayout.FIELD, FieldType.FieldTypeKeyword)
                .tenant(true))
        .exitHereIfFailed();
  }

  /** One open-model scenario per size class at its share of searchRate, all at once. */
  private List<PopulationBuilder> phase(
      String prefix, boolean warmup, Duration length, ChainBuilder atEnd) {
    Settings settings = run.settings();
    List<SizeClass> classes = searches.classes();
    ChainBuilder last = LoadPhases.lastOut(classes.size(), atEnd);
    List<PopulationBuilder> out = new ArrayList<>();
    for (SizeClass c : classes) {
      String name = prefix + SEARCH + c.label();
      QuerySet queries = warmup ? searches.warmup(c) : searches.measured(c);
      SearchActionBuilder search =
          SearchSettings.all(
              settings, qdrant(name).search().queries(queries).limit(settings.get(Catalog.TOP_K)));
      if (run.recallCheck() != null) {
        search = search.check(run.recallCheck());
      }
      double rate = searches.rate(c, settings.get(Catalog.SEARCH_RATE));
      OpenLoad load = run.load(name, OpenLoad.constant(rate, length));
      out.add(scenario(name).exec(search.paced(load)).exec(last).injectOpen(atOnceUsers(1)));
    }
    return out;
  }

  @Override
  public void after() {
    run.recordTenants(searches);
    run.audit(data, distance);
    data.close();
    run.close();
  }
}
