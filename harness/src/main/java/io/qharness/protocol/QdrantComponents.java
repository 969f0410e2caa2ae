package io.qharness.protocol;

import io.gatling.core.CoreComponents;
import io.gatling.core.protocol.ProtocolComponents;
import io.gatling.core.session.Session;
import io.qharness.metrics.RunListener;
import io.qharness.metrics.RunMetrics;
import io.qharness.metrics.RunSummary;
import io.qharness.protocol.grpc.QdrantNode;
import io.qharness.protocol.grpc.QdrantNodes;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a simulation's Qdrant actions share: the channels to every node, node selection and the
 * run's client-side metrics. Created once per simulation when the first Qdrant action is built,
 * before any load, which is when unreachable nodes are reported.
 */
public final class QdrantComponents implements ProtocolComponents {
  private static final Logger LOG = LoggerFactory.getLogger(QdrantComponents.class);

  private final QdrantProtocol protocol;
  private final QdrantNodes nodes;
  private final RunMetrics metrics;
  private final AtomicInteger roundRobin = new AtomicInteger();
  private final List<RunListener> listeners;
  private final ScheduledExecutorService sampler;
  private volatile boolean closed;

  QdrantComponents(QdrantProtocol protocol, CoreComponents core) {
    this.protocol = protocol;
    this.nodes = new QdrantNodes(protocol.hosts, protocol.connection);
    List<String> names = new ArrayList<>();
    nodes.all().forEach(n -> names.add(n.address().toString()));
    this.metrics = new RunMetrics(names);
    this.listeners = new CopyOnWriteArrayList<>(protocol.listeners);
    try {
      probe();
    } catch (RuntimeException e) {
      nodes.close();
      throw e;
    }
    each(l -> l.started(metrics));
    this.sampler =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "qharness-metrics");
              t.setDaemon(true);
              return t;
            });
    long period = protocol.reportingInterval.toNanos();
    sampler.scheduleAtFixedRate(this::sampleInterval, period, period, TimeUnit.NANOSECONDS);
    core.actorSystem().registerOnTermination(() -> {
      close();
      return null;
    });
  }

  private synchronized void sampleInterval() {
    if (closed) {
      return;
    }
    RunMetrics.Interval interval = metrics.sample();
    each(l -> l.interval(interval));
  }

  /** Calls every listener; one that fails is logged and does not stop the others or the run. */
  private void each(Consumer<RunListener> call) {
    for (RunListener l : listeners) {
      try {
        call.accept(l);
      } catch (RuntimeException e) {
        LOG.error("qharness listener {} failed: {}", l.getClass().getSimpleName(), e.toString(), e);
      }
    }
  }

  private void probe() {
    List<QdrantNodes.Probe> probes = nodes.probe(protocol.probeTimeout.toMillis());
    List<String> failures = new ArrayList<>();
    for (QdrantNodes.Probe p : probes) {
      if (p.reachable()) {
        LOG.info("Qdrant node {}: {} {}", p.node().address(), p.health().getTitle(), p.health().getVersion());
      } else {
        failures.add(p.failure());
      }
    }
    if (failures.size() == probes.size()) {
      throw new QdrantUnreachableException(protocol.hosts, failures);
    }
    failures.forEach(f -> LOG.warn("starting without a node: {}", f));
  }

  @Override
  public scala.Function1<Session, Session> onStart() {
    return Session.Identity();
  }

  @Override
  public scala.Function1<Session, scala.runtime.BoxedUnit> onExit() {
    return ProtocolComponents.NoopOnExit();
  }

  public QdrantProtocol protocol() {
    return protocol;
  }

  public QdrantNodes nodes() {
    return nodes;
  }

  public RunMetrics metrics() {
    return metrics;
  }

  /** The node to coordinate a call for this virtual user. */
  public QdrantNode select(Session session) {
    int n = nodes.size();
    if (n == 1) {
      return nodes.get(0);
    }
    int i =
        protocol.selection == NodeSelection.STICKY
            ? (int) Long.remainderUnsigned(session.userId(), n)
            : (roundRobin.getAndIncrement() & Integer.MAX_VALUE) % n;
    return nodes.get(i);
  }

  /** Adds a listener after start (it misses {@link RunListener#started}). */
  public void addListener(RunListener listener) {
    listeners.add(listener);
  }

  /** At the end of the simulation: last interval, summary on the console, listeners, channels closed. */
  void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    sampler.shutdownNow();
    RunMetrics.Interval last = metrics.sample();
    each(l -> l.interval(last));
    RunSummary summary = metrics.summary();
    System.out.println();
    System.out.println("qharness client-side latency (HdrHistogram, µs resolution):");
    System.out.print(summary.toTable());
    each(l -> l.ended(summary));
    nodes.close();
  }
}
