package io.qharness.config;

import io.qharness.grpc.NodeAddress;
import io.qharness.protocol.NodeSelection;
import io.qharness.workload.PayloadIndexing;
import io.qharness.workload.Quantization;
import io.qharness.workload.hybrid.Fusion;
import io.qharness.workload.tenants.TenantLayout;
import io.qharness.workload.tenants.TenantQueries;
import io.qharness.workload.vectors.SyntheticVectors;
import io.qharness.workload.vectors.VectorDistance;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Every setting qharness reads, in one place: simulations, the CLI, dry runs and the README table
 * all come from here.
 */
public final class Catalog {
  private Catalog() {}

  private static final List<Setting<?>> LIST = new ArrayList<>();

  private static <T> Setting<T> add(
      String name, String def, Function<String, T> parser, String allowed, String description) {
    Setting<T> s = new Setting<>(name, def, parser, allowed, description, false);
    LIST.add(s);
    return s;
  }

  private static <T> Setting<T> secret(
      String name, Function<String, T> parser, String description) {
    Setting<T> s = new Setting<>(name, null, parser, "any text", description, true);
    LIST.add(s);
    return s;
  }

  // ---- target ----
  public static final Setting<String> CONFIG =
      add(
          "config",
          null,
          Parsers.nonEmpty(),
          "path of a properties file",
          "Config file (key=value lines, keys as in this table)");
  public static final Setting<List<NodeAddress>> HOSTS =
      add(
          "hosts",
          null,
          NodeAddress::parseList,
          "comma-separated host:port gRPC addresses",
          "Qdrant nodes to target; unset starts the embedded test cluster (a test double, not"
              + " Qdrant)");
  public static final Setting<List<NodeAddress>> REST_HOSTS =
      add(
          "restHosts",
          null,
          NodeAddress::parseList,
          "comma-separated host:port REST addresses",
          "REST ports of the nodes, for cluster inspection; unset: each gRPC port minus 1 (Qdrant's"
              + " 6333/6334 layout)");
  public static final Setting<String> COLLECTION =
      add(
          "collection",
          "qharness",
          Parsers.collectionName(),
          "1..255 characters, none of < > : \" / \\ | ? *",
          "Collection to create and load");
  public static final Setting<NodeSelection> NODE_SELECTION =
      add(
          "nodeSelection",
          "round_robin",
          Parsers.enumOf(NodeSelection.class),
          "round_robin, sticky, least_outstanding",
          "Coordinator per request (round_robin), per virtual user (sticky), or the node with the"
              + " fewest calls in flight (least_outstanding)");
  public static final Setting<Integer> CHANNELS_PER_NODE =
      add(
          "channelsPerNode",
          "1",
          Parsers.intIn(1, 64),
          "1..64",
          "gRPC channels (HTTP/2 connections) per node");
  public static final Setting<Integer> IO_THREADS =
      add(
          "ioThreads",
          "0",
          Parsers.intIn(0, 64),
          "0 (one per two cores, at most 4) or 1..64",
          "Network threads of the injector; each runs paced load and its own channels, so a"
              + " request is sent and its response read without a hand-over between threads");
  public static final Setting<Boolean> GZIP_RESPONSES =
      add(
          "gzipResponses",
          "true",
          Parsers.bool(),
          "true, false",
          "Accept gzipped gRPC responses, as Qdrant's Java client (grpc-java) does by default;"
              + " Qdrant then gzips every response, at its CPU's cost and the injector's (false:"
              + " uncompressed, as Qdrant's Rust client by default and bfb ask for them)");
  public static final Setting<Boolean> WITH_PAYLOAD =
      add(
          "withPayload",
          "false",
          Parsers.bool(),
          "true, false",
          "Searches return each hit's payload (what a response carries: bytes per response are in"
              + " the summary and run.json; compare with a run that returns ids and scores only)");
  public static final Setting<Boolean> WITH_VECTORS =
      add(
          "withVectors",
          "false",
          Parsers.bool(),
          "true, false",
          "Searches return each hit's stored vectors (see withPayload)");
  public static final Setting<Boolean> GATLING_STATS =
      add(
          "gatlingStats",
          "true",
          Parsers.bool(),
          "true, false",
          "Log every response to Gatling's stats engine too (its HTML report and assertions); paced"
              + " responses reach it in bursts (about 3 CPU µs each). False skips it (20-30 µs per"
              + " unpaced request), and qharness then judges the run's assertions itself (its"
              + " table, record, intervals and compare are unchanged). qharness run --no-report"
              + " sets it false unless it is given");
  public static final Setting<Duration> DEADLINE =
      add(
          "deadline",
          "10s",
          Parsers.duration(Duration.ofMillis(1)),
          "a duration, e.g. 500ms, 10s",
          "Deadline of every call");
  public static final Setting<String> API_KEY =
      secret(
          "apiKey",
          Parsers.nonEmpty(),
          "Qdrant API key (sent as the api-key header; never logged or recorded)");
  public static final Setting<Boolean> TLS =
      add("tls", "false", Parsers.bool(), "true, false", "TLS to the nodes");
  public static final Setting<String> CA_FILE =
      add(
          "caFile",
          null,
          Parsers.nonEmpty(),
          "path of a PEM file",
          "CA certificate to trust for TLS");
  public static final Setting<Integer> TEST_CLUSTER_NODES =
      add(
          "testClusterNodes",
          "3",
          Parsers.intIn(1, 16),
          "1..16",
          "Nodes of the embedded test cluster");
  public static final Setting<Duration> TEST_CLUSTER_OPTIMISATION_DELAY =
      add(
          "testClusterOptimisationDelay",
          "0s",
          Parsers.duration(Duration.ZERO),
          "a duration, e.g. 3s; 0 for none",
          "Embedded test cluster: after each write the collection optimises (Yellow) for this"
              + " long, reported as one 'indexing' optimisation without stages (a model, not"
              + " Qdrant's optimiser)");

  // ---- data ----
  public static final Setting<String> DATASET =
      add(
          "dataset",
          null,
          Parsers.nonEmpty(),
          "synthetic:<kind>?dim=..&n=..&seed=.., fvecs:<path>?queries=<path>[&groundtruth=<path>],"
              + " bvecs:..., hdf5:<path>, npy:<path>?queries=<path>[&groundtruth=<path>],"
              + " bin:<path.fbin|.u8bin|.i8bin>?queries=..[&groundtruth=<path.ibin>],"
              + " filtered:<directory or .tgz>, parquet:<train>?queries=<test>[&groundtruth=..]",
          "Data set; unset: synthetic data from distribution, dim, points and seed");
  public static final Setting<String> VECTOR_NAME =
      add(
          "vectorName",
          null,
          Parsers.nonEmpty(),
          "a vector name, e.g. dense",
          "The named dense vector workloads create, write and search (e.g. an existing"
              + " collection's); unset: one unnamed vector");
  public static final Setting<Integer> DIM =
      add("dim", "128", Parsers.intIn(1, 65536), "1..65536", "Vector dimension");
  public static final Setting<Long> POINTS =
      add(
          "points",
          "20000",
          Parsers.longIn(1, 10_000_000_000L),
          "1..10000000000",
          "Points to upload (with a file data set, when set: its first n)");
  public static final Setting<VectorDistance> DISTANCE =
      add(
          "distance",
          "cosine",
          VectorDistance::parse,
          "cosine, dot, euclid, manhattan",
          "Distance of the collection");
  public static final Setting<SyntheticVectors.Kind> DISTRIBUTION =
      add(
          "distribution",
          "clustered",
          SyntheticVectors.Kind::parse,
          "uniform, gaussian, clustered",
          "Synthetic vector distribution");
  public static final Setting<Long> SEED =
      add(
          "seed",
          "7",
          Parsers.longIn(Long.MIN_VALUE, Long.MAX_VALUE),
          "any integer",
          "Seed of the synthetic data");
  public static final Setting<Integer> QUERIES =
      add(
          "queries",
          "500",
          Parsers.intIn(1, 1_000_000),
          "1..1000000",
          "Distinct query vectors (at most)");
  public static final Setting<Integer> PAYLOAD_CATEGORIES =
      add(
          "payloadCategories",
          "16",
          Parsers.intIn(1, 1_000_000),
          "1..1000000",
          "Distinct values of the keyword payload 'category'");
  public static final Setting<Double> PAYLOAD_SKEW =
      add(
          "payloadSkew",
          "1.0",
          Parsers.doubleIn(0, 10),
          "0..10 (0 = uniform)",
          "Zipf skew of 'category' values");
  public static final Setting<Double> FILTER_SELECTIVITY =
      add(
          "filterSelectivity",
          null,
          Parsers.share(),
          "a share of the points, e.g. 0.1%, 1%, 10%, 50% or 0.01",
          "Filtered searches match this share of the points: a range on the uniform integer"
              + " 'rank' (integer payload index), each query its own window; unset: one"
              + " Zipf-drawn 'category' keyword each");
  public static final Setting<PayloadIndexing> PAYLOAD_INDEX =
      add(
          "payloadIndex",
          "before",
          Parsers.enumOf(PayloadIndexing.class),
          "before, after, none",
          "When the workload creates the keyword payload index on 'category', the field filtered"
              + " searches match: before the upload (HNSW built with it), after it, or none"
              + " (filters scan payloads; filtered HNSW searches lose recall)");
  public static final Setting<Boolean> GROUND_TRUTH =
      add(
          "groundTruth",
          "true",
          Parsers.bool(),
          "true, false",
          "Measure recall@k against exact ground truth (computed once, cached)");
  public static final Setting<Double> MIN_RECALL =
      add(
          "minRecall",
          null,
          Parsers.doubleIn(0, 1),
          "0..1",
          "Recall floor: responses below it are KO (or only counted, see recallKo)");
  public static final Setting<Boolean> RECALL_KO =
      add(
          "recallKo",
          "true",
          Parsers.bool(),
          "true, false",
          "With minRecall: true marks responses below it KO, false only counts them");

  // ---- collection ----
  public static final Setting<Integer> SHARDS =
      add("shards", "4", Parsers.intIn(1, 1024), "1..1024", "shard_number");
  public static final Setting<Integer> REPLICATION =
      add("replication", "2", Parsers.intIn(1, 16), "1..16", "replication_factor");
  public static final Setting<Integer> WRITE_CONSISTENCY =
      add("writeConsistency", "1", Parsers.intIn(1, 16), "1..16", "write_consistency_factor");
  public static final Setting<Integer> HNSW_M =
      add(
          "hnswM",
          null,
          Parsers.intIn(0, 1024),
          "0..1024 (0: no graph)",
          "HNSW graph degree m of the collection; unset: Qdrant's default");
  public static final Setting<Integer> HNSW_EF_CONSTRUCT =
      add(
          "hnswEfConstruct",
          null,
          Parsers.intIn(4, 100_000),
          "4..100000",
          "HNSW build beam ef_construct of the collection; unset: Qdrant's default");
  public static final Setting<Long> INDEXING_THRESHOLD =
      add(
          "indexingThreshold",
          null,
          Parsers.longIn(0, 1_000_000_000L),
          "kilobytes, 0..1000000000 (0: no indexing)",
          "Optimizers indexing_threshold of the collection: segments with at least this many KB of"
              + " vectors get an HNSW index; unset: Qdrant's default (10,000 KB in 1.19; the"
              + " hnsw_ef sweep uses 1)");
  public static final Setting<Long> FULL_SCAN_THRESHOLD =
      add(
          "fullScanThreshold",
          null,
          Parsers.longIn(10, 1_000_000_000L),
          "kilobytes, 10..1000000000",
          "HNSW full_scan_threshold of the collection: a segment with fewer KB of vectors is"
              + " searched by plain scan even when indexed; unset: Qdrant's default (10,000 KB,"
              + " about 20,000 128-d vectors; the hnsw_ef sweep uses 10)");
  public static final Setting<Duration> READY_TIMEOUT =
      add(
          "readyTimeout",
          "10m",
          Parsers.duration(Duration.ofSeconds(1)),
          "a duration, e.g. 90s, 10m",
          "How long the run waits after the upload for every replica to be ready (Green, indexed);"
              + " past it the wait is a KO naming what was still pending, and the load starts");
  public static final Setting<Boolean> ON_DISK =
      add(
          "onDisk",
          "false",
          Parsers.bool(),
          "true, false",
          "Vectors served from disk (memmap) instead of RAM");
  public static final Setting<Boolean> HNSW_ON_DISK =
      add(
          "hnswOnDisk",
          "false",
          Parsers.bool(),
          "true, false",
          "The HNSW graph served from disk (memmap) instead of RAM (hnsw_config.on_disk)");
  public static final Setting<String> DATATYPE =
      add(
          "datatype",
          "float32",
          Parsers.oneOf("float32", "float16", "uint8"),
          "float32, float16, uint8",
          "How the collection the workload creates stores vector elements (uint8: whole numbers"
              + " 0..255, e.g. bvecs or .u8bin data)");
  public static final Setting<Quantization> QUANTIZATION =
      add(
          "quantization",
          "none",
          Parsers.enumOf(Quantization.class),
          Quantization.allowed(),
          "Quantization of the collection the workload creates (scalar int8, binary at 1, 1.5 or"
              + " 2 bits, product at x4..x64; kept in RAM, originals for rescoring); also the"
              + " capacity projection's memory basis");
  public static final Setting<Boolean> RESCORE =
      add(
          "rescore",
          null,
          Parsers.bool(),
          "true, false",
          "Searches on a quantized collection re-rank with the original vectors; unset: Qdrant's"
              + " default");
  public static final Setting<Double> OVERSAMPLING =
      add(
          "oversampling",
          null,
          Parsers.doubleIn(1, 1000),
          "1..1000",
          "Searches on a quantized collection fetch this many times top-k candidates before"
              + " rescoring; unset: Qdrant's default");
  public static final Setting<Integer> HNSW_EF =
      add(
          "hnswEf",
          null,
          Parsers.intIn(1, 100_000),
          "1..100000",
          "Search-time beam hnsw_ef; unset: Qdrant's default");
  public static final Setting<Boolean> EXACT_SEARCH =
      add(
          "exactSearch",
          "false",
          Parsers.bool(),
          "true, false",
          "Exact (full-scan) search instead of HNSW: the recall-1.0 reference");
  public static final Setting<String> READ_CONSISTENCY =
      add(
          "readConsistency",
          null,
          Parsers.matching("all|majority|quorum|[1-9][0-9]{0,2}"),
          "all, majority, quorum or a replica count",
          "Replicas each search reads and agrees on; unset: Qdrant's default (one)");

  // ---- load ----
  public static final Setting<Boolean> UPLOAD =
      add(
          "upload",
          "true",
          Parsers.bool(),
          "true, false",
          "Recreate the collection and upload the data set; false: use the collection an earlier"
              + " run or another injector loaded (checked first)");
  public static final Setting<Integer> BATCH_SIZE =
      add(
          "batchSize",
          "256",
          Parsers.intIn(1, 100_000),
          "1..100000",
          "Points per upsert during the upload");
  public static final Setting<Integer> PARALLELISM =
      add(
          "parallelism",
          "4",
          Parsers.intIn(1, 1024),
          "1..1024",
          "Concurrent upserts during the upload");
  public static final Setting<Double> SEARCH_RATE =
      add(
          "searchRate",
          "100",
          Parsers.doubleIn(0, 1_000_000),
          "0..1000000 per second",
          "Searches per second in the mixed phase (open model)");
  public static final Setting<Double> UPSERT_RATE =
      add(
          "upsertRate",
          "10",
          Parsers.doubleIn(0, 1_000_000),
          "0..1000000 per second",
          "Upsert batches per second in the mixed phase (open model)");
  public static final Setting<Double> FILTERED_SEARCH_RATE =
      add(
          "filteredSearchRate",
          "20",
          Parsers.doubleIn(0, 1_000_000),
          "0..1000000 per second",
          "Searches per second filtered by payload category in the mixed phase (0: none)");
  public static final Setting<Double> GROUPED_SEARCH_RATE =
      add(
          "groupedSearchRate",
          "0",
          Parsers.doubleIn(0, 1_000_000),
          "0..1000000 per second",
          "Grouped searches per second in the mixed phase (0: none): the topK best groups of"
              + " payload category, each with up to groupSize points (Query API query_groups),"
              + " recall against the exact groups");
  public static final Setting<Integer> GROUP_SIZE =
      add(
          "groupSize",
          "3",
          Parsers.intIn(1, 100),
          "1..100",
          "Grouped searches: points per group (topK x groupSize at most 10000)");
  public static final Setting<Double> RECOMMEND_RATE =
      add(
          "recommendRate",
          "0",
          Parsers.doubleIn(0, 1_000_000),
          "0..1000000 per second",
          "Recommendations by example per second in the mixed phase (0: none): topK points like"
              + " recommendPositives stored points and unlike recommendNegatives (Query API"
              + " recommend, average_vector), recall against the exact answer");
  public static final Setting<Integer> RECOMMEND_POSITIVES =
      add(
          "recommendPositives",
          "2",
          Parsers.intIn(1, 100),
          "1..100",
          "Recommendations: positive example points per request, drawn (seeded) from the data set");
  public static final Setting<Integer> RECOMMEND_NEGATIVES =
      add(
          "recommendNegatives",
          "1",
          Parsers.intIn(0, 100),
          "0..100",
          "Recommendations: negative example points per request, drawn (seeded) from the data set");
  public static final Setting<Integer> UPSERT_BATCH =
      add(
          "upsertBatch",
          "16",
          Parsers.intIn(1, 100_000),
          "1..100000",
          "Points per upsert in the mixed phase");
  public static final Setting<Duration> DURATION =
      add(
          "duration",
          "45s",
          Parsers.duration(Duration.ofSeconds(1)),
          "a duration, e.g. 45s, 10m",
          "Length of the mixed phase");

  /** Request names of the warm-up phase start with this; verdicts leave those operations out. */
  public static final String WARMUP_PREFIX = "warm-up ";

  public static final Setting<Duration> WARMUP =
      add(
          "warmup",
          "10s",
          Parsers.duration(Duration.ZERO),
          "a duration, e.g. 10s; 0 for none",
          "The mixed load before the measured phase, under `warm-up ...` request names (JIT,"
              + " connections, caches)");
  public static final Setting<Integer> TOP_K =
      add("topK", "10", Parsers.intIn(1, 1000), "1..1000", "k of top-k searches");

  // ---- several injectors ----
  public static final Setting<Integer> INJECTORS =
      add(
          "injectors",
          "1",
          Parsers.intIn(1, 1000),
          "1..1000",
          "Injector processes taking part in one run (each started with the same settings and its"
              + " own injectorIndex): every rate is split between them, each takes its own slice of"
              + " queries and upsert ids, and qharness merge joins their records");
  public static final Setting<Integer> INJECTOR_INDEX =
      add(
          "injectorIndex",
          "0",
          Parsers.intIn(0, 999),
          "0..injectors-1",
          "This injector's place among injectors, from 0 (Kubernetes' JOB_COMPLETION_INDEX)");
  public static final Setting<java.time.Instant> START_AT =
      add(
          "startAt",
          null,
          Parsers.instant(),
          "an ISO-8601 UTC instant",
          "When the load starts, to the millisecond, so that injectors start together; a run"
              + " refuses to start once it has passed, or when this machine's clock is off the"
              + " cluster's");

  // ---- failover, faults, audit ----
  public static final Setting<Integer> RETRIES =
      add(
          "retries",
          "2",
          Parsers.intIn(0, 10),
          "0..10",
          "Retries of an idempotent call (search, upsert with ids) on another node after"
              + " UNAVAILABLE; counted, never hidden");
  public static final Setting<Double> RETRY_BUDGET =
      add(
          "retryBudget",
          "0.1",
          Parsers.doubleIn(0, 1),
          "0..1 retries per call",
          "Cap on retries across the run (plus 10)");
  public static final Setting<Duration> FAILOVER_COOLDOWN =
      add(
          "failoverCooldown",
          "1s",
          Parsers.duration(Duration.ZERO),
          "a duration, e.g. 1s",
          "Shortest ejection of a failing node: it doubles with each ejection in a row (at most"
              + " 30 s), and the node comes back when a health check answers after it");
  public static final Setting<Boolean> OUTLIER_EJECTION =
      add(
          "outlierEjection",
          "true",
          Parsers.bool(),
          "true, false",
          "Stop sending new calls to a node whose calls fail or time out in a row, whose"
              + " connection breaks, or which answers nothing while the others answer, until a"
              + " health check finds it answering; false: every node keeps its share (what a client"
              + " without ejection sees)");
  public static final Setting<Integer> EJECT_AFTER_FAILURES =
      add(
          "ejectAfterFailures",
          "5",
          Parsers.intIn(1, 1000),
          "1..1000",
          "Timeouts or node failures in a row that eject a node");
  public static final Setting<Duration> EJECT_AFTER_STALL =
      add(
          "ejectAfterStall",
          "1s",
          Parsers.duration(Duration.ZERO),
          "a duration, e.g. 1s; 0 for none",
          "How long a node may leave every call unanswered while the others answer before it is"
              + " ejected (a frozen process); at least 4x the slowest recent answer is used");
  public static final Setting<String> FAULTS =
      add(
          "faults",
          null,
          Parsers.nonEmpty(),
          "events '<time> <action> <node> [latency]' separated by ';'",
          "Fault schedule from the start of the load, e.g. '10s kill node2; 25s start node2'"
              + " (actions: stop, kill, start, pause, resume, latency, clear)");
  public static final Setting<FaultInjectorKind> FAULT_INJECTOR =
      add(
          "faultInjector",
          "auto",
          Parsers.enumOf(FaultInjectorKind.class),
          "auto, testcluster, compose, command",
          "How faults are applied: the test cluster's API, docker compose, or your commands"
              + " (fault*Command); auto: the test cluster when embedded, commands when any"
              + " fault*Command is given, else compose");
  public static final Setting<String> FAULT_KILL_COMMAND =
      add(
          "faultKillCommand",
          "kill -9 {pid}",
          Parsers.nonEmpty(),
          "a shell command with placeholders",
          "Command injector: how to kill a node. Placeholders: {node} (node2), {n} (2), {index}"
              + " (1), {host}, {port} (gRPC), {restPort}, {pid} (the local process listening on the"
              + " node's gRPC port)");
  public static final Setting<String> FAULT_STOP_COMMAND =
      add(
          "faultStopCommand",
          "kill -TERM {pid}",
          Parsers.nonEmpty(),
          "a shell command with placeholders",
          "Command injector: how to stop a node gracefully, e.g. 'systemctl stop qdrant@{n}'");
  public static final Setting<String> FAULT_START_COMMAND =
      add(
          "faultStartCommand",
          null,
          Parsers.nonEmpty(),
          "a shell command with placeholders",
          "Command injector: how to start a stopped or killed node, e.g. 'systemctl start"
              + " qdrant@{n}'; needed by schedules with start");
  public static final Setting<String> FAULT_PAUSE_COMMAND =
      add(
          "faultPauseCommand",
          "kill -STOP {pid}",
          Parsers.nonEmpty(),
          "a shell command with placeholders",
          "Command injector: how to freeze a node (it keeps its connections)");
  public static final Setting<String> FAULT_RESUME_COMMAND =
      add(
          "faultResumeCommand",
          "kill -CONT {pid}",
          Parsers.nonEmpty(),
          "a shell command with placeholders",
          "Command injector: how to resume a frozen node");
  public static final Setting<Duration> FAULT_COMMAND_TIMEOUT =
      add(
          "faultCommandTimeout",
          "60s",
          Parsers.duration(Duration.ofSeconds(1)),
          "a duration, e.g. 60s",
          "Command injector: how long a command may run before its fault counts as failed");
  public static final Setting<String> COMPOSE_FILE =
      add(
          "composeFile",
          "compose/docker-compose.yml",
          Parsers.nonEmpty(),
          "a path",
          "Compose file of the target cluster, for the compose fault injector");
  public static final Setting<String> COMPOSE_COMMAND =
      add(
          "composeCommand",
          "docker compose",
          Parsers.nonEmpty(),
          "a command, e.g. 'docker compose' or 'docker-compose'",
          "Compose CLI the compose fault injector runs");
  public static final Setting<Boolean> AUDIT =
      add(
          "audit",
          "true",
          Parsers.bool(),
          "true, false",
          "After the run, read back every acknowledged upsert id and report lost writes");
  public static final Setting<Boolean> AUDIT_VECTORS =
      add(
          "auditVectors",
          "true",
          Parsers.bool(),
          "true, false",
          "The write audit also compares each point's vector with the one written");

  // ---- scale-out and scale-in ----
  public static final Setting<String> SCALE =
      add(
          "scale",
          null,
          Parsers.nonEmpty(),
          "steps 'join nodeN', 'rebalance', 'drain nodeN' separated by ';', each optionally after"
              + " a time, e.g. 'join node4; rebalance; drain node4'",
          "Scale event during the load: nodes join (started, then given calls once ready voters),"
              + " shards spread onto them, nodes drain (shards moved off, peer removed, stopped);"
              + " ScaleOut's default: join, rebalance and drain the first scale host");
  public static final Setting<List<NodeAddress>> SCALE_HOSTS =
      add(
          "scaleHosts",
          null,
          NodeAddress::parseList,
          "comma-separated host:port gRPC addresses",
          "gRPC addresses of the nodes that may join (node numbers after the hosts'; REST: port"
              + " minus 1, or restHosts); unset with the embedded test cluster: spare nodes of it");
  public static final Setting<String> SCALE_START_COMMAND =
      add(
          "scaleStartCommand",
          null,
          Parsers.nonEmpty(),
          "a shell command with placeholders",
          "How to start a node that joins, e.g. 'systemctl start qdrant@{n}' or 'docker compose"
              + " --profile scale up -d qdrant_node{n}' (placeholders as faultKillCommand's);"
              + " unset: faultStartCommand");
  public static final Setting<String> SCALE_STOP_COMMAND =
      add(
          "scaleStopCommand",
          "kill -TERM {pid}",
          Parsers.nonEmpty(),
          "a shell command with placeholders",
          "How to stop a drained node once it left the cluster");
  public static final Setting<Duration> SCALE_STEADY =
      add(
          "scaleSteady",
          "15s",
          Parsers.duration(Duration.ZERO),
          "a duration, e.g. 15s",
          "Load before the first scale step, between steps and after the last: the windows each"
              + " step is compared against");
  public static final Setting<Duration> SCALE_JOIN_TIMEOUT =
      add(
          "scaleJoinTimeout",
          "60s",
          Parsers.duration(Duration.ofSeconds(1)),
          "a duration, e.g. 60s",
          "How long a started node may take to become a ready voter before the run stops");
  public static final Setting<TransferMethod> TRANSFER_METHOD =
      add(
          "transferMethod",
          "stream_records",
          Parsers.enumOf(TransferMethod.class),
          "stream_records, snapshot, wal_delta",
          "How Qdrant copies a shard to another node");
  public static final Setting<Integer> TRANSFER_PARALLEL =
      add("transferParallel", "1", Parsers.intIn(1, 64), "1..64", "Shard transfers at a time");
  public static final Setting<Duration> TRANSFER_TIMEOUT =
      add(
          "transferTimeout",
          "5m",
          Parsers.duration(Duration.ofSeconds(1)),
          "a duration, e.g. 5m",
          "A transfer still running after this is aborted and the run stops, saying where every"
              + " shard is");
  public static final Setting<Boolean> REBALANCE_COPY =
      add(
          "rebalanceCopy",
          "false",
          Parsers.bool(),
          "true, false",
          "Rebalance by copying shards onto the new nodes (replicate_shard: more replicas) rather"
              + " than moving them (move_shard)");
  public static final Setting<Integer> REBALANCE_SHARDS =
      add(
          "rebalanceShards",
          "0",
          Parsers.intIn(0, 10_000),
          "0 (an even share) or 1..10000",
          "Shard replicas a rebalance brings to each joined node");

  // ---- growing collection ----
  public static final Setting<Double> INGEST_RATE =
      add(
          "ingestRate",
          "1000",
          Parsers.doubleIn(1, 1_000_000),
          "1..1000000 per second",
          "GrowingCollectionSimulation: points per second written into the growing collection (one"
              + " batch of batchSize at a time, each acknowledged before the next)");
  public static final Setting<Integer> GROWTH_STAGES =
      add(
          "growthStages",
          "10",
          Parsers.intIn(1, 100),
          "1..100",
          "GrowingCollectionSimulation: fill stages reported (10: every 10 % of the points)");

  // ---- hybrid search ----
  public static final Setting<Fusion> FUSION =
      add(
          "fusion",
          "rrf",
          Fusion::parse,
          "rrf, dbsf",
          "HybridSearchSimulation: how the dense and the sparse prefetch are fused");
  public static final Setting<Integer> PREFETCH_LIMIT =
      add(
          "prefetchLimit",
          "50",
          Parsers.intIn(1, 10_000),
          "1..10000",
          "HybridSearchSimulation: points each prefetch (dense, sparse) passes to the fusion");
  public static final Setting<String> SPARSE_DATASET =
      add(
          "sparseDataset",
          null,
          Parsers.nonEmpty(),
          "csr:<base.csr>?queries=<queries.csr>",
          "HybridSearchSimulation: sparse vectors from big-ann CSR files (row i for point i);"
              + " unset: synthetic ones");
  public static final Setting<Boolean> SPARSE_IDF =
      add(
          "sparseIdf",
          "false",
          Parsers.bool(),
          "true, false",
          "HybridSearchSimulation: the sparse vector gets Qdrant's IDF modifier; the ground truth"
              + " weighs by IDF over the whole collection (Qdrant: per shard)");
  public static final Setting<Integer> SPARSE_DIMENSIONS =
      add(
          "sparseDimensions",
          "30000",
          Parsers.intIn(1, 10_000_000),
          "1..10000000",
          "HybridSearchSimulation: vocabulary of the synthetic sparse vectors (Zipf term"
              + " frequencies)");
  public static final Setting<Integer> SPARSE_NON_ZEROS =
      add(
          "sparseNonZeros",
          "40",
          Parsers.intIn(1, 100_000),
          "1..100000",
          "HybridSearchSimulation: mean non-zero dimensions per synthetic sparse vector");

  public static final Setting<Integer> MULTI_VECTORS_PER_POINT =
      add(
          "multiVectorsPerPoint",
          "8",
          Parsers.intIn(1, 1000),
          "1..1000",
          "MultiVectorSearchSimulation: mean vectors per point and per query (token embeddings)");

  // ---- multi-tenant ----
  public static final Setting<Integer> TENANTS =
      add(
          "tenants",
          "100",
          Parsers.intIn(1, 1_000_000),
          "1..1000000",
          "MultiTenantSimulation: tenants, each owning the points of one value of the keyword"
              + " payload 'tenant' (is_tenant index)");
  public static final Setting<Double> TENANT_SKEW =
      add(
          "tenantSkew",
          "1.0",
          Parsers.doubleIn(0, TenantLayout.MAX_SKEW),
          "0..3 (0 = same-size tenants)",
          "MultiTenantSimulation: Zipf exponent of the tenants' sizes (1: a few large tenants, many"
              + " small ones)");
  public static final Setting<TenantQueries.Draw> TENANT_DRAW =
      add(
          "tenantDraw",
          "uniform",
          TenantQueries.Draw::parse,
          "uniform, size",
          "MultiTenantSimulation: which tenant a search is for: every tenant as often (uniform),"
              + " or as often as its share of the points (size)");
  public static final Setting<Integer> TENANT_SHARD_KEYS =
      add(
          "tenantShardKeys",
          "0",
          Parsers.intIn(0, 1024),
          "0..1024 (0 = automatic sharding)",
          "MultiTenantSimulation: custom sharding with this many shard keys k0, k1, ..., tenant t"
              + " on key t mod keys, each key with 'shards' shards; upserts and searches name"
              + " their tenant's key");

  public static final Setting<Duration> WHILE_OPTIMIZING_MAX =
      add(
          "whileOptimizingMax",
          "10m",
          Parsers.duration(Duration.ofSeconds(1)),
          "a duration, e.g. 10m",
          "SearchWhileOptimizingSimulation: the longest the searches after the upload go on while"
              + " the optimiser runs (they stop once it has had nothing running or queued for 3"
              + " s)");

  // ---- cold start ----
  public static final Setting<String> COLD_RESTART =
      add(
          "coldRestart",
          "all",
          Parsers.oneOfPattern("all|node[1-9][0-9]*", "all, or node1, node2, ..."),
          "all, or a node: node1, node2, ...",
          "ColdStartSimulation: what restarts between the warm and the cold searches: every node"
              + " (the whole cluster, node1 first) or one");
  public static final Setting<String> COLD_CACHE_COMMAND =
      add(
          "coldCacheCommand",
          null,
          Parsers.nonEmpty(),
          "a shell command, e.g. 'sync; echo 3 > /proc/sys/vm/drop_caches'",
          "ColdStartSimulation: run once the nodes are down, before they start: to empty the OS"
              + " page cache, so the restart is cold on disk too (unset: only Qdrant restarts)");

  // ---- what the server did ----
  public static final Setting<Duration> FRESHNESS_INTERVAL =
      add(
          "freshnessInterval",
          "5s",
          Parsers.duration(Duration.ZERO),
          "a duration, e.g. 5s; 0 for none",
          "During the measured phase, every this often write one probe point and time until each"
              + " node's searches return it (searchable after insert); the probe is deleted at"
              + " once");
  public static final Setting<Duration> INDEX_WAIT_AFTER_LOAD =
      add(
          "indexWaitAfterLoad",
          "60s",
          Parsers.duration(Duration.ZERO),
          "a duration, e.g. 60s; 0 to skip",
          "After the measured phase, how long to wait for every node to finish indexing (the time"
              + " from the end of the load to fully indexed is recorded)");
  public static final Setting<Boolean> SERVER_RESOURCES =
      add(
          "serverResources",
          "true",
          Parsers.bool(),
          "true, false",
          "Read every node's memory, disk, CPU, page faults and optimisations at each phase"
              + " boundary (/metrics, telemetry, and /proc for nodes on this machine)");

  /** Fault injector choice. */
  public enum FaultInjectorKind {
    AUTO,
    TESTCLUSTER,
    COMPOSE,
    COMMAND
  }

  // ---- capacity sweep ----
  public static final Setting<Double> CAPACITY_START_RATE =
      add(
          "capacityStartRate",
          "50",
          Parsers.doubleIn(0.1, 10_000_000),
          "a rate per second",
          "First step of a capacity sweep");
  public static final Setting<Double> CAPACITY_STEP_RATE =
      add(
          "capacityStepRate",
          "50",
          Parsers.doubleIn(0.1, 10_000_000),
          "a rate per second",
          "Increase per step of a capacity sweep");
  public static final Setting<Double> CAPACITY_MAX_RATE =
      add(
          "capacityMaxRate",
          "1000",
          Parsers.doubleIn(0.1, 10_000_000),
          "a rate per second",
          "Last possible step of a capacity sweep");
  public static final Setting<Duration> CAPACITY_STEP_DURATION =
      add(
          "capacityStepDuration",
          "20s",
          Parsers.duration(Duration.ofSeconds(2)),
          "a duration, e.g. 20s",
          "How long each step holds its rate");
  public static final Setting<Duration> CAPACITY_WARMUP =
      add(
          "capacityWarmup",
          "5s",
          Parsers.duration(Duration.ZERO),
          "a duration",
          "Start of each step left out of its figures");
  public static final Setting<Double> SLO_PERCENTILE =
      add(
          "sloPercentile",
          "99",
          Parsers.doubleIn(50, 99.9),
          "50, 90, 99, 99.9",
          "SLO latency percentile");
  public static final Setting<Double> SLO_MS =
      add("sloMs", "50", Parsers.doubleIn(0.001, 3_600_000), "milliseconds", "SLO latency bound");
  public static final Setting<Double> SLO_ERROR_PCT =
      add("sloErrorPct", "1", Parsers.doubleIn(0, 100), "0..100", "SLO error-rate bound, percent");
  public static final Setting<Double> SLO_MIN_RECALL =
      add("sloMinRecall", null, Parsers.doubleIn(0, 1), "0..1", "SLO recall floor (optional)");
  public static final Setting<String> PROMETHEUS =
      add(
          "prometheus",
          null,
          Parsers.hostPort(),
          "host:port",
          "Prometheus scraping the nodes: per-node load and memory per step");
  public static final Setting<String> PROMETHEUS_JOB =
      add(
          "prometheusJob",
          "qdrant",
          Parsers.nonEmpty(),
          "a job name",
          "Prometheus job of the Qdrant nodes");
  public static final Setting<Double> PROJECT_RATE =
      add(
          "projectRate",
          null,
          Parsers.doubleIn(0.001, 1e9),
          "requests per second",
          "Capacity projection: target throughput");
  public static final Setting<Long> PROJECT_VECTORS =
      add(
          "projectVectors",
          null,
          Parsers.longIn(1, 1_000_000_000_000L),
          "a count",
          "Capacity projection: vectors (default: the data set's)");
  public static final Setting<Double> NODE_MEMORY_GIB =
      add(
          "nodeMemoryGib",
          "64",
          Parsers.doubleIn(0.1, 1_000_000),
          "GiB",
          "Capacity projection: memory per node for vectors");
  public static final Setting<String> USL_RUNS =
      add(
          "uslRuns",
          null,
          Parsers.nonEmpty(),
          "comma-separated run ids or directories",
          "Capacity runs at other node counts to fit the Universal Scalability Law with");

  // ---- search-parameter sweep ----
  public static final Setting<List<Integer>> EF_SWEEP =
      add(
          "efSweep",
          "16,32,64,128,256",
          Parsers.intList(1, 100_000),
          "comma-separated hnsw_ef values, each 1..100000",
          "Search-parameter sweep: one measured step per hnsw_ef, request names `search ef=N`");
  public static final Setting<Boolean> EF_SWEEP_EXACT =
      add(
          "efSweepExact",
          "false",
          Parsers.bool(),
          "true, false",
          "Search-parameter sweep: a last step of exact (full-scan) search, the recall-1.0"
              + " reference");
  public static final Setting<Integer> EF_SWEEP_CONCURRENCY =
      add(
          "efSweepConcurrency",
          "8",
          Parsers.intIn(1, 4096),
          "1..4096",
          "Search-parameter sweep, closed model: virtual users each sending its next search when"
              + " the last returns");
  public static final Setting<Double> EF_SWEEP_RATE =
      add(
          "efSweepRate",
          "0",
          Parsers.doubleIn(0, 1_000_000),
          "0..1000000 per second",
          "Search-parameter sweep: 0 measures throughput at efSweepConcurrency (closed model); a"
              + " rate runs each step open at that rate");
  public static final Setting<Duration> EF_SWEEP_STEP_DURATION =
      add(
          "efSweepStepDuration",
          "20s",
          Parsers.duration(Duration.ofSeconds(1)),
          "a duration, e.g. 20s",
          "How long each step of the sweep runs");
  public static final Setting<Double> TARGET_RECALL =
      add(
          "targetRecall",
          "0.95",
          Parsers.doubleIn(0, 1),
          "0..1",
          "Search-parameter sweep: the smallest hnsw_ef whose mean recall@k reaches this is"
              + " recommended");

  // ---- assertions ----
  public static final Setting<Double> P99_MS =
      add(
          "p99Ms",
          "250",
          Parsers.doubleIn(0.001, 3_600_000),
          "a positive number of ms",
          "Gatling assertion: p99 of searches below this");
  public static final Setting<Double> MAX_ERROR_PCT =
      add(
          "maxErrorPct",
          "1",
          Parsers.doubleIn(0, 100),
          "0..100",
          "Gatling assertion: failed requests at most this percent");

  // ---- reporting ----
  public static final Setting<Duration> REPORT_INTERVAL =
      add(
          "reportInterval",
          "5s",
          Parsers.duration(Duration.ofMillis(100)),
          "a duration, e.g. 1s, 5s",
          "Sampling interval of client-side metrics: interval logs, Pushgateway pushes, console"
              + " progress");
  public static final Setting<Boolean> PROGRESS =
      add(
          "progress",
          "true",
          Parsers.bool(),
          "true, false",
          "Print a progress line every reporting interval");
  public static final Setting<String> PUSHGATEWAY =
      add(
          "pushgateway",
          null,
          Parsers.hostPort(),
          "host:port",
          "Pushgateway to push client-side metrics to; unset: no push");
  public static final Setting<String> PUSH_JOB =
      add(
          "pushJob",
          "qharness",
          Parsers.matching("[a-zA-Z_][a-zA-Z0-9_-]*"),
          "a Prometheus label value",
          "job of the pushed group");
  public static final Setting<String> PUSH_INSTANCE =
      add(
          "pushInstance",
          null,
          Parsers.matching("[A-Za-z0-9._:-]+"),
          "letters, digits, '.', '_', ':', '-'",
          "instance of the pushed group (this injector); default: hostname-pid");
  public static final Setting<Boolean> PUSH_KEEP =
      add(
          "pushKeep",
          "false",
          Parsers.bool(),
          "true, false",
          "Keep the run's group on the Pushgateway after the run");
  public static final Setting<Duration> PUSH_DELETE_DELAY =
      add(
          "pushDeleteDelay",
          "6s",
          Parsers.duration(Duration.ZERO),
          "a duration",
          "Wait before deleting the group, so Prometheus scrapes the final values (more than its"
              + " scrape interval)");

  // ---- the harness itself ----
  public static final Setting<String> KERNEL =
      add(
          "kernel",
          "auto",
          Parsers.matching("auto|scalar"),
          "auto, scalar",
          "Distance kernels for ground truth and recall: auto (SIMD on the JDK's Vector API when"
              + " the JVM has jdk.incubator.vector, else scalar loops) or scalar");
  public static final Setting<String> GATLING_JAVA_OPTS =
      add(
          "gatlingJavaOpts",
          null,
          Parsers.matching("\\s*-\\S+(\\s+-\\S+)*\\s*"),
          "JVM options, each starting with '-'",
          "JVM options of the Gatling JVM that qharness run starts, e.g. -Xmx4g (the CLI's own JVM"
              + " takes QHARNESS_JAVA_OPTS, read by ./qharness)");

  // ---- records ----
  public static final Setting<String> RESULTS_DIR =
      add(
          "resultsDir",
          "results",
          Parsers.nonEmpty(),
          "a directory",
          "Where run records go (relative paths: inside the qharness checkout)");
  public static final Setting<String> CACHE_DIR =
      add(
          "cacheDir",
          null,
          Parsers.nonEmpty(),
          "a directory",
          "Where derived data (exact ground truth) is cached; unset: <resultsDir>/cache");
  public static final Setting<String> RUN_ID =
      add(
          "runId",
          null,
          Parsers.matching("[A-Za-z0-9][A-Za-z0-9._-]{0,127}"),
          "letters, digits, '.', '-', '_' (max 128)",
          "Run id; generated (time-workload-random) when unset");

  public static final List<Setting<?>> ALL = List.copyOf(LIST);

  static Setting<?> find(String name) {
    for (Setting<?> s : ALL) {
      if (s.name().equals(name)) {
        return s;
      }
    }
    return null;
  }

  static Setting<?> byName(String name) {
    Setting<?> s = find(name);
    if (s == null) {
      throw new ConfigException("unknown setting '" + name + "'; known: " + names());
    }
    return s;
  }

  static String names() {
    List<String> names = new ArrayList<>();
    ALL.forEach(s -> names.add(s.name()));
    return String.join(", ", names);
  }
}
