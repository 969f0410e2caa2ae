package io.qharness.run;

import io.qharness.cluster.Target;
import io.qharness.config.Catalog;
import io.qharness.config.Settings;
import io.qharness.metrics.ConsoleProgress;
import io.qharness.metrics.IntervalLog;
import io.qharness.metrics.PushgatewayExporter;
import io.qharness.metrics.RunListener;
import io.qdrant.client.grpc.Common.Filter;
import io.qharness.protocol.OpenLoad;
import io.qharness.protocol.QdrantCheck;
import io.qharness.protocol.Qdrant;
import io.qharness.protocol.QdrantProtocolBuilder;
import io.qharness.results.ResultsLocation;
import io.qharness.results.RunRecord;
import io.qharness.workload.Dataset;
import io.qharness.workload.PayloadGenerator;
import io.qharness.workload.QuerySet;
import io.qharness.workload.VectorDistance;
import io.qharness.workload.Workloads;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.function.LongPredicate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
  private final io.qharness.protocol.AckedWrites acked;
  private io.qharness.cluster.FaultRunner faults;
  private CapacitySweep sweep;
  private volatile io.qharness.report.EfSweep efSweepResult;
  private volatile Object inspectedKind;
  private volatile io.qharness.cluster.ClusterInspector.CollectionView inspectedCollection;
  private volatile boolean efSweepTestDouble;
  private long dataPoints;
  private int dataDimension;
  private final List<io.qharness.cluster.FaultRunner.Applied> appliedFaults = new java.util.concurrent.CopyOnWriteArrayList<>();

  private QharnessRun(Class<?> workload, Settings settings) {
    this.settings = settings;
    this.target = Target.resolve(settings);
    try {
      String runId = settings.isSet(Catalog.RUN_ID) ? settings.get(Catalog.RUN_ID) : RunRecord.newRunId(workload.getSimpleName());
      Map<String, Object> description = new LinkedHashMap<>();
      description.put("workload", workload.getName());
      description.put("config", settings.toRecord());
      Map<String, Object> t = new LinkedHashMap<>();
      t.put("kind", target.embedded() ? "embedded-test-double" : "qdrant");
      t.put("grpcAddresses", target.grpcAddresses());
      description.put("target", t);
      this.record = RunRecord.begin(ResultsLocation.resolve(settings.get(Catalog.RESULTS_DIR)), runId, description);
      listeners.add(new IntervalLog(record.dir()));
      // before the Pushgateway exporter, so each push carries this interval's reading
      io.qharness.metrics.InjectorLoad injectorLoad =
          new io.qharness.metrics.InjectorLoad(target.embedded(), f -> record.put("injectorProcess", f, false), System.out);
      listeners.add(injectorLoad);
      if (settings.get(Catalog.PROGRESS)) {
        listeners.add(new ConsoleProgress(System.out));
      }
      if (settings.isSet(Catalog.PUSHGATEWAY)) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("workload", workload.getSimpleName());
        labels.put("target", target.embedded() ? "embedded-test-double" : "qdrant");
        pushgateway =
            new PushgatewayExporter(
                new PushgatewayExporter.Options(
                    settings.get(Catalog.PUSHGATEWAY),
                    settings.get(Catalog.PUSH_JOB),
                    runId,
                    settings.isSet(Catalog.PUSH_INSTANCE) ? settings.get(Catalog.PUSH_INSTANCE) : defaultInstance(),
                    labels,
                    settings.get(Catalog.PUSH_KEEP),
                    settings.get(Catalog.PUSH_DELETE_DELAY),
                    java.time.Duration.ofSeconds(3)));
        pushgateway.addSeries(() -> PushgatewayExporter.injectorCpu(injectorLoad.latestShare()));
        listeners.add(pushgateway);
      } else {
        pushgateway = null;
      }
      listeners.add(record);
      this.acked = settings.get(Catalog.AUDIT) ? new io.qharness.protocol.AckedWrites() : null;
      if (settings.isSet(Catalog.FAULTS)) {
        faults = faultRunner(settings, target);
        record.put("faultSchedule", faults.schedule().toString(), true);
        if (!settings.isExplicit(Catalog.REPORT_INTERVAL)) {
          System.out.println("qharness: faults scheduled: reporting every 1s (reportInterval) so recovery times resolve to a second");
        }
        faults.onApplied(this::faultApplied);
        if (pushgateway != null) {
          for (int i = 0; i < 2; i++) {
            int which = i;
            pushgateway.addSeries(() -> {
              List<String[]> rows = new ArrayList<>();
              for (io.qharness.cluster.FaultRunner.Applied a : appliedFaults) {
                if (a.ok()) {
                  rows.add(new String[] {a.action(), "node" + a.node(), a.event(), Double.toString(a.appliedAtMillis() / 1000.0)});
                }
              }
              List<io.prometheus.metrics.model.snapshots.MetricSnapshot> s = PushgatewayExporter.faultSeries(rows);
              return s == null ? null : s.get(which);
            });
          }
        }
        listen(new io.qharness.report.Timeline(this::faultImpact));
      }
    } catch (RuntimeException e) {
      target.close();
      throw e;
    }
    System.out.println(target.banner());
    System.out.println("qharness run " + record.runId() + ": record in " + record.dir());
  }

  /** Resolves settings from the environment and system properties and starts a run of {@code workload}. */
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
    record.put("load", loads, true);
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
   * The data set: {@code dataset} when set, else synthetic data from {@code distribution},
   * {@code dim}, {@code points} and {@code seed}. Recorded in run.json.
   */
  public Dataset dataset() {
    Dataset d;
    if (settings.isSet(Catalog.DATASET)) {
      long cap = settings.value(Catalog.POINTS).source() == Settings.Source.DEFAULT ? 0 : settings.get(Catalog.POINTS);
      d = Dataset.open(settings.get(Catalog.DATASET), settings.get(Catalog.QUERIES), cap);
    } else {
      String spec = "synthetic:" + settings.get(Catalog.DISTRIBUTION).name().toLowerCase(java.util.Locale.ROOT)
          + "?dim=" + settings.get(Catalog.DIM) + "&n=" + settings.get(Catalog.POINTS) + "&seed=" + settings.get(Catalog.SEED)
          + "&queries=" + settings.get(Catalog.QUERIES);
      d = Dataset.open(spec, settings.get(Catalog.QUERIES), 0);
    }
    dataPoints = d.points();
    dataDimension = d.dimension();
    data.put("spec", d.spec());
    data.put("description", d.description());
    record.put("data", data, true);
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
      System.out.println("qharness: data set " + d.spec() + " was built for " + d.distance() + ", searching with " + chosen
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
    System.out.println("qharness: ground truth for " + d.queries().length + " queries: " + t.source());
    data.put("groundTruth", t.source());
    record.put("data", data, true);
    return q.withGroundTruth(t.ids());
  }

  /** The same queries each filtered by a payload category (Zipf-drawn), with exact filtered ground truth. */
  public QuerySet filteredQueries(Dataset d, VectorDistance distance, int k, PayloadGenerator payloads) {
    String[] categories = payloads.queryCategories(d.queries().length);
    Filter[] filters = new Filter[categories.length];
    LongPredicate[] admitted = new LongPredicate[categories.length];
    for (int i = 0; i < categories.length; i++) {
      filters[i] = PayloadGenerator.categoryFilter(categories[i]);
      admitted[i] = payloads.categoryPredicate(categories[i]);
    }
    QuerySet q = new QuerySet(d.queries(), null, d.spec() + " queries").withFilters(filters, "category");
    if (!settings.get(Catalog.GROUND_TRUTH)) {
      return q;
    }
    Workloads.Truth t = Workloads.groundTruth(d, distance, k, admitted, payloads.toString(), cacheDir());
    System.out.println("qharness: filtered ground truth: " + t.source());
    data.put("filteredGroundTruth", t.source());
    record.put("data", data, true);
    return q.withGroundTruth(t.ids());
  }

  /** The payload generator configured by payloadCategories, payloadSkew and seed. */
  public PayloadGenerator payloads() {
    return new PayloadGenerator(settings.get(Catalog.PAYLOAD_CATEGORIES), settings.get(Catalog.PAYLOAD_SKEW), settings.get(Catalog.SEED));
  }

  /** The recall check the settings ask for (minRecall, recallKo), or null. */
  public QdrantCheck recallCheck() {
    if (!settings.isSet(Catalog.MIN_RECALL)) {
      return null;
    }
    double floor = settings.get(Catalog.MIN_RECALL);
    return settings.get(Catalog.RECALL_KO) ? Qdrant.recall().atLeast(floor) : Qdrant.recall().countBelow(floor);
  }

  /** Extra listeners for this run (added before {@link #protocol()} is called). */
  public QharnessRun listen(RunListener listener) {
    listeners.add(listeners.size() - 1, listener); // the record stays last: it seals the run
    return this;
  }

  private static io.qharness.cluster.FaultRunner faultRunner(Settings settings, Target target) {
    int nodes = target.grpcAddresses().size();
    io.qharness.cluster.FaultSchedule schedule;
    try {
      schedule = io.qharness.cluster.FaultSchedule.parse(settings.get(Catalog.FAULTS), nodes);
    } catch (IllegalArgumentException e) {
      throw new io.qharness.config.ConfigException("faults (from " + settings.value(Catalog.FAULTS).origin() + "): " + e.getMessage());
    }
    Catalog.FaultInjectorKind kind = settings.get(Catalog.FAULT_INJECTOR);
    io.qharness.cluster.FaultInjector injector;
    if (kind == Catalog.FaultInjectorKind.TESTCLUSTER || (kind == Catalog.FaultInjectorKind.AUTO && target.embedded())) {
      if (!target.embedded()) {
        throw new io.qharness.config.ConfigException(
            "faultInjector=testcluster needs the embedded test cluster; with hosts given use faultInjector=compose");
      }
      injector = new io.qharness.cluster.TestClusterFaults(target.testCluster());
    } else {
      Path compose = ResultsLocation.resolve(settings.get(Catalog.COMPOSE_FILE));
      try {
        injector = new io.qharness.cluster.DockerComposeFaults(List.of(settings.get(Catalog.COMPOSE_COMMAND).trim().split("\\s+")), compose);
      } catch (IllegalArgumentException e) {
        throw new io.qharness.config.ConfigException("composeFile (from " + settings.value(Catalog.COMPOSE_FILE).origin() + "): " + e.getMessage());
      }
    }
    try {
      return new io.qharness.cluster.FaultRunner(schedule, injector);
    } catch (IllegalArgumentException e) {
      throw new io.qharness.config.ConfigException("faults: " + e.getMessage());
    }
  }

  private void faultApplied(io.qharness.cluster.FaultRunner.Applied a) {
    appliedFaults.add(a);
    record.put("faults", appliedFaults, true);
    System.out.println("qharness fault " + a.event() + (a.ok() ? " applied" : " FAILED: " + a.error()));
  }

  private void faultImpact(io.qharness.report.Timeline timeline) {
    List<io.qharness.report.FaultImpact.Effect> effects =
        io.qharness.report.FaultImpact.analyse(appliedFaults, timeline.operations(), timeline.endMillis());
    record.put("faultImpact", effects, false);
    System.out.print(io.qharness.report.FaultImpact.format(effects));
  }

  /**
   * The fault schedule of this run ({@code faults}), or null without one. Call {@link
   * io.qharness.cluster.FaultRunner#start()} when the load starts, e.g. from a one-user scenario of
   * the load phase.
   */
  public io.qharness.cluster.FaultRunner faults() {
    return faults;
  }

  /**
   * After the load: reads back every acknowledged upsert and reports lost writes (and changed
   * vectors, with auditVectors), in the console and in run.json. Null when audit=false.
   */
  public io.qharness.cluster.WriteAudit.Result audit(Dataset d, VectorDistance distance) {
    if (acked == null) {
      return null;
    }
    io.qharness.cluster.WriteAudit.Result r;
    try (io.qharness.protocol.grpc.QdrantNodes nodes = adminNodes()) {
      r = io.qharness.cluster.WriteAudit.verify(nodes, settings.get(Catalog.COLLECTION), acked,
          settings.get(Catalog.AUDIT_VECTORS) ? d.vectorsInUse() : null, distance, settings.get(Catalog.DEADLINE));
    } catch (RuntimeException e) {
      System.out.println("qharness write audit could not run: " + e.getMessage());
      record.put("audit", Map.of("error", String.valueOf(e.getMessage())), true);
      return null;
    }
    System.out.println(r.summary());
    record.put("audit", r, true);
    return r;
  }

  /** One channel to each target node with the run's key, TLS and deadline, for calls outside the load. */
  private io.qharness.protocol.grpc.QdrantNodes adminNodes() {
    io.qharness.protocol.grpc.ConnectionSettings cs =
        new io.qharness.protocol.grpc.ConnectionSettings(1, settings.get(Catalog.DEADLINE), settings.get(Catalog.API_KEY),
            settings.get(Catalog.TLS), settings.isSet(Catalog.CA_FILE) ? new java.io.File(settings.get(Catalog.CA_FILE)) : null);
    List<io.qharness.protocol.grpc.NodeAddress> hosts = new ArrayList<>();
    target.grpcAddresses().forEach(a -> hosts.add(io.qharness.protocol.grpc.NodeAddress.parse(a)));
    return new io.qharness.protocol.grpc.QdrantNodes(hosts, cs);
  }

  /**
   * For upload=false: checks, before any load, that the collection already holds this run's data
   * set (loaded by an earlier run or another injector): vector size, distance and exact point count.
   * Refuses the run, saying what differs, otherwise; recall would be measured against other data.
   */
  public void requireLoadedCollection(Dataset d, VectorDistance distance) {
    String name = settings.get(Catalog.COLLECTION);
    if (target.embedded()) {
      throw refuse("upload=false needs hosts (a cluster loaded earlier): the embedded test cluster starts empty on every run");
    }
    io.qharness.cluster.ExistingCollection.Check c;
    try (io.qharness.protocol.grpc.QdrantNodes nodes = adminNodes()) {
      c = io.qharness.cluster.ExistingCollection.check(nodes, name, d.dimension(), distance, d.points(), settings.get(Catalog.DEADLINE));
    } catch (IllegalStateException e) {
      throw refuse("upload=false, but " + e.getMessage());
    }
    if (!c.problems().isEmpty()) {
      throw refuse("upload=false, but " + String.join("; ", c.problems())
          + ": load it first with the same dataset, dim, points, distance and seed (./qharness run Load ...), or run with upload=true");
    }
    record.put("reusedCollection", Map.of("name", name, "points", c.points()), true);
    System.out.printf(java.util.Locale.ROOT, "qharness: upload=false: collection `%s` holds the data set's %,d points; not reloaded%n", name, c.points());
  }

  /**
   * Refuses this run before any load for a setting that does not fit: the record says so (and
   * {@code qharness run} exits 2 with the message), the embedded cluster is stopped. Throw the result.
   */
  public io.qharness.config.ConfigException refuse(String message) {
    record.refused(message);
    target.close();
    return new io.qharness.config.ConfigException(message);
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
        .failover(settings.get(Catalog.RETRIES), settings.get(Catalog.RETRY_BUDGET), settings.get(Catalog.FAILOVER_COOLDOWN))
        .auditWrites(acked)
        .listeners(listeners.toArray(new RunListener[0]));
  }

  /**
   * Records what the run ran against: Qdrant version, peers and Raft state, and the collection's
   * configuration and shard placement, read over REST. A cluster that cannot be inspected is noted,
   * never fatal: the load figures stand on their own.
   */
  private Map<String, Object> describeTarget() {
    Map<String, Object> t = new LinkedHashMap<>();
    t.put("kind", target.embedded() ? "embedded-test-double" : "qdrant");
    t.put("grpcAddresses", target.grpcAddresses());
    try {
      List<String> rest = target.restAddresses(settings);
      t.put("restAddresses", rest);
      io.qharness.cluster.ClusterInspector.Report r =
          io.qharness.cluster.ClusterInspector.of(settings, java.time.Duration.ofSeconds(3))
              .inspect(rest, List.of(settings.get(Catalog.COLLECTION)));
      t.put("qdrantVersion", r.version());
      if (!target.embedded() && r.testDouble()) {
        t.put("kind", "external-test-double"); // hosts given, but they are qharness's test cluster: say so
      }
      t.put("nodes", r.nodes());
      t.put("collection", r.collections().isEmpty() ? null : r.collections().get(0));
      t.put("healthyAtEnd", r.healthy());
      t.put("problemsAtEnd", r.problems());
    } catch (RuntimeException e) {
      t.put("inspectionFailure", e.toString());
    }
    record.put("target", t, true);
    return t;
  }

  /**
   * The reporting interval: reportInterval, except that a run with faults and no explicit setting
   * reports every second, since recovery times are measured to one interval.
   */
  public java.time.Duration reportInterval() {
    if (faults != null && !settings.isExplicit(Catalog.REPORT_INTERVAL)) {
      return java.time.Duration.ofSeconds(1);
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
      record.put("capacityPlan", Map.of("operation", operation, "rates", sweep.rates(), "slo", sweep.slo().describe()), true);
    }
    return sweep;
  }

  /**
   * A search-parameter sweep: the hnsw_ef values of efSweep, one step each (request names from
   * {@link io.qharness.report.EfSweep#operation}). When the run ends the steps' recall and speed
   * are tabulated on the console, in ef-sweep.md and in run.json ({@code efSweep}), with the
   * smallest hnsw_ef reaching targetRecall. Call before {@link #protocol()}.
   */
  public List<Integer> efSweep() {
    List<Integer> efs = settings.get(Catalog.EF_SWEEP);
    double rate = settings.get(Catalog.EF_SWEEP_RATE);
    boolean closed = rate == 0;
    double targetRecall = settings.get(Catalog.TARGET_RECALL);
    Map<String, Object> plan = new LinkedHashMap<>();
    plan.put("hnswEf", efs);
    plan.put("exact", settings.get(Catalog.EF_SWEEP_EXACT));
    plan.put("model", closed ? "closed: " + settings.get(Catalog.EF_SWEEP_CONCURRENCY) + " concurrent searches" : "open: " + rate + "/s");
    plan.put("stepDuration", settings.get(Catalog.EF_SWEEP_STEP_DURATION).toString());
    record.put("efSweepPlan", plan, true);
    boolean testDouble = target.embedded();
    listen(new RunListener() {
      @Override
      public void ended(io.qharness.metrics.RunSummary summary) {
        io.qharness.report.EfSweep sweep = io.qharness.report.EfSweep.of(summary, targetRecall, closed);
        if (sweep == null) {
          return;
        }
        System.out.println();
        System.out.println("qharness search-parameter sweep (recall@k against exact ground truth):");
        // the simulation's after() (which inspects the target) usually ran already: it may have found the hosts to be the test double
        boolean sayTestDouble = testDouble || String.valueOf(inspectedKind).endsWith("test-double");
        sweep = withIndexCaveat(sweep, sayTestDouble);
        System.out.print(sweep.toTable());
        writeEfSweep(record.dir(), record.runId(), sweep, sayTestDouble);
        record.put("efSweep", sweep, false); // written when the record seals the run, right after
        efSweepResult = sweep;
        efSweepTestDouble = sayTestDouble;
      }
    });
    return efs;
  }

  /**
   * A sweep over a collection with no HNSW index measured full scans at every ef: say so and
   * withdraw the recommendation (not for the test double, which always scans and says so itself).
   */
  private io.qharness.report.EfSweep withIndexCaveat(io.qharness.report.EfSweep sweep, boolean testDouble) {
    io.qharness.cluster.ClusterInspector.CollectionView c = inspectedCollection;
    return testDouble || c == null ? sweep : sweep.checkIndexed(c.name(), c.points(), c.indexedVectors());
  }

  /** The sweep's Markdown table in the run folder; its HTML report (charts) is {@code ef-sweep.html}. */
  public static final String EF_SWEEP_FILE = "ef-sweep.md";

  /** Writes ef-sweep.md and ef-sweep.html into a run folder. */
  public static void writeEfSweep(Path dir, String runId, io.qharness.report.EfSweep sweep, boolean testDouble) {
    io.qharness.results.AtomicFiles.write(dir.resolve(EF_SWEEP_FILE), sweep.toMarkdown(testDouble));
    io.qharness.results.AtomicFiles.write(dir.resolve("ef-sweep.html"), io.qharness.report.EfSweepReport.html(sweep, runId, testDouble));
  }

  /** After the simulation: stops the embedded test cluster, if any, with a reminder of what it was. */
  @Override
  public void close() {
    if (faults != null) {
      faults.close();
    }
    Map<String, Object> described = describeTarget();
    inspectedKind = described.get("kind");
    inspectedCollection = described.get("collection") instanceof io.qharness.cluster.ClusterInspector.CollectionView v ? v : null;
    if (inspectedCollection != null && inspectedCollection.unindexed() && !String.valueOf(inspectedKind).endsWith("test-double")) {
      String note = String.format(java.util.Locale.ROOT,
          "collection `%s` has no HNSW index (indexed_vectors_count 0 of %,d points: below its indexing_threshold): its searches were"
              + " full scans, unlike a large production collection's; for HNSW figures on a small data set use indexingThreshold=1",
          inspectedCollection.name(), inspectedCollection.points());
      System.out.println("qharness: NOTE: " + note);
      record.put("notes", List.of(note), true);
    }
    io.qharness.report.EfSweep done = efSweepResult;
    if (done != null) {
      // the sweep ended before the target was inspected: add what the inspection found
      boolean sayTestDouble = efSweepTestDouble || String.valueOf(inspectedKind).endsWith("test-double");
      io.qharness.report.EfSweep checked = withIndexCaveat(done, sayTestDouble);
      if (sayTestDouble != efSweepTestDouble || checked != done) {
        writeEfSweep(record.dir(), record.runId(), checked, sayTestDouble);
        record.put("efSweep", checked, true);
        checked.caveats().forEach(c -> System.out.println("CAVEAT: " + c));
      }
    }
    if (sweep != null) {
      try {
        sweep.finish(described, dataPoints, dataDimension);
      } catch (RuntimeException e) {
        System.out.println("qharness capacity analysis failed: " + e);
        record.put("capacityFailure", e.toString(), true);
      }
    }
    if (target.embedded()) {
      System.out.println("Reminder: this run targeted the embedded TEST DOUBLE; its figures are not Qdrant's performance.");
    }
    target.close();
  }
}
