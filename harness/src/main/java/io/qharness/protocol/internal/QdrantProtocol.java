package io.qharness.protocol.internal;

import io.gatling.core.CoreComponents;
import io.gatling.core.config.GatlingConfiguration;
import io.gatling.core.protocol.Protocol;
import io.gatling.core.protocol.ProtocolKey;
import io.qharness.grpc.ConnectionSettings;
import io.qharness.grpc.EjectionPolicy;
import io.qharness.grpc.NodeAddress;
import io.qharness.metrics.AckedWrites;
import io.qharness.metrics.RunListener;
import io.qharness.protocol.NodeMembership;
import io.qharness.protocol.NodeSelection;
import io.qharness.protocol.ReadinessCheck;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/** The configured Qdrant protocol of a simulation; build it with {@link Qdrant#qdrant()}. */
public final class QdrantProtocol implements Protocol {
  final List<NodeAddress> hosts;

  /** Hosts from this index on start on standby. */
  final int standbyFrom;

  final NodeMembership membership;
  final NodeSelection selection;
  final ConnectionSettings connection;
  final String collection;
  final Duration probeTimeout;
  final Duration reportingInterval;
  final List<RunListener> listeners;
  final Failover failover;
  final EjectionPolicy ejection;
  final AckedWrites ackedWrites;
  final boolean stopOnInvalidInput;
  final ReadinessCheck readiness;
  final PrintStream console;
  final boolean gatlingStats;

  public QdrantProtocol(
      List<NodeAddress> hosts,
      int standbyFrom,
      NodeMembership membership,
      NodeSelection selection,
      ConnectionSettings connection,
      String collection,
      Duration probeTimeout,
      Duration reportingInterval,
      List<RunListener> listeners,
      Failover failover,
      EjectionPolicy ejection,
      AckedWrites ackedWrites,
      boolean stopOnInvalidInput,
      ReadinessCheck readiness,
      PrintStream console,
      boolean gatlingStats) {
    this.hosts = List.copyOf(hosts);
    this.standbyFrom = standbyFrom;
    this.membership = membership;
    this.selection = selection;
    this.connection = connection;
    this.collection = collection;
    this.probeTimeout = probeTimeout;
    this.reportingInterval = reportingInterval;
    this.listeners = List.copyOf(listeners);
    this.failover = failover;
    this.ejection = ejection;
    this.ackedWrites = ackedWrites;
    this.stopOnInvalidInput = stopOnInvalidInput;
    this.readiness = readiness;
    this.console = console;
    this.gatlingStats = gatlingStats;
  }

  /** Whether responses are logged to Gatling's stats engine as well as qharness's recorders. */
  public boolean gatlingStats() {
    return gatlingStats;
  }

  /** Where the protocol prints readiness progress and the end-of-run summary. */
  public PrintStream console() {
    return console;
  }

  /** The extra readiness condition of {@code waitForGreen()}, or null. */
  public ReadinessCheck readiness() {
    return readiness;
  }

  /**
   * Whether a setup call refused as invalid input stops the run (see {@link
   * QdrantProtocolBuilder#stopOnInvalidInput}).
   */
  public boolean stopOnInvalidInput() {
    return stopOnInvalidInput;
  }

  public List<NodeAddress> hosts() {
    return hosts;
  }

  public NodeSelection selection() {
    return selection;
  }

  public ConnectionSettings connection() {
    return connection;
  }

  /** Where acknowledged write ids go, or null when writes are not audited. */
  public AckedWrites ackedWrites() {
    return ackedWrites;
  }

  public Failover failover() {
    return failover;
  }

  /** Outlier ejection: when a node stops getting calls and how it comes back. */
  public EjectionPolicy ejection() {
    return ejection;
  }

  public String collection() {
    return collection;
  }

  @SuppressWarnings("unchecked")
  public static final ProtocolKey<QdrantProtocol, QdrantComponents> KEY =
      new ProtocolKey<>() {
        @Override
        public Class<Protocol> protocolClass() {
          return (Class<Protocol>) (Class<?>) QdrantProtocol.class;
        }

        @Override
        public QdrantProtocol defaultProtocolValue(GatlingConfiguration configuration) {
          throw new IllegalStateException(
              "a scenario uses qdrant(...) actions but no Qdrant protocol is set: add "
                  + ".protocols(qdrant().hosts(\"127.0.0.1:6334\", ...)) to setUp(...)");
        }

        /**
         * Called once per simulation; Gatling then asks the returned function for each scenario's
         * components. One set of channels and metrics per protocol instance serves every scenario.
         */
        @Override
        public scala.Function1<QdrantProtocol, QdrantComponents> newComponents(
            CoreComponents core) {
          Map<QdrantProtocol, QdrantComponents> shared =
              Collections.synchronizedMap(new IdentityHashMap<>());
          return protocol -> shared.computeIfAbsent(protocol, p -> new QdrantComponents(p, core));
        }
      };

  @Override
  public String toString() {
    return "QdrantProtocol[hosts="
        + hosts
        + ", selection="
        + selection
        + ", "
        + connection
        + ", collection="
        + collection
        + "]";
  }
}
