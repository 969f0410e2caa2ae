package io.qharness.run;

import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.scenario;

import io.gatling.javaapi.core.Assertion;
import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.PopulationBuilder;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.qharness.cluster.Target;
import io.qharness.cluster.WriteAudit;
import io.qharness.cluster.faults.FaultRunner;
import io.qharness.config.Catalog;
import io.qharness.config.ConfigException;
import io.qharness.config.Durations;
import io.qharness.config.Settings;
import io.qharness.metrics.AckedWrites;
import io.qharness.metrics.PushgatewayExporter;
import io.qharness.metrics.RunListener;
import io.qharness.protocol.OpenLoad;
import io.qharness.protocol.Qdrant;
import io.qharness.protocol.QdrantCheck;
import io.qharness.protocol.QdrantProtocolBuilder;
import io.qharness.report.ScaleReport;
import io.qharness.report.Timeline;
import io.qharness.report.render.GrowthReport;
import io.qharness.report.render.ScalePage;
import io.qharness.results.ResultsLocation;
import io.qharness.results.RunFile.Growth;
import io.qharness.results.RunFile.Section;
import io.qharness.results.RunFile.TargetInfo;
import io.qharness.results.RunFile.TargetKind;
import io.qharness.results.RunRecord;
import io.qharness.workload.Dataset;
import io.qharness.workload.PayloadGenerator;
import io.qharness.workload.QuerySet;
import io.qharness.workload.RecommendQuerySet;
import io.qharness.workload.hybrid.HybridQuerySet;
import io.qharness.workload.kernels.Kernels;
import io.qharness.workload.sparse.SparseVectorSet;
import io.qharness.workload.tenants.TenantLayout;
import io.qharness.workload.tenants.TenantLayout.SizeClass;
import io.qharness.workload.tenants.TenantQueries;
import io.qharness.workload.tenants.TenantRecall;
import io.qharness.workload.truth.GrowingGroundTruth;
import io.qharness.workload.vectors.VectorDistance;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * What a qharness simulation sets up around its load: settings, the target (starting the embedded
 * test cluster when no hosts are given), the run record and the standard listeners; {@link
 * #protocol()} returns the Qdrant protocol configured from all of it. The work is done by parts
 * with one job each: {@link RunListeners}, {@link RunData}, {@link RunFaults}, {@link
 * CollectionChecks} and {@link ServerObservations}; everything they print goes to one stream.
 *
 * <pre>{@code
 * public class MySimulation extends Simulation {
 *   private final QharnessRun run = QharnessRun.start(getClass());
 *   { setUp(scn.injectOpen(atOnceUsers(1))).protocols(run.protocol()); }
 *   public void after() { run.close(); }
 * }
 * }</pre>
 */
public final class QharnessRun implements AutoCloseable {
  /**
   * grpc-java logs through java.util.logging, at INFO, whether epoll is there: noise in every run.
   * Held here because JUL keeps its loggers weakly, and would drop the level with them.
   */
  private static final java.util.logging.Logger GRPC_TRANSPORT_INFO =
      java.util.logging.Logger.getLogger("io.grpc.netty.shaded.io.grpc.netty");

  static {
    GRPC_TRANSPORT_INFO.setLevel(java.util.logging.Level.WARNING);
  }

  /** The window of the measured load phase, for {@link #searchPaths()}. */
  public static final String MEASURED_WINDOW = "measured";

  private final Settings settings;
  private final PrintStream out;
  private final Target target;
  private final RunRecord record;
  private final RunListeners listeners;
  private final RunExpectations expectations;
  private final RunData data;
  private final CollectionChecks checks;
  private final ServerObservations server;
  private final RunFaults faults;
  private final ScaleRun scale;
  private final Map<String, String> loads = new LinkedHashMap<>();
  private CapacitySweep sweep;
  private EfSweepRecorder efSweepRecorder;
  private GrowthStages growth;
  private ColdStart coldStart;
  private final Injectors injectors;

  private QharnessRun(Class<?> workload, Settings settings, PrintStream out) {
    this.settings = settings;
    this.out = out;
    Preflight.check(settings); // before the embedded cluster or anything else starts
    if (settings.isExplicit(Catalog.KERNEL)) {
      // from a config file too: the kernels are chosen at the first distance computed, after this
      System.setProperty(Kernels.PROPERTY, settings.get(Catalog.KERNEL));
    }
    this.injectors = Injectors.of(settings); // refused before a target starts
    this.target = Target.resolve(settings, ScaleSetup.spares(settings));
    RunRecord begun = null;
    try {
      String runId =
          settings.isSet(Catalog.RUN_ID)
              ? settings.get(Catalog.RUN_ID)
              : RunRecord.newRunId(workload.getSimpleName());
      TargetKind kind = ServerObservations.kindOf(target);
      begun =
          RunRecord.beginIn(
              injectors.recordDir(
                  ResultsLocation.resolve(settings.get(Catalog.RESULTS_DIR)), runId),
              runId,
              workload.getName(),
              settings.toRecord(),
              TargetInfo.of(kind, target.grpcAddresses()));
      this.record = begun;
      recordInjectors();
      this.listeners = new RunListeners(settings, record, workload.getSimpleName(), kind, out);
      this.expectations = new RunExpectations(settings.get(Catalog.GATLING_STATS), out);
      listeners.addAfterRecord(expectations);
      this.server = new ServerObservations(settings, target, record, out);
      this.data = new RunData(settings, record, out);
      this.checks = new CollectionChecks(settings, target, record, out);
      this.faults =
          settings.isSet(Catalog.FAULTS)
              ? new RunFaults(settings, target, record, listeners, out)
              : null;
      if (faults != null) {
        faults.runner().onApplied(server::faultApplied);
      }
      this.scale = settings.isSet(Catalog.SCALE) ? ScaleSetup.create(settings, target, out) : null;
      listenToScale();
    } catch (ConfigException e) {
      if (begun != null) { // a setting refused once the record exists: the record says so
        begun.refused(e.getMessage());
        out.println("qharness: run refused: " + e.getMessage());
        RefusedRunFilter.quietWhenUncaught();
      }
      target.close();
      throw e;
    } catch (RuntimeException e) {
      target.close();
      throw e;
    }
    out.println(target.banner());
    out.println("qharness run " + record.runId() + ": record in " + record.dir());
  }

  /** The scale events' Pushgateway series and report, when the run has a scale schedule. */
  private void listenToScale() {
    if (scale == null) {
      return;
    }
    if (listeners.pushgateway() != null) {
      for (int i = 0; i < 2; i++) {
        int which = i; // the event series come as a pair: times and counts
        listeners
            .pushgateway()
            .addSeries(
                () -> {
                  List<MetricSnapshot> series = PushgatewayExporter.scaleSeries(scale.events());
                  return series == null ? null : series.get(which);
                });
      }
    }
    listeners.add(
        new Timeline(
            t -> {
              ScaleReport r = scale.report().withImpact(t.operations());
              record.put(Section.SCALE, r, false);
              out.print(r.text());
              out.println(
                  "qharness scale report: "
                      + ScalePage.write(
                          record.dir(),
                          record.runId(),
                          target.embedded(),
                          target.grpcAddresses().size(),
                          r,
                          t.operations()));
            }));
  }

  /** This injector's place in the record; with startAt, whether its clock agrees the cluster's. */
  private void recordInjectors() {
    if (injectors.describe() != null) {
      record.put(Section.INJECTORS, injectors.describe(), true);
    }
    if (injectors.startAt() != null && !target.embedded()) {
      List<String> rest = target.restAddresses(settings);
      if (!rest.isEmpty()) {
        injectors.requireClockAgrees(rest.get(0), settings.get(Catalog.TLS));
      }
    }
  }

  /**
   * Resolves settings from the environment and system properties and starts a run of {@code
   * workload}, printing to the console.
   */
  public static QharnessRun start(Class<?> workload) {
    return start(workload, Settings.fromEnvironment());
  }

  /** Starts a run of {@code workload} with these settings, printing to the console. */
  public static QharnessRun start(Class<?> workload, Settings settings) {
    return start(workload, settings, System.out);
  }

  /**
   * Starts a run of {@code workload} with these settings; everything it prints goes to {@code out}.
   */
  public static QharnessRun start(Class<?> workload, Settings settings, PrintStream out) {
    return new QharnessRun(workload, settings, out);
  }

  public Settings settings() {
    return settings;
  }

  /** This process's place among the run's injectors (one, unless injectors is set). */
  public Injectors injectors() {
    return injectors;
  }

  public Target target() {
    return target;
  }

  public RunRecord record() {
    return record;
  }

  /** Where this run prints. */
  public PrintStream out() {
    return out;
  }

  /** The Pushgateway exporter, when one is configured. */
  public PushgatewayExporter pushgateway() {
    return listeners.pushgateway();
  }

  /**
   * Declares the open-model load of an operation: recorded in run.json and exported to the
   * Pushgateway as the offered rate.
   */
  public OpenLoad load(String operation, OpenLoad whole) {
    OpenLoad load = injectors.share(whole);
    loads.put(operation, load.toString());
    record.put(Section.LOAD, loads, true);
    if (pushgateway() != null) {
      pushgateway().offeredRate(operation, load.rateAt(0));
    }
    return load;
  }

  /** Cache directory for ground truth and other derived data: {@code <resultsDir>/cache}. */
  public Path cacheDir() {
    return data.cacheDir();
  }

  /**
   * The data set: {@code dataset} when set, else synthetic data from {@code distribution}, {@code
   * dim}, {@code points} and {@code seed}. Recorded in run.json.
   */
  public Dataset dataset() {
    return data.dataset();
  }

  /**
   * The distance to create the collection with: the {@code distance} setting when given, else the
   * data set's own, else the default (Cosine).
   */
  public VectorDistance distance(Dataset d) {
    return data.distance(d);
  }

  /** The data set's queries, with exact top-k ground truth unless groundTruth=false. */
  public QuerySet queries(Dataset d, VectorDistance distance, int k) {
    return share(data.queries(d, distance, k)::slice);
  }

  /**
   * This injector's share of a set, from its {@code slice(index, count)} (all of it in a run of
   * one); a set too small to share is refused.
   */
  public <T> T share(BiFunction<Integer, Integer, T> slice) {
    try {
      return slice.apply(injectors.index(), injectors.count());
    } catch (IllegalArgumentException e) {
      throw refuse(e.getMessage());
    }
  }

  /**
   * The same queries each filtered by a payload category (Zipf-drawn), with exact filtered ground
   * truth.
   */
  public QuerySet filteredQueries(
      Dataset d, VectorDistance distance, int k, PayloadGenerator payloads) {
    return share(data.filteredQueries(d, distance, k, payloads)::slice);
  }

  /**
   * A multi-tenant run's searches: per size class of {@code layout}'s tenants, the data set's
   * queries each filtered to one tenant (drawn as tenantDraw says) with exact per-tenant ground
   * truth. Recorded in run.json; {@link #recordTenants} adds recall per tenant at the end.
   */
  public TenantSearches tenantSearches(
      Dataset d, VectorDistance distance, int k, TenantLayout layout) {
    TenantQueries draw =
        new TenantQueries(
            layout,
            d.queries().length,
            settings.get(Catalog.TENANT_DRAW),
            settings.get(Catalog.SEED));
    Map<SizeClass, QuerySet> sets = new EnumMap<>(SizeClass.class);
    data.tenantQueries(d, distance, k, draw).forEach((c, q) -> sets.put(c, share(q::slice)));
    return new TenantSearches(draw, sets);
  }

  /**
   * Recall per tenant over the measured searches, printed per size class with the lowest tenants
   * and kept in run.json {@code tenants}.
   */
  public void recordTenants(TenantSearches searches) {
    TenantRecall.Report r = searches.report();
    for (TenantRecall.ClassRecall c : r.classes()) {
      if (c.meanTenantRecall() == null) {
        continue; // no ground truth, or nothing answered
      }
      out.printf(
          Locale.ROOT,
          "qharness: recall of %s tenants (%d to %d points): mean over %d tenants %.4f, lowest"
              + " %.4f%n",
          c.sizeClass(),
          c.minPoints(),
          c.maxPoints(),
          c.tenantsMeasured(),
          c.meanTenantRecall(),
          c.minTenantRecall());
    }
    record.put(Section.TENANTS, r, true);
  }

  /**
   * The data set's queries for grouped searches by payload category: per query, ground truth of the
   * {@code groups} groups whose best point is nearest, each with its {@code groupSize} nearest
   * points. Recorded in run.json.
   */
  public QuerySet groupedQueries(
      Dataset d, VectorDistance distance, int groups, int groupSize, PayloadGenerator payloads) {
    return share(data.groupedQueries(d, distance, groups, groupSize, payloads)::slice);
  }

  /**
   * Recommendations by example: per data-set query, recommendPositives and recommendNegatives
   * stored points drawn (seeded), with ground truth of Qdrant's average_vector strategy (the top
   * {@code k} of its target vector, the examples left out). Recorded in run.json.
   */
  public RecommendQuerySet recommendQueries(Dataset d, VectorDistance distance, int k) {
    return share(data.recommendQueries(d, distance, k)::slice);
  }

  /**
   * Hybrid dense + sparse queries: the data set's dense queries paired with {@code sparseQueries},
   * with ground truth (the fusion, by the fusion setting, of the exact dense and the exact sparse
   * top-prefetchLimit, cut to k). Recorded in run.json.
   */
  public HybridQuerySet hybridQueries(
      Dataset d,
      VectorDistance distance,
      SparseVectorSet sparse,
      SparseVectorSet sparseQueries,
      int k) {
    return share(data.hybridQueries(d, distance, sparse, sparseQueries, k)::slice);
  }

  /** The payload generator configured by payloadCategories, payloadSkew and seed. */
  public PayloadGenerator payloads() {
    return data.payloads();
  }

  /** The recall check the settings ask for (minRecall, recallKo), or null. */
  public QdrantCheck recallCheck() {
    if (!settings.isSet(Catalog.MIN_RECALL)) {
      return null;
    }
    double floor = settings.get(Catalog.MIN_RECALL);
    return settings.get(Catalog.RECALL_KO)
        ? Qdrant.recall().atLeast(floor)
        : Qdrant.recall().countBelow(floor);
  }

  /**
   * The run's pass conditions, for {@code setUp(...).assertions(run.assertions(...))}: Gatling's
   * assertions while responses go to its stats engine; with {@code gatlingStats=false} none, and
   * qharness judges the same conditions over its own summary when the simulation ends, exiting the
   * JVM with Gatling's code for failed assertions (2) when one fails.
   */
  public List<Assertion> assertions(List<Expectation> conditions) {
    return expectations.add(conditions);
  }

  /** {@link #assertions(List)} of the conditions given. */
  public List<Assertion> assertions(Expectation... conditions) {
    return assertions(List.of(conditions));
  }

  /** Extra listeners for this run (added before {@link #protocol()} is called). */
  public QharnessRun listen(RunListener listener) {
    listeners.add(listener);
    return this;
  }

  /**
   * The fault schedule of this run ({@code faults}), or null without one. Call {@link
   * FaultRunner#start()} when the load starts, e.g. from a one-user scenario of the load phase.
   */
  public FaultRunner faults() {
    return faults == null ? null : faults.runner();
  }

  /**
   * The scale event of this run ({@code scale}), or null without one. Call {@link ScaleRun#start()}
   * when the load starts; {@link ScaleRun#finished()} tells the load when to end.
   */
  public ScaleRun scale() {
    return scale;
  }

  /**
   * After the load: reads back every acknowledged upsert and reports lost writes (and changed
   * vectors, with auditVectors), in the console and in run.json. Null when audit=false.
   */
  public WriteAudit.Result audit(Dataset d, VectorDistance distance) {
    server.loadEnded();
    return checks.audit(d, distance);
  }

  /**
   * After the load: reads back every acknowledged upsert by id only, for points whose vectors the
   * data set does not hold (multivectors): lost writes are reported, vectors are not compared.
   */
  public WriteAudit.Result auditIds() {
    server.loadEnded();
    return checks.audit(null, null);
  }

  /**
   * For upload=false: checks, before any load, that the collection already holds this run's data
   * set (loaded by an earlier run or another injector): vector size, distance and exact point
   * count. Refuses the run, saying what differs, otherwise; recall would be measured against other
   * data.
   */
  public void requireLoadedCollection(Dataset d, VectorDistance distance) {
    checks.requireLoaded(d, distance, this::refuse);
  }

  /**
   * With upload=false, refuses the run unless the collection holds the data set (as {@link
   * #requireLoadedCollection}) laid out as {@code layout} says: an is_tenant index on the tenant
   * field, its shard keys, its points in their tenants.
   */
  public void requireTenantCollection(Dataset d, VectorDistance distance, TenantLayout layout) {
    checks.requireLoaded(d, distance, false, this::refuse);
    checks.requireTenants(layout, this::refuse);
  }

  /**
   * Refuses this run before any load for a setting that does not fit: the record says so (and
   * {@code qharness run} exits 2 with the message), the embedded cluster is stopped. Throw the
   * result.
   */
  public ConfigException refuse(String message) {
    record.refused(message);
    target.close();
    out.println("qharness: run refused: " + message); // one line: no stack trace after it
    RefusedRunFilter.quietWhenUncaught();
    return new ConfigException(message);
  }

  /** The Qdrant protocol: target nodes, connection settings and this run's listeners. */
  public QdrantProtocolBuilder protocol() {
    QdrantProtocolBuilder p = protocolSettings();
    return scale == null ? p : p.membership(scale.membership());
  }

  private QdrantProtocolBuilder protocolSettings() {
    return Qdrant.qdrant()
        .hosts(target.grpcAddresses())
        .collection(settings.get(Catalog.COLLECTION))
        .nodeSelection(settings.get(Catalog.NODE_SELECTION))
        .channelsPerNode(settings.get(Catalog.CHANNELS_PER_NODE))
        .ioThreads(settings.get(Catalog.IO_THREADS))
        .gzipResponses(settings.get(Catalog.GZIP_RESPONSES))
        .gatlingStats(settings.get(Catalog.GATLING_STATS))
        .deadline(settings.get(Catalog.DEADLINE))
        .apiKey(settings.get(Catalog.API_KEY))
        .tls(settings.get(Catalog.TLS))
        .caFile(settings.get(Catalog.CA_FILE))
        .reportingInterval(reportInterval())
        .failover(
            settings.get(Catalog.RETRIES),
            settings.get(Catalog.RETRY_BUDGET),
            settings.get(Catalog.FAILOVER_COOLDOWN))
        .outlierEjection(
            settings.get(Catalog.EJECT_AFTER_FAILURES), settings.get(Catalog.EJECT_AFTER_STALL))
        .outlierEjection(settings.get(Catalog.OUTLIER_EJECTION))
        .auditWrites(checks.acked())
        .standbyHosts(scale == null ? new String[0] : scale.standbyHosts().toArray(new String[0]))
        .readiness(server.indexReadiness())
        .console(out)
        .listeners(listeners.toArray());
  }

  /**
   * Searches of a collection that this run fills from empty, point 0 first: the data set's queries
   * with ground truth computed as each search is sent, over the points acknowledged by then (see
   * {@link io.qharness.workload.truth.GrowingGroundTruth}), and {@code operation}'s figures
   * reported by fill stage (growthStages) in the console, run.json ({@code growth}) and
   * growth.html. The fill is the count of acknowledged upsert points, so the run's only writes must
   * be the fill, one batch acknowledged before the next is sent. Call before {@link #protocol()}.
   *
   * @param visible how many points may be visible to a search sent now: those handed to upserts so
   *     far plus those that may be sent while it runs
   */
  public QuerySet growingQueries(
      Dataset d, VectorDistance distance, int k, String operation, LongSupplier visible) {
    injectors.requireSolo("a growing collection");
    if (growth != null) {
      throw new IllegalStateException("growingQueries is called once per run");
    }
    AckedWrites acked = checks.acked();
    if (acked == null) {
      throw refuse(
          "audit=false: a growing collection's fill is counted from the acknowledged writes the"
              + " audit records; drop audit=false");
    }
    long started = System.nanoTime();
    GrowingGroundTruth truth =
        GrowingGroundTruth.compute(d.vectorsInUse(), d.points(), d.queries(), distance, k);
    out.printf(
        "qharness: ground truth for every fill of %,d points, %d queries: %.1f s%n",
        d.points(), d.queries().length, (System.nanoTime() - started) / 1e9);
    growth =
        new GrowthStages(
            operation, acked::acknowledgedPoints, d.points(), settings.get(Catalog.GROWTH_STAGES));
    listen(growth);
    if (settings.isExplicit(Catalog.REPORT_INTERVAL)) {
      double rate = settings.get(Catalog.INGEST_RATE);
      Duration stage = growth.stageDuration(rate);
      if (settings.get(Catalog.REPORT_INTERVAL).compareTo(stage.dividedBy(2)) > 0) {
        out.printf(
            "qharness: WARNING: reportInterval=%s is longer than half a fill stage (%s at"
                + " ingestRate); a stage may get no interval and show no searches. Drop"
                + " reportInterval or set it to %s%n",
            Durations.format(settings.get(Catalog.REPORT_INTERVAL)),
            Durations.format(stage),
            Durations.format(growth.interval(rate)));
      }
    }
    return new QuerySet(d.queries(), null, d.spec() + " queries")
        .withLiveGroundTruth(
            i -> {
              long a = Math.min(acked.acknowledgedPoints(), d.points());
              return truth.expected(i, a, Math.max(a, visible.getAsLong()));
            },
            "exact top-" + k + " of the points acknowledged at each search");
  }

  /**
   * The reporting interval: reportInterval, except that a run with faults and no explicit setting
   * reports every second, since recovery times are measured to one interval, and a growing
   * collection, whose stages are made of intervals, reports at least 4 times per stage.
   */
  public Duration reportInterval() {
    if (settings.isExplicit(Catalog.REPORT_INTERVAL)) {
      return settings.get(Catalog.REPORT_INTERVAL);
    }
    if (growth != null) {
      return growth.interval(settings.get(Catalog.INGEST_RATE));
    }
    if (sweep != null) {
      return sweep.interval();
    }
    return faults != null || scale != null
        ? Duration.ofSeconds(1)
        : settings.get(Catalog.REPORT_INTERVAL);
  }

  /**
   * A capacity sweep of {@code operation}: rates from capacityStartRate by capacityStepRate up to
   * capacityMaxRate, each held capacityStepDuration, judged against the SLO settings; reports are
   * written when the run closes. Call before {@link #protocol()}.
   */
  public CapacitySweep capacitySweep(String operation) {
    injectors.requireSolo("a capacity sweep");
    if (sweep == null) {
      sweep = new CapacitySweep(this, operation);
      record.put(
          Section.CAPACITY_PLAN,
          Map.of("operation", operation, "rates", sweep.rates(), "slo", sweep.slo().describe()),
          true);
    }
    return sweep;
  }

  /**
   * A search-parameter sweep: the hnsw_ef values of efSweep, one step each (request names from
   * {@link io.qharness.report.EfSweep#operation}); its results are recorded when the run ends (see
   * {@link EfSweepRecorder}). Call before {@link #protocol()}.
   */
  public List<Integer> efSweep() {
    injectors.requireSolo("an hnsw_ef sweep");
    if (efSweepRecorder == null) {
      efSweepRecorder =
          new EfSweepRecorder(record, settings, target.embedded(), searchPaths(), out);
      listen(efSweepRecorder);
    }
    return efSweepRecorder.efs();
  }

  /**
   * The server-side record of which search path (HNSW, plain scan, exact) served each phase: chain
   * its {@link SearchPathRecorder#mark marks} between phases. The window named {@link
   * #MEASURED_WINDOW} is the run's own: it is reported on the console, in run.json ({@code
   * searchPaths}) and the report when the run closes.
   */
  public SearchPathRecorder searchPaths() {
    return server.searchPaths();
  }

  /**
   * True once the collection's optimiser has had nothing running or queued for 3 readings in a row
   * (polled every second from the upload on; Qdrant 1.19's optimizations endpoint). Cheap enough to
   * end a load with ({@code OpenLoad.until}). Needs serverResources=true.
   */
  public BooleanSupplier optimizerSettled() {
    if (!settings.get(Catalog.SERVER_RESOURCES)) {
      throw refuse(
          "serverResources=false: this workload follows the optimiser, which qharness reads with"
              + " the server's resources; leave serverResources at true");
    }
    OptimizerRecorder o = server.optimizer();
    return o::settled;
  }

  /**
   * A cold start between the searches {@code warmOp} and {@code coldOp}: the nodes coldRestart
   * names are restarted by {@link ColdStart#restart()} (the embedded cluster's API, or
   * faultStopCommand / faultKillCommand and faultStartCommand), and run.json gets {@code
   * coldStart}. Refuses the run when the nodes cannot be restarted.
   */
  public ColdStart coldStart(String warmOp, String coldOp) {
    if (injectors.count() > 1) {
      throw refuse(
          "injectors="
              + injectors.count()
              + ": a cold start restarts the nodes, which one injector must do alone; run it with"
              + " injectors=1");
    }
    try {
      coldStart = new ColdStart(this, new ColdRestart(settings, target), warmOp, coldOp);
    } catch (ConfigException e) {
      throw refuse(e.getMessage());
    }
    listen(coldStart);
    return coldStart;
  }

  /** Nodes (1-based) a restart takes down or brings back, for the run's own polls. */
  void nodesDown(List<Integer> nodes, boolean down) {
    server.nodesDown(nodes, down);
  }

  /** The phase that starts when the data set's upload does. */
  public static final String UPLOAD_PHASE = ResourceRecorder.UPLOAD;

  /** The phase from the end of the upload until the collection is ready (payload index, HNSW). */
  public static final String INDEX_BUILD_PHASE = ResourceRecorder.INDEX_BUILD;

  /** The phase of load before the measured one, reported under warm-up request names. */
  public static final String WARMUP_PHASE = "warm-up";

  /**
   * A phase boundary, as a one-user population to chain between phases with {@code andThen}: ends
   * the phase open so far and opens {@code phase} (null: none). At each boundary the nodes'
   * search-path counters and resources (memory, disk, CPU, page faults, optimisations) are read;
   * run.json gets every node's use per phase ({@code serverResources}), and the phase named {@link
   * #MEASURED_WINDOW} also gets its search paths and searchable-after-insert probes ({@code
   * freshnessInterval}). The last phase ends when the load does (the write audit or {@link
   * #close()}).
   */
  public PopulationBuilder phase(String phase) {
    return scenario("phase: " + (phase == null ? "end" : phase))
        .exec(enter(phase))
        .injectOpen(atOnceUsers(1));
  }

  /**
   * The same boundary as {@link #phase}, as a step of a chain that one user runs when the phase
   * before it is over (for example the end of a setup scenario). Gatling starts a population
   * chained with {@code andThen} only at its injector's next one-second tick, so each boundary made
   * a step instead of a population saves up to a second of idle nodes.
   */
  public ChainBuilder enter(String phase) {
    return exec(
        session -> {
          server.phase(phase);
          return session;
        });
  }

  /**
   * Waits until startAt, when it is set, so that the injectors of one run start their load
   * together: chain it right before the load's first phase. Reached late (the collection was ready
   * after startAt), it says so in the console and the record.
   */
  public ChainBuilder waitForStart() {
    if (injectors.startAt() == null) {
      return exec(session -> session);
    }
    return exec(session -> {
          long late = System.currentTimeMillis() - injectors.startAt().toEpochMilli();
          if (late > 1000) {
            String note =
                String.format(
                    java.util.Locale.ROOT,
                    "the load started %.1f s after startAt=%s: the collection was ready late; give"
                        + " the injectors more time before startAt",
                    late / 1000.0,
                    injectors.startAt());
            out.println("qharness: WARNING: " + note);
            server.note(note);
          }
          return session;
        })
        .pause(session -> injectors.untilStart());
  }

  /**
   * After the simulation: records what the server did and what the target looked like, finishes the
   * sweeps, and stops the embedded test cluster, if any, with a reminder of what it was.
   */
  @Override
  public void close() {
    if (faults != null) {
      faults.close();
    }
    if (scale != null) {
      scale.close();
    }
    TargetInfo described = server.finish();
    if (coldStart != null) {
      coldStart.serverRead(server.serverResources());
    }
    if (efSweepRecorder != null) {
      efSweepRecorder.targetInspected(described.kind(), described.collection());
    }
    if (sweep != null) {
      try {
        sweep.finish(described, data.points(), data.dimension(), server.serverResources());
      } catch (RuntimeException e) {
        out.println("qharness capacity analysis failed: " + e);
        record.put(Section.CAPACITY_FAILURE, e.toString(), true);
      }
    }
    if (growth != null) {
      Growth g = growth.result();
      record.put(Section.GROWTH, g, true);
      out.print("qharness: searches by fill stage\n" + GrowthStages.describe(g));
      out.println(
          "qharness growth report: "
              + GrowthReport.write(record.dir(), record.runId(), target.embedded(), g));
    }
    if (target.embedded()) {
      out.println(
          "Reminder: this run targeted the embedded TEST DOUBLE; its figures are not Qdrant's"
              + " performance.");
    }
    target.close();
  }
}
