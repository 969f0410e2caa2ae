package io.qharness.run;

import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.qdrant.client.grpc.Common.Filter;
import io.qharness.cluster.ClusterInspector;
import io.qharness.cluster.ExistingCollection;
import io.qharness.cluster.FaultRunner;
import io.qharness.cluster.IndexReadiness;
import io.qharness.cluster.NodeTelemetry;
import io.qharness.cluster.QdrantRest;
import io.qharness.cluster.SearchPath;
import io.qharness.cluster.SearchPathShares;
import io.qharness.cluster.Target;
import io.qharness.cluster.WriteAudit;
import io.qharness.config.Catalog;
import io.qharness.config.ConfigException;
import io.qharness.config.Settings;
import io.qharness.grpc.ConnectionSettings;
import io.qharness.grpc.NodeAddress;
import io.qharness.grpc.QdrantNodes;
import io.qharness.metrics.ConsoleProgress;
import io.qharness.metrics.InjectorLoad;
import io.qharness.metrics.IntervalLog;
import io.qharness.metrics.PushgatewayExporter;
import io.qharness.metrics.RunListener;
import io.qharness.protocol.AckedWrites;
import io.qharness.protocol.OpenLoad;
import io.qharness.protocol.Qdrant;
import io.qharness.protocol.QdrantCheck;
import io.qharness.protocol.QdrantProtocolBuilder;
import io.qharness.report.FaultImpact;
import io.qharness.report.Timeline;
import io.qharness.results.CollectionState;
import io.qharness.results.ResultsLocation;
import io.qharness.results.RunFile.IndexReady;
import io.qharness.results.RunFile.ReusedCollection;
import io.qharness.results.RunFile.Section;
import io.qharness.results.RunFile.TargetInfo;
import io.qharness.results.RunFile.TargetKind;
import io.qharness.results.RunRecord;
import io.qharness.workload.Dataset;
import io.qharness.workload.Kernels;
import io.qharness.workload.PayloadGenerator;
import io.qharness.workload.QuerySet;
import io.qharness.workload.VectorDistance;
import io.qharness.workload.Workloads;
import java.io.File;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongPredicate;

/**
 * What a qharness simulation sets up before load: settings, the target (starting the embedded test
 * cluster when no hosts are given), the run record, and the standard listeners (interval log,
 * console progress, Pushgateway). {@link #protocol()} returns the Qdrant protocol configured from
 * all of it.
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
  private final Settings settings;
  private final Target target;
  private final RunRecord record;
  private final List<RunListener> listeners = new ArrayList<>();
  private final PushgatewayExporter pushgateway;
  private final Map<String, String> loads = new LinkedHashMap<>();
  private final Map<String, String> data = new LinkedHashMap<>();
  private final AckedWrites acked;
  private FaultRunner faults;
  private CapacitySweep sweep;
  private EfSweepRecorder efSweepRecorder;
  private SearchPathRecorder searchPaths;
  private IndexReadiness indexReadiness;
  private QdrantRest rest;
  private long dataPoints;
  private int dataDimension;
  private final List<FaultRunner.Applied> appliedFaults = new CopyOnWriteArrayList<>();

  private QharnessRun(Class<?> workload, Settings settings) {
    this.settings = settings;
    Preflight.check(settings); // before the embedded cluster or anything else starts
    if (settings.isExplicit(Catalog.KERNEL)) {
      // from a config file too: the kernels are chosen at the first distance computed, after this
      System.setProperty(Kernels.PROPERTY, settings.get(Catalog.KERNEL));
    }
    this.target = Target.resolve(settings);
    try {
      String runId =
          settings.isSet(Catalog.RUN_ID)
              ? settings.get(Catalog.RUN_ID)
              : RunRecord.newRunId(workload.getSimpleName());
      this.record =
          RunRecord.begin(
              ResultsLocation.resolve(settings.get(Catalog.RESULTS_DIR)),
              runId,
              workload.getName(),
              settings.toRecord(),
              TargetInfo.of(targetKind(), target.grpcAddresses()));
      listeners.add(new IntervalLog(record.dir()));
      // before the Pushgateway exporter, so each push carries this interval's reading
      InjectorLoad injectorLoad =
          new InjectorLoad(
              target.embedded(), f -> record.put(Section.INJECTOR_PROCESS, f, false), System.out);
      listeners.add(injectorLoad);
      if (settings.get(Catalog.PROGRESS)) {
        listeners.add(new ConsoleProgress(System.out));
      }
      if (settings.isSet(Catalog.PUSHGATEWAY)) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("workload", workload.getSimpleName());
        labels.put("target", targetKind().json());
        pushgateway =
            new PushgatewayExporter(
                new PushgatewayExporter.Options(
                    settings.get(Catalog.PUSHGATEWAY),
                    settings.get(Catalog.PUSH_JOB),
                    runId,
                    settings.isSet(Catalog.PUSH_INSTANCE)
                        ? settings.get(Catalog.PUSH_INSTANCE)
                        : defaultInstance(),
                    labels,
                    settings.get(Catalog.PUSH_KEEP),
                    settings.get(Catalog.PUSH_DELETE_DELAY),
                    Duration.ofSeconds(3)));
        pushgateway.addSeries(() -> PushgatewayExporter.injectorCpu(injectorLoad.latestShare()));
        listeners.add(pushgateway);
      } else {
        pushgateway = null;
      }
      listeners.add(record);
      this.acked = settings.get(Catalog.AUDIT) ? new AckedWrites() : null;
      if (settings.isSet(Catalog.FAULTS)) {
        faults = FaultSetup.runner(settings, target);
        record.put(Section.FAULT_SCHEDULE, faults.schedule().toString(), true);
        if (!settings.isExplicit(Catalog.REPORT_INTERVAL)) {
          System.out.println(
              "qharness: faults scheduled: reporting every 1s (reportInterval) so recovery times"
                  + " resolve to a second");
        }
        faults.onApplied(this::faultApplied);
        if (pushgateway != null) {
          for (int i = 0; i < 2; i++) {
            int which = i;
            pushgateway.addSeries(
                () -> {
                  List<PushgatewayExporter.FaultPoint> rows = new ArrayList<>();
                  for (FaultRunner.Applied a : appliedFaults) {
                    if (a.ok()) {
                      rows.add(
                          new PushgatewayExporter.FaultPoint(
                              a.action(),
                              "node" + a.node(),
                              a.event(),
                              a.appliedAtMillis() / 1000.0));
                    }
                  }
                  List<MetricSnapshot> s = PushgatewayExporter.faultSeries(rows);
                  return s == null ? null : s.get(which);
                });
          }
        }
        listen(new Timeline(this::faultImpact));
      }
    } catch (RuntimeException e) {
      target.close();
      throw e;
    }
    System.out.println(target.banner());
    System.out.println("qharness run " + record.runId() + ": record in " + record.dir());
  }

  /**
   * Resolves settings from the environment and system properties and starts a run of {@code
   * workload}.
   */
  public static QharnessRun start(Class<?> workload) {
    return new QharnessRun(workload, Settings.fromEnvironment());
  }

  public static QharnessRun start(Class<?> workload, Settings settings) {
    return new QharnessRun(workload, settings);
  }

  private static String defaultInstance() {
    String name = ManagementFactory.getRuntimeMXBean().getName(); // pid@hostname
    int at = name.indexOf('@');
    return at < 0 ? name : name.substring(at + 1) + "-" + name.substring(0, at);
  }

  public Settings settings() {
    return settings;
  }

  public Target target() {
    return target;
  }

  public RunRecord record() {
    return record;
  }

  /** The Pushgateway exporter, when one is configured. */
  public PushgatewayExporter pushgateway() {
    return pushgateway;
  }

  /**
   * Declares the open-model load of an operation: recorded in run.json and exported to the
   * Pushgateway as the offered rate.
   */
  public OpenLoad load(String operation, OpenLoad load) {
    loads.put(operation, load.toString());
    record.put(Section.LOAD, loads, true);
    if (pushgateway != null) {
      pushgateway.offeredRate(operation, load.rateAt(0));
    }
    return load;
  }

  /** Cache directory for ground truth and other derived data: {@code <resultsDir>/cache}. */
  public Path cacheDir() {
    return ResultsLocation.resolve(settings.get(Catalog.RESULTS_DIR)).resolve("cache");
  }

  /**
   * The data set: {@code dataset} when set, else synthetic data from {@code distribution}, {@code
   * dim}, {@code points} and {@code seed}. Recorded in run.json.
   */
  public Dataset dataset() {
    Dataset d;
    if (settings.isSet(Catalog.DATASET)) {
      long cap =
          settings.value(Catalog.POINTS).source() == Settings.Source.DEFAULT
              ? 0
              : settings.get(Catalog.POINTS);
      d = Dataset.open(settings.get(Catalog.DATASET), settings.get(Catalog.QUERIES), cap);
    } else {
      String spec =
          "synthetic:"
              + settings.get(Catalog.DISTRIBUTION).name().toLowerCase(Locale.ROOT)
              + "?dim="
              + settings.get(Catalog.DIM)
              + "&n="
              + settings.get(Catalog.POINTS)
              + "&seed="
              + settings.get(Catalog.SEED)
              + "&queries="
              + settings.get(Catalog.QUERIES);
      d = Dataset.open(spec, settings.get(Catalog.QUERIES), 0);
    }
    dataPoints = d.points();
    dataDimension = d.dimension();
    data.put("spec", d.spec());
    data.put("description", d.description());
    record.put(Section.DATA, data, true);
    return d;
  }

  /**
   * The distance to create the collection with: the {@code distance} setting when given, else the
   * data set's own, else the default (Cosine).
   */
  public VectorDistance distance(Dataset d) {
    boolean explicit = settings.value(Catalog.DISTANCE).source() != Settings.Source.DEFAULT;
    if (!explicit && d.distance() != null) {
      return d.distance();
    }
    VectorDistance chosen = settings.get(Catalog.DISTANCE);
    if (d.distance() != null && d.distance() != chosen) {
      System.out.println(
          "qharness: data set "
              + d.spec()
              + " was built for "
              + d.distance()
              + ", searching with "
              + chosen
              + " as configured; shipped neighbours are not used");
    }
    return chosen;
  }

  /** The data set's queries, with exact top-k ground truth unless groundTruth=false. */
  public QuerySet queries(Dataset d, VectorDistance distance, int k) {
    QuerySet q = new QuerySet(d.queries(), null, d.spec() + " queries");
    if (!settings.get(Catalog.GROUND_TRUTH)) {
      return q;
    }
    Workloads.Truth t = Workloads.groundTruth(d, distance, k, null, null, cacheDir());
    System.out.println(
        "qharness: ground truth for " + d.queries().length + " queries: " + t.source());
    data.put("groundTruth", t.source());
    record.put(Section.DATA, data, true);
    return q.withGroundTruth(t.ids());
  }

  /**
   * The same queries each filtered by a payload category (Zipf-drawn), with exact filtered ground
   * truth.
   */
  public QuerySet filteredQueries(
      Dataset d, VectorDistance distance, int k, PayloadGenerator payloads) {
    String[] categories = payloads.queryCategories(d.queries().length);
    Filter[] filters = new Filter[categories.length];
    LongPredicate[] admitted = new LongPredicate[categories.length];
    for (int i = 0; i < categories.length; i++) {
      filters[i] = PayloadGenerator.categoryFilter(categories[i]);
      admitted[i] = payloads.categoryPredicate(categories[i]);
    }
    QuerySet q =
        new QuerySet(d.queries(), null, d.spec() + " queries").withFilters(filters, "category");
    if (!settings.get(Catalog.GROUND_TRUTH)) {
      return q;
    }
    Workloads.Truth t =
        Workloads.groundTruth(d, distance, k, admitted, payloads.toString(), cacheDir());
    System.out.println("qharness: filtered ground truth: " + t.source());
    data.put("filteredGroundTruth", t.source());
    record.put(Section.DATA, data, true);
    return q.withGroundTruth(t.ids());
  }

  /** The payload generator configured by payloadCategories, payloadSkew and seed. */
  public PayloadGenerator payloads() {
    return new PayloadGenerator(
        settings.get(Catalog.PAYLOAD_CATEGORIES),
        settings.get(Catalog.PAYLOAD_SKEW),
        settings.get(Catalog.SEED));
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

  /** Extra listeners for this run (added before {@link #protocol()} is called). */
  public QharnessRun listen(RunListener listener) {
    listeners.add(listeners.size() - 1, listener); // the record stays last: it seals the run
    return this;
  }

  private void faultApplied(FaultRunner.Applied a) {
    appliedFaults.add(a);
    record.put(Section.FAULTS, appliedFaults, true);
    System.out.println(
        "qharness fault " + a.event() + (a.ok() ? " applied" : " FAILED: " + a.error()));
  }

  private void faultImpact(Timeline timeline) {
    List<FaultImpact.Effect> effects =
        FaultImpact.analyse(appliedFaults, timeline.operations(), timeline.endMillis());
    record.put(Section.FAULT_IMPACT, effects, false);
    System.out.print(FaultImpact.format(effects));
  }

  /**
   * The fault schedule of this run ({@code faults}), or null without one. Call {@link
   * FaultRunner#start()} when the load starts, e.g. from a one-user scenario of the load phase.
   */
  public FaultRunner faults() {
    return faults;
  }

  /**
   * After the load: reads back every acknowledged upsert and reports lost writes (and changed
   * vectors, with auditVectors), in the console and in run.json. Null when audit=false.
   */
  public WriteAudit.Result audit(Dataset d, VectorDistance distance) {
    if (acked == null) {
      return null;
    }
    WriteAudit.Result r;
    try (QdrantNodes nodes = adminNodes()) {
      r =
          WriteAudit.verify(
              nodes,
              settings.get(Catalog.COLLECTION),
              acked,
              settings.get(Catalog.AUDIT_VECTORS) ? d.vectorsInUse() : null,
              distance,
              settings.get(Catalog.DEADLINE));
    } catch (RuntimeException e) {
      System.out.println("qharness write audit could not run: " + e.getMessage());
      record.put(Section.AUDIT, Map.of("error", String.valueOf(e.getMessage())), true);
      return null;
    }
    System.out.println(r.summary());
    record.put(Section.AUDIT, r, true);
    return r;
  }

  /**
   * One channel to each target node with the run's key, TLS and deadline, for calls outside the
   * load.
   */
  private QdrantNodes adminNodes() {
    ConnectionSettings cs =
        new ConnectionSettings(
            1,
            settings.get(Catalog.DEADLINE),
            settings.get(Catalog.API_KEY),
            settings.get(Catalog.TLS),
            settings.isSet(Catalog.CA_FILE) ? new File(settings.get(Catalog.CA_FILE)) : null);
    List<NodeAddress> hosts = new ArrayList<>();
    target.grpcAddresses().forEach(a -> hosts.add(NodeAddress.parse(a)));
    return new QdrantNodes(hosts, cs);
  }

  /**
   * For upload=false: checks, before any load, that the collection already holds this run's data
   * set (loaded by an earlier run or another injector): vector size, distance and exact point
   * count. Refuses the run, saying what differs, otherwise; recall would be measured against other
   * data.
   */
  public void requireLoadedCollection(Dataset d, VectorDistance distance) {
    String name = settings.get(Catalog.COLLECTION);
    if (target.embedded()) {
      throw refuse(
          "upload=false needs hosts (a cluster loaded earlier): the embedded test cluster starts"
              + " empty on every run");
    }
    ExistingCollection.Check c;
    try (QdrantNodes nodes = adminNodes()) {
      c =
          ExistingCollection.check(
              nodes, name, d.dimension(), distance, d.points(), settings.get(Catalog.DEADLINE));
    } catch (IllegalStateException e) {
      throw refuse("upload=false, but " + e.getMessage());
    }
    if (!c.problems().isEmpty()) {
      throw refuse(
          "upload=false, but "
              + String.join("; ", c.problems())
              + ": load it first with the same dataset, dim, points, distance and seed (./qharness"
              + " run Load ...), or run with upload=true");
    }
    record.put(Section.REUSED_COLLECTION, new ReusedCollection(name, c.points()), true);
    System.out.printf(
        Locale.ROOT,
        "qharness: upload=false: collection `%s` holds the data set's %,d points; not reloaded%n",
        name,
        c.points());
  }

  /**
   * Refuses this run before any load for a setting that does not fit: the record says so (and
   * {@code qharness run} exits 2 with the message), the embedded cluster is stopped. Throw the
   * result.
   */
  public ConfigException refuse(String message) {
    record.refused(message);
    target.close();
    return new ConfigException(message);
  }

  /** The Qdrant protocol: target nodes, connection settings and this run's listeners. */
  public QdrantProtocolBuilder protocol() {
    return Qdrant.qdrant()
        .hosts(target.grpcAddresses())
        .collection(settings.get(Catalog.COLLECTION))
        .nodeSelection(settings.get(Catalog.NODE_SELECTION))
        .channelsPerNode(settings.get(Catalog.CHANNELS_PER_NODE))
        .deadline(settings.get(Catalog.DEADLINE))
        .apiKey(settings.get(Catalog.API_KEY))
        .tls(settings.get(Catalog.TLS))
        .caFile(settings.get(Catalog.CA_FILE))
        .reportingInterval(reportInterval())
        .failover(
            settings.get(Catalog.RETRIES),
            settings.get(Catalog.RETRY_BUDGET),
            settings.get(Catalog.FAILOVER_COOLDOWN))
        .auditWrites(acked)
        .readiness(indexReadiness())
        .listeners(listeners.toArray(new RunListener[0]));
  }

  /**
   * Records what the run ran against: Qdrant version, peers and Raft state, and the collection's
   * configuration and shard placement, read over REST. A cluster that cannot be inspected is noted,
   * never fatal: the load figures stand on their own.
   */
  private TargetInfo describeTarget() {
    List<String> grpc = target.grpcAddresses();
    TargetInfo t;
    List<String> rest = null;
    try {
      rest = target.restAddresses(settings);
      ClusterInspector.Report r =
          ClusterInspector.of(settings, Duration.ofSeconds(3))
              .inspect(rest, List.of(settings.get(Catalog.COLLECTION)));
      // hosts given, but they are qharness's test cluster: say so
      TargetKind kind =
          !target.embedded() && r.testDouble() ? TargetKind.EXTERNAL_TEST_DOUBLE : targetKind();
      t =
          new TargetInfo(
              kind,
              grpc,
              rest,
              r.version(),
              r.nodes(),
              r.collections().isEmpty() ? null : r.collections().get(0),
              r.healthy(),
              r.problems(),
              null);
    } catch (RuntimeException e) {
      t = new TargetInfo(targetKind(), grpc, rest, null, null, null, null, null, e.toString());
    }
    record.put(Section.TARGET, t, true);
    return t;
  }

  private TargetKind targetKind() {
    return target.embedded() ? TargetKind.EMBEDDED_TEST_DOUBLE : TargetKind.QDRANT;
  }

  /**
   * The reporting interval: reportInterval, except that a run with faults and no explicit setting
   * reports every second, since recovery times are measured to one interval.
   */
  public Duration reportInterval() {
    if (faults != null && !settings.isExplicit(Catalog.REPORT_INTERVAL)) {
      return Duration.ofSeconds(1);
    }
    return settings.get(Catalog.REPORT_INTERVAL);
  }

  /**
   * A capacity sweep of {@code operation}: rates from capacityStartRate by capacityStepRate up to
   * capacityMaxRate, each held capacityStepDuration, judged against the SLO settings; reports are
   * written when the run closes. Call before {@link #protocol()}.
   */
  public CapacitySweep capacitySweep(String operation) {
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
    if (efSweepRecorder == null) {
      efSweepRecorder = new EfSweepRecorder(record, settings, target.embedded(), searchPaths());
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
    if (searchPaths == null) {
      searchPaths =
          new SearchPathRecorder(
              new NodeTelemetry(rest(), settings.get(Catalog.COLLECTION)),
              target.restAddresses(settings));
    }
    return searchPaths;
  }

  /**
   * Readiness per the nodes' telemetry: every segment that should be HNSW-indexed is, on every
   * replica.
   */
  private IndexReadiness indexReadiness() {
    if (indexReadiness == null) {
      indexReadiness = new IndexReadiness(rest(), target.restAddresses(settings));
    }
    return indexReadiness;
  }

  /** The nodes' REST API with the run's key and TLS, for what qharness observes beside the load. */
  private QdrantRest rest() {
    if (rest == null) {
      rest = QdrantRest.of(settings, Duration.ofSeconds(3));
    }
    return rest;
  }

  /** Records what the wait for readiness found: the index build time and how much was indexed. */
  private void reportIndexReady() {
    IndexReadiness.Reading r = indexReadiness == null ? null : indexReadiness.last();
    if (r == null) {
      return;
    }
    record.put(
        Section.INDEX_READY,
        new IndexReady(
            r.ready(),
            r.ready() ? Math.round(r.secondsToReady() * 10) / 10.0 : null,
            r.indexed(),
            r.expected(),
            r.detail()),
        true);
  }

  /**
   * How to get HNSW-served searches from a small data set, as seen on Qdrant 1.19: an indexing
   * threshold just under the segments' size and the minimum full-scan threshold. Not
   * indexingThreshold=1: under writes, every small appendable segment is then re-indexed at once,
   * which loaded a 2-core cluster until search p50 rose from 10 to 200 ms.
   */
  static final String SMALL_DATA_HNSW =
      "for HNSW figures on a small data set set fullScanThreshold=10 and an indexingThreshold just"
          + " below the segments' size (e.g. 1000 KB for the default 20,000 x 128-d over 4 shards),"
          + " or use a larger data set";

  /** The window of the measured load phase, for {@link #searchPaths()}. */
  public static final String MEASURED_WINDOW = "measured";

  /**
   * Reports which search path served the measured phase, and says so plainly when it was not the
   * HNSW graph.
   */
  private void reportSearchPaths(List<String> notes) {
    if (searchPaths == null) {
      return;
    }
    searchPaths.end();
    SearchPathShares measured = searchPaths.window(MEASURED_WINDOW);
    if (measured == null) {
      return;
    }
    System.out.println(
        "qharness: search paths of the measured phase (the nodes' own counters): "
            + measured.describe());
    record.put(Section.SEARCH_PATHS, measured.toRecord(), true);
    if (measured.measured() && !measured.hnswServed()) {
      notes.add(
          String.format(
              Locale.ROOT,
              "only %.1f%% of the vectors searched went through the HNSW graph (%s): segments"
                  + " without an index or below the HNSW full_scan_threshold are scanned, unlike in"
                  + " a large production collection; %s",
              100 * measured.share(SearchPath.HNSW),
              measured.describe(),
              SMALL_DATA_HNSW));
    }
  }

  /**
   * After the simulation: stops the embedded test cluster, if any, with a reminder of what it was.
   */
  @Override
  public void close() {
    if (faults != null) {
      faults.close();
    }
    List<String> notes = new ArrayList<>();
    reportIndexReady();
    reportSearchPaths(notes);
    TargetInfo described = describeTarget();
    CollectionState inspectedCollection = described.collection();
    // without the nodes' search counters (telemetry unread), an unindexed collection still tells
    if (notes.isEmpty()
        && inspectedCollection != null
        && inspectedCollection.unindexed()
        && !described.kind().testDouble()) {
      notes.add(
          String.format(
              Locale.ROOT,
              "collection `%s` has no HNSW index (indexed_vectors_count 0 of %,d points: below its"
                  + " indexing_threshold): its searches were full scans, unlike a large production"
                  + " collection's; %s",
              inspectedCollection.name(),
              inspectedCollection.points(),
              SMALL_DATA_HNSW));
    }
    if (!notes.isEmpty()) {
      notes.forEach(n -> System.out.println("qharness: NOTE: " + n));
      record.put(Section.NOTES, notes, true);
    }
    if (efSweepRecorder != null) {
      efSweepRecorder.targetInspected(described.kind(), inspectedCollection);
    }
    if (sweep != null) {
      try {
        sweep.finish(described, dataPoints, dataDimension);
      } catch (RuntimeException e) {
        System.out.println("qharness capacity analysis failed: " + e);
        record.put(Section.CAPACITY_FAILURE, e.toString(), true);
      }
    }
    if (target.embedded()) {
      System.out.println(
          "Reminder: this run targeted the embedded TEST DOUBLE; its figures are not Qdrant's"
              + " performance.");
    }
    target.close();
  }
}
