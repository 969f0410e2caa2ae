package io.qharness.run;

import io.qharness.cluster.ClusterInspector;
import io.qharness.cluster.IndexReadiness;
import io.qharness.cluster.NodeResources;
import io.qharness.cluster.NodeTelemetry;
import io.qharness.cluster.QdrantRest;
import io.qharness.cluster.SearchPathShares;
import io.qharness.cluster.Target;
import io.qharness.cluster.faults.FaultEvent;
import io.qharness.cluster.faults.FaultRunner;
import io.qharness.config.Catalog;
import io.qharness.config.Settings;
import io.qharness.results.CollectionState;
import io.qharness.results.RunFile.Freshness;
import io.qharness.results.RunFile.FreshnessNode;
import io.qharness.results.RunFile.IndexReady;
import io.qharness.results.RunFile.Section;
import io.qharness.results.RunFile.ServerResources;
import io.qharness.results.RunFile.TargetInfo;
import io.qharness.results.RunFile.TargetKind;
import io.qharness.results.RunRecord;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What qharness observes on the server beside the load, over the nodes' REST API: when the index is
 * ready, which search path served each phase, and at the end what the cluster and collection looked
 * like, with notes when the figures are not what a large production collection would give.
 */
final class ServerObservations {
  private final List<String> noted = new java.util.concurrent.CopyOnWriteArrayList<>();

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

  private final Settings settings;
  private final Target target;
  private final RunRecord record;
  private final PrintStream out;
  private SearchPathRecorder searchPaths;
  private IndexReadiness indexReadiness;
  private QdrantRest rest;
  private ResourceRecorder resources;
  private FreshnessSampler freshness;
  private IndexAfterLoad indexAfterLoad;
  private OptimizerRecorder optimizer;
  private final Set<Integer> nodesDown = ConcurrentHashMap.newKeySet();
  private boolean loadEnded;

  ServerObservations(Settings settings, Target target, RunRecord record, PrintStream out) {
    this.settings = settings;
    this.target = target;
    this.record = record;
    this.out = out;
  }

  /** The kind of target as known before any inspection. */
  static TargetKind kindOf(Target target) {
    return target.embedded() ? TargetKind.EMBEDDED_TEST_DOUBLE : TargetKind.QDRANT;
  }

  private TargetKind kind() {
    return kindOf(target);
  }

  SearchPathRecorder searchPaths() {
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
  IndexReadiness indexReadiness() {
    if (indexReadiness == null) {
      indexReadiness = new IndexReadiness(rest(), target.restAddresses(settings));
    }
    return indexReadiness;
  }

  /**
   * A phase boundary: ends the open phase and opens {@code phase}, reading the nodes' search-path
   * counters and resources; the measured phase also starts the freshness probes.
   */
  synchronized void phase(String phase) {
    if (loadEnded) {
      return;
    }
    searchPaths().markNow(phase);
    if (settings.get(Catalog.SERVER_RESOURCES)) {
      resources().markNow(phase);
      optimizer().phase(phase);
    }
    if (QharnessRun.MEASURED_WINDOW.equals(phase)
        && !settings.get(Catalog.FRESHNESS_INTERVAL).isZero()) {
      freshness = new FreshnessSampler(settings, target);
      freshness.start();
    }
  }

  /**
   * The load is over (the simulation's after-hook): closes the measured phase, stops the freshness
   * probes and starts waiting, in the background, for the index to catch up with the writes.
   * Idempotent.
   */
  synchronized void loadEnded() {
    if (loadEnded) {
      return;
    }
    if (freshness != null) {
      freshness.stop();
    }
    if (resources != null) {
      resources.markNow(null);
    }
    if (optimizer != null) {
      optimizer.phase(null);
    }
    if (searchPaths != null) {
      searchPaths.end();
    }
    loadEnded = true;
    Duration wait = settings.get(Catalog.INDEX_WAIT_AFTER_LOAD);
    if (!wait.isZero() && searchPaths != null) {
      indexAfterLoad =
          new IndexAfterLoad(
              new IndexReadiness(rest(), target.restAddresses(settings)),
              settings.get(Catalog.COLLECTION),
              wait);
      indexAfterLoad.start();
    }
  }

  /**
   * Nodes (1-based) a fault or a restart has taken down (true) or brought back: the polls that
   * follow the run leave them alone meanwhile (see {@link OptimizerRecorder}).
   */
  void nodesDown(List<Integer> nodes, boolean down) {
    if (down) {
      nodesDown.addAll(nodes);
    } else {
      nodesDown.removeAll(nodes);
    }
  }

  /** A fault as applied: a node stopped, killed or paused is down until started or resumed. */
  void faultApplied(FaultRunner.Applied a) {
    FaultEvent.Action action = FaultEvent.Action.valueOf(a.action().toUpperCase(Locale.ROOT));
    switch (action) {
      case STOP, KILL, PAUSE -> nodesDown(List.of(a.node()), a.ok()); // failed: still up
      case START, RESUME -> nodesDown(List.of(a.node()), false);
      default -> {} // latency: the node answers
    }
  }

  /** The optimiser's work per phase, polled from the first phase on. */
  OptimizerRecorder optimizer() {
    if (optimizer == null) {
      optimizer =
          new OptimizerRecorder(
              rest(),
              target.restAddresses(settings),
              settings.get(Catalog.COLLECTION),
              nodesDown::contains);
    }
    return optimizer;
  }

  private void recordOptimizer() {
    if (optimizer == null) {
      return;
    }
    optimizer.stop();
    OptimizerRecorder.Report r = optimizer.report();
    if (r != null) {
      OptimizerRecorder.lines(r).forEach(out::println);
      record.put(Section.OPTIMIZER, r, true);
    }
  }

  private ResourceRecorder resources() {
    if (resources == null) {
      resources =
          new ResourceRecorder(
              new NodeResources(
                  rest(),
                  settings.get(Catalog.COLLECTION),
                  target.restAddresses(settings),
                  !target.embedded()));
    }
    return resources;
  }

  /** The nodes' REST API with the run's key and TLS. */
  private QdrantRest rest() {
    if (rest == null) {
      rest = QdrantRest.of(settings, Duration.ofSeconds(3));
    }
    return rest;
  }

  /**
   * After the load: records the index readiness and the measured phase's search paths, inspects the
   * target, and records the notes on what the figures mean. Returns the inspection.
   */
  TargetInfo finish() {
    List<String> notes = new ArrayList<>(noted);
    loadEnded();
    recordIndexReady();
    recordIndexAfterLoad();
    recordSearchPaths(notes);
    recordResources();
    recordOptimizer();
    recordFreshness(notes);
    TargetInfo described = describeTarget();
    CollectionState collection = described.collection();
    // without the nodes' search counters (telemetry unread), an unindexed collection still tells
    if (notes.isEmpty()
        && collection != null
        && collection.unindexed()
        && !described.kind().testDouble()) {
      notes.add(
          String.format(
              Locale.ROOT,
              "collection `%s` has no HNSW index (indexed_vectors_count 0 of %,d points: below its"
                  + " indexing_threshold): its searches were full scans, unlike a large production"
                  + " collection's; %s",
              collection.name(),
              collection.points(),
              SMALL_DATA_HNSW));
    }
    if (!notes.isEmpty()) {
      notes.forEach(n -> out.println("qharness: NOTE: " + n));
      record.put(Section.NOTES, notes, true);
    }
    return described;
  }

  /** A note for the record, said with the others when the run ends. */
  void note(String note) {
    noted.add(note);
  }

  /** Records what the wait for readiness found: the index build time and how much was indexed. */
  private void recordIndexReady() {
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

  /** Records how long after the end of the load every node was fully indexed. */
  private void recordIndexAfterLoad() {
    if (indexAfterLoad == null) {
      return;
    }
    IndexReadiness.Reading r = indexAfterLoad.await();
    if (r == null) {
      return;
    }
    IndexReady after =
        new IndexReady(
            r.ready(),
            r.ready() ? Math.round(r.secondsToReady() * 10) / 10.0 : null,
            r.indexed(),
            r.expected(),
            r.detail());
    out.println(
        r.ready()
            ? String.format(
                Locale.ROOT,
                "qharness: index caught up %.1f s after the end of the load (%s)",
                after.secondsToReady(),
                r.detail())
            : "qharness: index not caught up "
                + settings.value(Catalog.INDEX_WAIT_AFTER_LOAD).text()
                + " after the end of the load: "
                + r.detail());
    record.put(Section.INDEX_READY_AFTER_LOAD, after, true);
  }

  /** Every node's use per phase so far, or null. */
  ServerResources serverResources() {
    return resources == null ? null : resources.result();
  }

  /** Records every node's resources per phase. */
  private void recordResources() {
    ServerResources r = resources == null ? null : resources.result();
    if (r == null) {
      return;
    }
    out.print("qharness: server resources per phase\n" + ResourceRecorder.describe(r));
    record.put(Section.SERVER_RESOURCES, r, true);
  }

  /** Records the freshness probes of the measured phase. */
  private void recordFreshness(List<String> notes) {
    if (freshness == null) {
      return;
    }
    List<FreshnessNode> nodes = freshness.nodes();
    if (nodes == null) {
      notes.add("searchable-after-insert probes failed: " + freshness.failure());
      return;
    }
    out.println(
        "qharness: searchable after insert (one probe every "
            + freshness.interval()
            + " during the measured phase):");
    for (FreshnessNode n : nodes) {
      out.println(
          String.format(
              Locale.ROOT,
              "  %-22s p50 %8.3f ms  p99 %8.3f ms  max %8.3f ms  over %d probes%s",
              n.node(),
              n.p50Ms(),
              n.p99Ms(),
              n.maxMs(),
              n.probes(),
              n.missed() == 0 ? "" : ", " + n.missed() + " not seen within 10 s"));
    }
    int samples = nodes.stream().mapToInt(n -> (int) n.probes() + n.missed()).max().orElse(0);
    record.put(Section.FRESHNESS, new Freshness(freshness.interval(), samples, nodes), true);
  }

  /**
   * Records which search path served the measured phase, and says so plainly when it was not the
   * HNSW graph.
   */
  private void recordSearchPaths(List<String> notes) {
    if (searchPaths == null) {
      return;
    }
    searchPaths.end();
    SearchPathShares measured = searchPaths.window(QharnessRun.MEASURED_WINDOW);
    if (measured == null) {
      return;
    }
    out.println(
        "qharness: search paths of the measured phase (the nodes' own counters): "
            + measured.describe());
    record.put(Section.SEARCH_PATHS, measured.toRecord(), true);
    if (measured.measured() && !measured.hnswServed()) {
      notes.add(
          String.format(
              Locale.ROOT,
              "only %.1f%% of the dense vectors searched went through the HNSW graph (%s): segments"
                  + " without an index or below the HNSW full_scan_threshold are scanned, unlike in"
                  + " a large production collection; %s",
              100 * measured.denseHnswShare(),
              measured.describe(),
              SMALL_DATA_HNSW));
    }
  }

  /**
   * Records what the run ran against: Qdrant version, peers and Raft state, and the collection's
   * configuration and shard placement, read over REST. A cluster that cannot be inspected is noted,
   * never fatal: the load figures stand on their own.
   */
  private TargetInfo describeTarget() {
    List<String> grpc = target.grpcAddresses();
    TargetInfo t;
    List<String> restAddresses = null;
    try {
      restAddresses = target.restAddresses(settings);
      ClusterInspector.Report r =
          ClusterInspector.of(settings, Duration.ofSeconds(3))
              .inspect(restAddresses, List.of(settings.get(Catalog.COLLECTION)));
      // hosts given, but they are qharness's test cluster: say so
      TargetKind kind =
          !target.embedded() && r.testDouble() ? TargetKind.EXTERNAL_TEST_DOUBLE : kind();
      t =
          new TargetInfo(
              kind,
              grpc,
              restAddresses,
              r.version(),
              r.nodes(),
              r.collections().isEmpty() ? null : r.collections().get(0),
              r.healthy(),
              r.problems(),
              null);
    } catch (RuntimeException e) {
      t = new TargetInfo(kind(), grpc, restAddresses, null, null, null, null, null, e.toString());
    }
    record.put(Section.TARGET, t, true);
    return t;
  }
}
