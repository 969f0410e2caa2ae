package io.qharness.results;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;
import io.qharness.metrics.InjectorFigures;
import io.qharness.metrics.LittlesLaw;
import io.qharness.metrics.UploadFigures;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code run.json}, typed: what ran, against what, how, and whether it completed. {@link RunRecord}
 * writes it section by section through the typed {@link Section} keys below, and every reader gets
 * this record back, so a writer and a reader cannot disagree on a section's name or shape.
 *
 * <p>Sections typed {@link JsonNode} hold the analyses of higher layers (faults, audit, sweeps),
 * which read them back as their own types.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RunFile(
    int format,
    String runId,
    Status status,
    String startedAt,
    String endedAt,
    String failure,
    String failureKind,
    HarnessInfo harness,
    MachineInfo machine,
    String workload,
    Map<String, String> config,
    TargetInfo target,
    Map<String, String> load,
    Map<String, String> data,
    FilterSelectivity filters,
    JsonNode tenants,
    ReusedCollection reusedCollection,
    String faultSchedule,
    JsonNode faults,
    JsonNode faultImpact,
    JsonNode faultCauses,
    JsonNode nodeHealth,
    JsonNode scale,
    JsonNode audit,
    JsonNode capacityPlan,
    String capacityFailure,
    JsonNode efSweepPlan,
    JsonNode efSweep,
    IndexReady indexReady,
    IndexReady indexReadyAfterLoad,
    SearchPaths searchPaths,
    ServerResources serverResources,
    JsonNode optimizer,
    JsonNode coldStart,
    Freshness freshness,
    Growth growth,
    List<String> notes,
    InjectorFigures injectorProcess,
    UploadFigures upload,
    LittlesLaw.Check littlesLaw,
    HarnessCost harnessCost,
    Injectors injectors,
    String gatlingReport,
    Integer gatlingExitCode) {

  /** The format this qharness writes and the newest it reads. */
  public static final int FORMAT = 1;

  /** {@code failureKind} of a run refused for its settings: the user's fix, not a crash. */
  public static final String FAILURE_CONFIGURATION = "configuration";

  /** Where a run stands; only a complete run with its summary is a result. */
  public enum Status {
    RUNNING,
    COMPLETE,
    FAILED,
    /** Its injector (the Gatling JVM) died before the run could end or say why. */
    CRASHED;

    @JsonValue
    String json() {
      return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    static Status of(String s) {
      for (Status v : values()) {
        if (v.json().equals(s)) {
          return v;
        }
      }
      throw new IllegalArgumentException(
          "status '" + s + "' is none of running, complete, failed, crashed");
    }
  }

  /** What the run targeted, as recorded. */
  public enum TargetKind {
    QDRANT,
    /** The test double qharness started in its own JVM. */
    EMBEDDED_TEST_DOUBLE,
    /** Hosts were given, but they said they are qharness's test double. */
    EXTERNAL_TEST_DOUBLE;

    @JsonValue
    public String json() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    @JsonCreator
    static TargetKind of(String s) {
      for (TargetKind v : values()) {
        if (v.json().equals(s)) {
          return v;
        }
      }
      throw new IllegalArgumentException(
          "target kind '" + s + "' is none of qdrant, embedded-test-double, external-test-double");
    }

    /** True for qharness's test double, embedded or given as hosts: not Qdrant's figures. */
    public boolean testDouble() {
      return this != QDRANT;
    }
  }

  /**
   * The target: addresses, and what an inspection over REST found when the run ended (version,
   * peers, the collection's configuration and placement), or why it could not look.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record TargetInfo(
      TargetKind kind,
      List<String> grpcAddresses,
      List<String> restAddresses,
      String qdrantVersion,
      List<NodeState> nodes,
      CollectionState collection,
      Boolean healthyAtEnd,
      List<String> problemsAtEnd,
      String inspectionFailure) {

    /** The target as known before any inspection. */
    public static TargetInfo of(TargetKind kind, List<String> grpcAddresses) {
      return new TargetInfo(kind, grpcAddresses, null, null, null, null, null, null, null);
    }
  }

  /** upload=false: the collection the run found loaded. */
  public record ReusedCollection(String name, long points) {}

  /**
   * How selective the filtered queries were: the share of the points each query's filter admitted
   * (mean, min, max over the queries), on which field, and when its payload index was created.
   */
  public record FilterSelectivity(
      String field,
      String payloadIndex,
      int queries,
      double matchedShareMean,
      double matchedShareMin,
      double matchedShareMax) {}

  /** What the wait for readiness found: the index build time and how much was indexed. */
  public record IndexReady(
      boolean ready,
      Double secondsToReady,
      long indexedVectors,
      long expectedIndexedVectors,
      String detail) {}

  /**
   * Which search path served the measured phase, per the nodes' own counters: the share of searched
   * vectors and the segment searches per path (hnsw, plain, ...), and the nodes that could not be
   * read.
   */
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public record SearchPaths(
      Map<String, Double> shares, Map<String, Long> segmentSearches, List<String> unread) {}

  /**
   * What each node used in each phase of the run (upload, index build, warm-up, measured): levels
   * at the phase's end (memory, disk, points), counters over the phase (CPU, page faults,
   * optimisations), and the bytes per stored point measured over the upload and index build.
   */
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public record ServerResources(List<Phase> phases, PerPoint perPoint, List<String> notes) {}

  /** One phase: its length and every node's use. */
  public record Phase(String name, double seconds, List<NodeUse> nodes) {}

  /**
   * One node in one phase. {@code cpuSeconds}, {@code rssBytes} and {@code diskBytes} come from
   * /proc and are read only for a node that is its own process on the injector's machine; {@code
   * residentBytes}/{@code allocatedBytes} are Qdrant's allocator gauges (mapped vectors not
   * included); {@code qdrantCpu} is Qdrant's hardware counter of CPU work for the collection, in
   * its own unit, not time.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record NodeUse(
      String node,
      Double cpuSeconds,
      Double cpuCores,
      Long rssBytes,
      Long residentBytes,
      Long allocatedBytes,
      Long diskBytes,
      long points,
      long dataBytes,
      Long minorFaults,
      Long majorFaults,
      Long readBytes,
      long optimizations,
      double optimizationSeconds,
      Long qdrantCpu,
      String failure) {}

  /**
   * Bytes per stored point (each replica counted), from what the nodes gained over the upload and
   * index build divided by the points they gained: {@code memoryBytes} is the resident set when the
   * nodes' processes were read, else Qdrant's allocator gauge plus the vectors' and payloads'
   * bytes.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record PerPoint(
      long points, Double memoryBytes, Double diskBytes, Double dataBytes, String memoryBasis) {}

  /**
   * Searchable after insert, sampled during the measured phase: per node, how long after an
   * acknowledged upsert the node's searches returned the point.
   */
  public record Freshness(String interval, int samples, List<FreshnessNode> nodes) {}

  /** One node's freshness: percentiles in ms over the probes it saw, and probes it never showed. */
  public record FreshnessNode(
      String node, long probes, double p50Ms, double p99Ms, double maxMs, int missed) {}

  /**
   * A collection filled from empty while searches ran: per fill stage (e.g. every 10 % of the
   * points), the searches' latency, throughput and recall, and the ingest rate.
   */
  public record Growth(String operation, long points, List<GrowthStage> stages) {}

  /**
   * One fill stage: searches whose reporting interval fell in it (by the acknowledged points at the
   * interval's middle). Recall is against the exact top-k of the points acknowledged when each
   * search was sent, points possibly visible while it ran also counted right.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record GrowthStage(
      double fromPct,
      double toPct,
      long pointsAtEnd,
      double seconds,
      long searches,
      long errors,
      double searchesPerSec,
      double ingestPointsPerSec,
      Double p50Ms,
      Double p99Ms,
      Double recallMean,
      Double recallMin) {}

  /** True when the run completed and its summary is a result. */
  public boolean complete() {
    return status == Status.COMPLETE;
  }

  /** True when the run was refused before any load for its settings. */
  public boolean refused() {
    return FAILURE_CONFIGURATION.equals(failureKind);
  }

  /** True when the run targeted qharness's test double: its figures are not Qdrant's. */
  public boolean testDouble() {
    return target != null && target.kind() != null && target.kind().testDouble();
  }

  /**
   * A run of several injectors: in a part, which one it is ({@code index}); in the merged record,
   * every part with its own process figures and outcome.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Injectors(int count, Integer index, String startAt, List<Part> parts) {
    /** One injector's part of a merged run. */
    public record Part(
        int index, String status, String startedAt, String endedAt, InjectorFigures process) {}
  }

  /**
   * A typed key of one section of run.json: its name and the type of the component it fills.
   *
   * @param <T> the section's type
   */
  public static final class Section<T> {
    public static final Section<TargetInfo> TARGET = new Section<>("target");
    public static final Section<Map<String, String>> LOAD = new Section<>("load");
    public static final Section<Map<String, String>> DATA = new Section<>("data");
    public static final Section<FilterSelectivity> FILTERS = new Section<>("filters");

    /** A multi-tenant run: its tenants, size classes and recall per tenant. */
    public static final Section<Object> TENANTS = new Section<>("tenants");

    public static final Section<ReusedCollection> REUSED_COLLECTION =
        new Section<>("reusedCollection");
    public static final Section<String> FAULT_SCHEDULE = new Section<>("faultSchedule");
    public static final Section<Object> FAULTS = new Section<>("faults");
    public static final Section<Object> FAULT_IMPACT = new Section<>("faultImpact");

    /** What each fault did to the nodes: ejections, re-admissions, failures by cause. */
    public static final Section<Object> FAULT_CAUSES = new Section<>("faultCauses");

    /** Outlier ejection's events and the run's failed and retried calls by node and cause. */
    public static final Section<Object> NODE_HEALTH = new Section<>("nodeHealth");

    /** A scale event: steps, shard transfers and their impact, placement before and after. */
    public static final Section<Object> SCALE = new Section<>("scale");

    public static final Section<Object> AUDIT = new Section<>("audit");
    public static final Section<Object> CAPACITY_PLAN = new Section<>("capacityPlan");
    public static final Section<String> CAPACITY_FAILURE = new Section<>("capacityFailure");
    public static final Section<Object> EF_SWEEP_PLAN = new Section<>("efSweepPlan");
    public static final Section<Object> EF_SWEEP = new Section<>("efSweep");
    public static final Section<IndexReady> INDEX_READY = new Section<>("indexReady");

    /** The index after the measured phase: secondsToReady counts from the end of the load. */
    public static final Section<IndexReady> INDEX_READY_AFTER_LOAD =
        new Section<>("indexReadyAfterLoad");

    public static final Section<SearchPaths> SEARCH_PATHS = new Section<>("searchPaths");
    public static final Section<ServerResources> SERVER_RESOURCES =
        new Section<>("serverResources");

    /** The optimiser's work per phase, from Qdrant 1.19's optimizations endpoint. */
    public static final Section<Object> OPTIMIZER = new Section<>("optimizer");

    /** A cold start: the restart, warm against cold latency, settling time, faults, reads. */
    public static final Section<Object> COLD_START = new Section<>("coldStart");

    public static final Section<Freshness> FRESHNESS = new Section<>("freshness");
    public static final Section<Growth> GROWTH = new Section<>("growth");
    public static final Section<List<String>> NOTES = new Section<>("notes");
    public static final Section<InjectorFigures> INJECTOR_PROCESS =
        new Section<>("injectorProcess");
    public static final Section<UploadFigures> UPLOAD = new Section<>("upload");
    public static final Section<LittlesLaw.Check> LITTLES_LAW = new Section<>("littlesLaw");
    public static final Section<HarnessCost> HARNESS_COST = new Section<>("harnessCost");
    public static final Section<Injectors> INJECTORS = new Section<>("injectors");
    public static final Section<String> GATLING_REPORT = new Section<>("gatlingReport");
    public static final Section<Integer> GATLING_EXIT_CODE = new Section<>("gatlingExitCode");

    /** Every section, for the test that checks each names a component of the right type. */
    public static final List<Section<?>> ALL =
        List.of(
            TARGET,
            LOAD,
            DATA,
            FILTERS,
            TENANTS,
            REUSED_COLLECTION,
            FAULT_SCHEDULE,
            FAULTS,
            FAULT_IMPACT,
            FAULT_CAUSES,
            NODE_HEALTH,
            SCALE,
            AUDIT,
            CAPACITY_PLAN,
            CAPACITY_FAILURE,
            EF_SWEEP_PLAN,
            EF_SWEEP,
            INDEX_READY,
            INDEX_READY_AFTER_LOAD,
            SEARCH_PATHS,
            SERVER_RESOURCES,
            OPTIMIZER,
            COLD_START,
            FRESHNESS,
            GROWTH,
            NOTES,
            INJECTOR_PROCESS,
            UPLOAD,
            LITTLES_LAW,
            HARNESS_COST,
            INJECTORS,
            GATLING_REPORT,
            GATLING_EXIT_CODE);

    private final String name;

    private Section(String name) {
      this.name = name;
    }

    /** The section's field name in run.json. */
    public String name() {
      return name;
    }

    @Override
    public String toString() {
      return name;
    }
  }
}
