package io.qharness.testcluster;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-process, Qdrant-compatible <b>test double</b> of a Qdrant cluster: N nodes (default 3) on
 * loopback ports, each serving Qdrant's gRPC API for the whole cluster, with shard placement,
 * replication, per-node {@code /metrics} and fault knobs.
 *
 * <p>It exists because build machines have neither Docker nor a Qdrant binary. Search is exact (a
 * full scan), so its latencies say nothing about Qdrant's performance; it is there to test the
 * harness and to demo it, never to benchmark Qdrant.
 */
public final class TestCluster implements AutoCloseable {
  public static final String TITLE =
      "qharness test cluster (Qdrant-compatible test double, not Qdrant)";

  /** The Qdrant API level the test double follows (the io.qdrant:client the project pins). */
  public static final String EMULATED_QDRANT_VERSION = "1.19.0";

  /** Server certificate and key for TLS, PEM files. */
  public record Tls(File certificateChain, File privateKey) {}

  private final ClusterState state;
  private final List<TestNode> nodes = new ArrayList<>();
  private final String apiKey;
  private final Tls tls;
  private final ExecutorService executor;
  private final ExecutorService httpExecutor;
  private final ScheduledExecutorService scheduler;
  private final ShardOperations shardOperations;
  private final int members;

  private TestCluster(Builder b) {
    this.members = b.nodes;
    this.state = new ClusterState(b.nodes + b.spares, b.nodes, b.seed);
    this.apiKey = b.apiKey;
    this.tls = b.tls;
    int workers = Math.max(4, 2 * Runtime.getRuntime().availableProcessors());
    this.executor = Executors.newFixedThreadPool(workers, daemon("qharness-testnode-"));
    this.httpExecutor = Executors.newCachedThreadPool(daemon("qharness-testnode-http-"));
    this.scheduler =
        Executors.newSingleThreadScheduledExecutor(daemon("qharness-testnode-faults-"));
    this.shardOperations = new ShardOperations(state, scheduler);
    for (int i = 0; i < b.nodes + b.spares; i++) {
      // a spare's addresses are known before it starts (clients are told them up front), so its
      // ephemeral ports are picked now
      boolean spare = i >= b.nodes;
      int rest = b.basePort == 0 ? (spare ? freePort() : 0) : b.basePort + 10 * i;
      int grpc = b.basePort == 0 ? (spare ? freePort() : 0) : b.basePort + 10 * i + 1;
      nodes.add(new TestNode(i, state, this, grpc, rest));
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Starts a default cluster: 3 nodes on ephemeral loopback ports. */
  public static TestCluster startDefault() {
    return builder().build().start();
  }

  /** Starts the nodes that are peers from the start; spares join when they are started. */
  public TestCluster start() {
    for (int i = 0; i < members; i++) {
      nodes.get(i).start();
    }
    return this;
  }

  /** The nodes that were peers from the start; the spares follow them in {@link #nodes()}. */
  public int members() {
    return members;
  }

  public List<TestNode> nodes() {
    return List.copyOf(nodes);
  }

  public TestNode node(int index) {
    if (index < 0 || index >= nodes.size()) {
      throw new IllegalArgumentException(
          "node index " + index + " outside 0.." + (nodes.size() - 1));
    }
    return nodes.get(index);
  }

  /** gRPC addresses ("127.0.0.1:port") of every node, in node order. */
  public List<String> grpcAddresses() {
    List<String> out = new ArrayList<>();
    nodes.forEach(n -> out.add(n.grpcAddress()));
    return out;
  }

  /** REST addresses ("127.0.0.1:port") of every node: metrics, cluster state, health. */
  public List<String> restAddresses() {
    List<String> out = new ArrayList<>();
    nodes.forEach(n -> out.add(n.restAddress()));
    return out;
  }

  /** After each write, report the collection Yellow (optimising) for this long; zero disables. */
  public TestCluster optimisationDelay(Duration delay) {
    state.optimisationDelay = delay;
    return this;
  }

  /**
   * Reports the collection Grey (optimisations pending, not triggered) until the next update
   * operation, as Qdrant does after a restart interrupted its optimisations.
   */
  public TestCluster pauseOptimisations(String collection) {
    existing(collection).optimisationsPending = true;
    return this;
  }

  /** Reports the collection Red with this optimiser error (null clears it). */
  public TestCluster failOptimiser(String collection, String error) {
    existing(collection).optimiserError = error;
    return this;
  }

  private TestCollection existing(String name) {
    TestCollection c = state.collections.get(name);
    if (c == null) {
      throw new IllegalArgumentException(
          "the test cluster has no collection `" + name + "`; create it first");
    }
    return c;
  }

  /**
   * Deliberately degrades search results: each true top-k hit is dropped with probability {@code
   * dropRate} and later hits move up, so recall@k falls to about {@code 1 - dropRate}.
   */
  public TestCluster distortResults(double dropRate) {
    state.distortion = dropRate == 0 ? ResultDistortion.NONE : new ResultDistortion(dropRate, 0, 0);
    return this;
  }

  /**
   * As {@link #distortResults(double)}, but only for searches asking for an hnsw_ef below {@code
   * belowEf}: a known stand-in for HNSW's ef/recall trade-off (this double searches exactly), so
   * that a sweep over hnsw_ef has a known answer.
   */
  public TestCluster distortResultsBelowEf(double dropRate, int belowEf) {
    if (belowEf < 1) {
      throw new IllegalArgumentException("belowEf must be at least 1, got " + belowEf);
    }
    state.distortion =
        dropRate == 0 ? ResultDistortion.NONE : new ResultDistortion(dropRate, 0, belowEf);
    return this;
  }

  /**
   * Shard transfers (move_shard, replicate_shard) copy this many points a second; slow them down to
   * test what outlasts a transfer timeout.
   */
  public TestCluster shardTransferRate(int pointsPerSecond) {
    shardOperations.pointsPerSecond(pointsPerSecond);
    return this;
  }

  /** Loses a stopped node's stored data, as losing its storage volume would. */
  public TestCluster wipeNode(int index) {
    if (node(index).isUp()) {
      throw new IllegalStateException("stop " + node(index).name() + " before wiping its data");
    }
    state.wipeReplicas(index);
    return this;
  }

  String apiKey() {
    return apiKey;
  }

  Tls tls() {
    return tls;
  }

  ExecutorService executor() {
    return executor;
  }

  ExecutorService httpExecutor() {
    return httpExecutor;
  }

  ScheduledExecutorService scheduler() {
    return scheduler;
  }

  ShardOperations shardOperations() {
    return shardOperations;
  }

  @Override
  public void close() {
    for (TestNode n : nodes) {
      n.kill();
    }
    scheduler.shutdownNow();
    executor.shutdownNow();
    httpExecutor.shutdownNow();
    try {
      executor.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free loopback port for a spare node", e);
    }
  }

  private static ThreadFactory daemon(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  /** Options of a test cluster: nodes, ports, API key, TLS, seed. */
  public static final class Builder {
    private int nodes = 3;
    private int spares;
    private int basePort;
    private String apiKey;
    private Tls tls;
    private long seed = 42;

    /** Number of nodes, 1..16 (default 3). */
    public Builder nodes(int n) {
      if (n < 1 || n > 16) {
        throw new IllegalArgumentException("a test cluster has 1..16 nodes, got " + n);
      }
      this.nodes = n;
      return this;
    }

    /**
     * Nodes beyond {@link #nodes}, not peers until they are started: each then joins the cluster as
     * a Qdrant node started with --bootstrap does, holding no shard until shards move to it.
     */
    public Builder spareNodes(int n) {
      if (n < 0 || nodes + n > 16) {
        throw new IllegalArgumentException(
            "a test cluster has at most 16 nodes with its spares, got " + nodes + " + " + n);
      }
      this.spares = n;
      return this;
    }

    /**
     * Fixed ports: node i serves REST on {@code base + 10 i} and gRPC on {@code base + 10 i + 1}
     * (6333/6334, 6343/6344, 6353/6354 for base 6333, as compose/ maps them). 0, the default, picks
     * free ephemeral ports.
     */
    public Builder basePort(int base) {
      if (base != 0 && (base < 1024 || base + 10 * 16 > 65535)) {
        throw new IllegalArgumentException(
            "base port must be 0 (ephemeral) or within 1024..65375, got " + base);
      }
      this.basePort = base;
      return this;
    }

    /** Require this API key, as Qdrant's {@code service.api_key} does. */
    public Builder apiKey(String key) {
      this.apiKey = key == null || key.isEmpty() ? null : key;
      return this;
    }

    /** Serve gRPC over TLS with this PEM certificate chain and private key. */
    public Builder tls(File certificateChain, File privateKey) {
      this.tls = new Tls(certificateChain, privateKey);
      return this;
    }

    /** Seed for peer ids. */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    public TestCluster build() {
      return new TestCluster(this);
    }
  }
}
