package io.qharness.protocol;

import io.gatling.javaapi.core.ProtocolBuilder;
import io.qharness.grpc.ConnectionSettings;
import io.qharness.grpc.EjectionPolicy;
import io.qharness.grpc.NodeAddress;
import io.qharness.metrics.AckedWrites;
import io.qharness.metrics.RunListener;
import io.qharness.protocol.internal.Failover;
import io.qharness.protocol.internal.QdrantProtocol;
import java.io.File;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Builds the Qdrant protocol, Gatling-style: every method returns a new builder.
 *
 * <pre>{@code
 * qdrant().hosts("127.0.0.1:6334", "127.0.0.1:6344", "127.0.0.1:6354")
 *     .nodeSelection(NodeSelection.ROUND_ROBIN)
 *     .channelsPerNode(2)
 *     .deadline(Duration.ofSeconds(5))
 *     .collection("bench")
 * }</pre>
 */
public final class QdrantProtocolBuilder implements ProtocolBuilder, Cloneable {
  private List<NodeAddress> hosts = List.of();
  private List<NodeAddress> standby = List.of();
  private NodeMembership membership;
  private NodeSelection selection = NodeSelection.ROUND_ROBIN;
  private int channelsPerNode = 1;
  private int ioThreads;
  private boolean gzipResponses = ConnectionSettings.DEFAULT_GZIP_RESPONSES;
  private boolean gatlingStats = true;
  private Duration deadline = Duration.ofSeconds(10);
  private String apiKey;
  private boolean tls;
  private File caFile;
  private String collection;
  private Duration probeTimeout = Duration.ofSeconds(5);
  private Duration reportingInterval = Duration.ofSeconds(5);
  private List<RunListener> listeners = List.of();
  private PrintStream console = System.out;
  private Failover failover = Failover.none();
  private boolean ejection = true;
  private int ejectAfterFailures = EjectionPolicy.defaults().failuresInARow();
  private Duration ejectAfterStall = EjectionPolicy.defaults().stallAfter();
  private AckedWrites ackedWrites;
  private boolean stopOnInvalidInput = true;
  private ReadinessCheck readiness;

  QdrantProtocolBuilder() {}

  private QdrantProtocolBuilder with(Consumer<QdrantProtocolBuilder> change) {
    try {
      QdrantProtocolBuilder copy = (QdrantProtocolBuilder) clone();
      change.accept(copy);
      return copy;
    } catch (CloneNotSupportedException e) {
      throw new AssertionError(e);
    }
  }

  /** gRPC addresses of the nodes, "host:port" (port 6334 when omitted). */
  public QdrantProtocolBuilder hosts(String... addresses) {
    return hosts(List.of(addresses));
  }

  /** gRPC addresses of the nodes, "host:port" each (or comma-separated). */
  public QdrantProtocolBuilder hosts(List<String> addresses) {
    List<NodeAddress> parsed = new ArrayList<>();
    for (String a : addresses) {
      parsed.addAll(NodeAddress.parseList(a));
    }
    return with(b -> b.hosts = List.copyOf(parsed));
  }

  /**
   * Hosts that take no calls until a {@link NodeMembership} admits them: nodes that join the
   * cluster while the load runs. Their figures are kept beside the others' from the start.
   */
  public QdrantProtocolBuilder standbyHosts(String... addresses) {
    List<NodeAddress> parsed = new ArrayList<>();
    for (String a : addresses) {
      parsed.addAll(NodeAddress.parseList(a));
    }
    return with(b -> b.standby = List.copyOf(parsed));
  }

  /** Admits and retires hosts while the load runs (scale-out and scale-in). */
  public QdrantProtocolBuilder membership(NodeMembership m) {
    Objects.requireNonNull(m, "membership");
    return with(b -> b.membership = m);
  }

  /**
   * Which node coordinates each request: {@code ROUND_ROBIN} (default), {@code STICKY} per virtual
   * user, or {@code LEAST_OUTSTANDING}.
   */
  public QdrantProtocolBuilder nodeSelection(NodeSelection s) {
    Objects.requireNonNull(s, "node selection");
    return with(b -> b.selection = s);
  }

  /** gRPC channels (HTTP/2 connections) per node; more spreads load over more transport threads. */
  public QdrantProtocolBuilder channelsPerNode(int n) {
    return with(b -> b.channelsPerNode = n);
  }

  /**
   * Network threads (default 0: one per two cores, at most four). Each owns its own channels to
   * every node and runs the paced load given to it, so a paced request is written, its deadline
   * armed and its response read by one thread, without a hand-over per request.
   */
  public QdrantProtocolBuilder ioThreads(int n) {
    if (n < 0 || n > 64) {
      throw new IllegalArgumentException("ioThreads must be within 0..64 (0: automatic), got " + n);
    }
    return with(b -> b.ioThreads = n);
  }

  /**
   * Whether the client accepts gzipped responses (default true). Qdrant gzips every gRPC response
   * to a client that accepts it, as grpc-java (and so io.qdrant:client) does by default: CPU on the
   * node to compress and on the injector to inflate. True measures what that client costs the
   * cluster; false is what Qdrant's Rust client (by default) and bfb ask for.
   */
  public QdrantProtocolBuilder gzipResponses(boolean accept) {
    return with(b -> b.gzipResponses = accept);
  }

  /**
   * Whether every response is also logged to Gatling's stats engine (default true), which feeds
   * Gatling's console counts, its HTML report and its assertions. Off, qharness's own recorders
   * stand in (its latency table, run record, interval logs, Pushgateway export and {@code compare}
   * are unchanged) and a request costs less CPU; Gatling's report and assertions then see no Qdrant
   * requests, so assert on qharness's figures instead.
   */
  public QdrantProtocolBuilder gatlingStats(boolean on) {
    return with(b -> b.gatlingStats = on);
  }

  /** Deadline of every call; an expired call is KO with DEADLINE_EXCEEDED. */
  public QdrantProtocolBuilder deadline(Duration d) {
    return with(b -> b.deadline = d);
  }

  /** Qdrant's API key, sent as the {@code api-key} header; never logged. */
  public QdrantProtocolBuilder apiKey(String key) {
    return with(b -> b.apiKey = key);
  }

  /**
   * TLS to every node (Qdrant's {@code service.enable_tls}); trust a private CA with {@link
   * #caFile}.
   */
  public QdrantProtocolBuilder tls(boolean on) {
    return with(b -> b.tls = on);
  }

  /** Trust this PEM CA certificate (implies TLS); null leaves TLS as it is, with default trust. */
  public QdrantProtocolBuilder caFile(String path) {
    if (path == null) {
      return with(b -> b.caFile = null);
    }
    return with(
        b -> {
          b.caFile = new File(path);
          b.tls = true;
        });
  }

  /** Collection used by actions that do not name one. */
  public QdrantProtocolBuilder collection(String name) {
    return with(b -> b.collection = name);
  }

  /** How long the start-up probe waits for each node. */
  public QdrantProtocolBuilder probeTimeout(Duration d) {
    return with(b -> b.probeTimeout = d);
  }

  /** How often client-side metrics are sampled for listeners (interval logs, Pushgateway). */
  public QdrantProtocolBuilder reportingInterval(Duration d) {
    if (d.toMillis() < 1) {
      throw new IllegalArgumentException("reporting interval must be at least 1 ms, got " + d);
    }
    return with(b -> b.reportingInterval = d);
  }

  /**
   * Failover: skip failing nodes, retry idempotent calls on another node ({@code retries} at most,
   * within {@code budget} retries per call), e.g. {@code .failover(2, 0.1, Duration.ofSeconds(1))}.
   */
  public QdrantProtocolBuilder failover(int retries, double budget, Duration cooldown) {
    Failover f = new Failover(retries, budget, cooldown);
    return with(b -> b.failover = f);
  }

  /**
   * Outlier ejection, on by default: a node whose calls fail or time out in a row, whose connection
   * breaks, or which answers nothing while its peers answer, gets no new calls until a health probe
   * finds it answering again (first after the failover cooldown, doubling with each ejection in a
   * row). {@code false} keeps sending every node its share: what a client without ejection sees.
   */
  public QdrantProtocolBuilder outlierEjection(boolean on) {
    return with(b -> b.ejection = on);
  }

  /**
   * Outlier ejection on, after {@code failuresInARow} timeouts or node failures in a row, or after
   * {@code stallAfter} without an answer while other nodes answer ({@code Duration.ZERO}: no stall
   * detection), e.g. {@code .outlierEjection(5, Duration.ofSeconds(1))}.
   */
  public QdrantProtocolBuilder outlierEjection(int failuresInARow, Duration stallAfter) {
    new EjectionPolicy(true, failuresInARow, stallAfter, Duration.ZERO, EjectionPolicy.MAX);
    return with(
        b -> {
          b.ejection = true;
          b.ejectAfterFailures = failuresInARow;
          b.ejectAfterStall = stallAfter;
        });
  }

  /**
   * Remembers the ids of every acknowledged upsert into {@code sink}, for a write audit after the
   * run.
   */
  public QdrantProtocolBuilder auditWrites(AckedWrites sink) {
    return with(b -> b.ackedWrites = sink);
  }

  /**
   * Whether the server refusing a collection's creation or a write as invalid input
   * (INVALID_ARGUMENT: a bad collection name, a wrong vector size...) stops the whole run at once,
   * with the server's message, instead of failing every later call the same way (default true).
   */
  public QdrantProtocolBuilder stopOnInvalidInput(boolean on) {
    return with(b -> b.stopOnInvalidInput = on);
  }

  /**
   * A condition {@code waitForGreen()} also requires, with the collection's status, for the same
   * polls: e.g. every segment that should be HNSW-indexed is (qharness's runs use the nodes'
   * telemetry for it).
   */
  public QdrantProtocolBuilder readiness(ReadinessCheck check) {
    return with(b -> b.readiness = check);
  }

  /**
   * Where the protocol prints its readiness progress and the end-of-run latency summary (default:
   * the console). E.g. {@code .console(System.err)} keeps standard output for Gatling's own.
   */
  public QdrantProtocolBuilder console(PrintStream out) {
    return with(b -> b.console = out);
  }

  /** Receivers of the run's measurements: interval logs, Pushgateway export, run records. */
  public QdrantProtocolBuilder listeners(RunListener... more) {
    List<RunListener> all = new ArrayList<>(listeners);
    all.addAll(List.of(more));
    return with(b -> b.listeners = List.copyOf(all));
  }

  @Override
  public QdrantProtocol protocol() {
    if (hosts.isEmpty()) {
      throw new IllegalArgumentException(
          "qdrant() needs at least one node: .hosts(\"127.0.0.1:6334\", ...) (gRPC port, 6334 by"
              + " default)");
    }
    List<NodeAddress> all = new ArrayList<>(hosts);
    for (NodeAddress a : standby) {
      if (all.contains(a)) {
        throw new IllegalArgumentException(
            "standby host " + a + " is also in hosts; give it in one of the two");
      }
      all.add(a);
    }
    return new QdrantProtocol(
        all,
        hosts.size(),
        membership,
        selection,
        new ConnectionSettings(
            channelsPerNode,
            deadline,
            apiKey,
            tls,
            caFile,
            ioThreads == 0 ? ConnectionSettings.DEFAULT_IO_THREADS : ioThreads,
            gzipResponses),
        collection,
        probeTimeout,
        reportingInterval,
        listeners,
        failover,
        new EjectionPolicy(
            ejection,
            ejectAfterFailures,
            ejectAfterStall,
            failover.cooldown(),
            EjectionPolicy.MAX.compareTo(failover.cooldown()) < 0
                ? failover.cooldown()
                : EjectionPolicy.MAX),
        ackedWrites,
        stopOnInvalidInput,
        readiness,
        console,
        gatlingStats);
  }
}
