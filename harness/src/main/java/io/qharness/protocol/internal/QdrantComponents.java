package io.qharness.protocol.internal;

import io.gatling.core.CoreComponents;
import io.gatling.core.controller.Controller;
import io.gatling.core.protocol.ProtocolComponents;
import io.gatling.core.session.Session;
import io.qharness.grpc.NodeEjection;
import io.qharness.grpc.NodeHealth;
import io.qharness.grpc.QdrantNode;
import io.qharness.grpc.QdrantNodes;
import io.qharness.metrics.NodeHealthLog;
import io.qharness.metrics.RunListener;
import io.qharness.metrics.RunMetrics;
import io.qharness.metrics.RunSummary;
import io.qharness.protocol.NodeSelection;
import io.qharness.protocol.QdrantUnreachableException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.runtime.BoxedUnit;

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
  private final AtomicInteger fallback = new AtomicInteger();

  private final NodeEjection ejection;
  private final NodeHealth health;

  private final LongAdder calls = new LongAdder();
  private final AtomicLong retriesSpent = new AtomicLong();
  private final List<RunListener> listeners;
  private final ScheduledExecutorService sampler;
  private final CoreComponents core;
  private final AtomicBoolean stopping = new AtomicBoolean();
  private volatile boolean closed;

  QdrantComponents(QdrantProtocol protocol, CoreComponents core) {
    this.protocol = protocol;
    this.core = core;
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
    NodeHealthLog log = metrics.nodeHealth();
    log.ejectionOn(protocol.ejection.enabled());
    this.ejection =
        new NodeEjection(
            nodes,
            protocol.ejection,
            protocol.connection.deadline(),
            new NodeHealth.Listener() {
              @Override
              public void ejected(int node, String reason) {
                LOG.warn("qharness: node {} ejected: {}", nodes.get(node).address(), reason);
                log.ejected(node, reason);
              }

              @Override
              public void readmitted(int node, String how, long ejectedNanos) {
                LOG.info(
                    "qharness: node {} re-admitted after {} ms: {}",
                    nodes.get(node).address(),
                    ejectedNanos / 1_000_000,
                    how);
                log.readmitted(node, how, ejectedNanos);
              }
            });
    this.health = ejection.health();
    for (int i = protocol.standbyFrom; i < nodes.size(); i++) {
      health.standby(i, true);
    }
    if (protocol.membership != null) {
      List<String> hosts = new ArrayList<>();
      nodes.all().forEach(n -> hosts.add(n.address().toString()));
      protocol.membership.bind(
          hosts,
          (node, serving) -> {
            if (serving) {
              nodes.get(node).resetBackoff(); // connect now, whatever an earlier try left
            }
            health.standby(node, !serving);
            LOG.info(
                "qharness: node {} {}",
                nodes.get(node).address(),
                serving ? "admitted: it takes calls" : "retired: it takes no new calls");
          });
    }
    each(l -> l.started(metrics));
    this.sampler =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "qharness-metrics");
              t.setDaemon(true);
              return t;
            });
    long period = protocol.reportingInterval.toMillis();
    // calls in flight, read often on the same thread, for Little's law against the latencies
    sampler.schedule(this::sampleInFlight, 10, TimeUnit.MILLISECONDS);
    sampler.scheduleAtFixedRate(
        this::sampleInterval,
        firstSampleDelayMillis(System.currentTimeMillis(), period),
        period,
        TimeUnit.MILLISECONDS);
    core.actorSystem()
        .registerOnTermination(
            () -> {
              close();
              return null;
            });
  }

  /**
   * Delay to the first sample so that intervals end on wall-clock multiples of the period: the
   * intervals of several injector processes then end together and merge one to one (report,
   * compare). The first interval is kept between half and one and a half periods long.
   */
  static long firstSampleDelayMillis(long nowMillis, long periodMillis) {
    long delay = periodMillis - Math.floorMod(nowMillis, periodMillis);
    return delay < periodMillis / 2 ? delay + periodMillis : delay;
  }

  /**
   * Stops the run at once because its input is wrong: the listeners learn why (the run record marks
   * it refused: {@code qharness run} exits 2 with the reason), then Gatling's controller stops
   * injecting and ends the run as a crash. Only the first call counts.
   */
  public void stopRun(String reason) {
    if (!stopping.compareAndSet(false, true)) {
      return;
    }
    LOG.error("qharness: stopping the run: {}", reason);
    each(l -> l.stopped(reason));
    core.controller().$bang(stopCommand(reason));
  }

  /**
   * Gatling's {@code Controller.Command.StopLoadGenerator(message, crash = true)}, what its {@code
   * crashLoadGenerator} action sends. Scala nests that case class in a companion object, whose
   * binary name javac cannot reference, hence reflection.
   */
  private static Controller.Command stopCommand(String reason) {
    try {
      return (Controller.Command)
          Class.forName("io.gatling.core.controller.Controller$Command$StopLoadGenerator")
              .getConstructor(String.class, boolean.class)
              .newInstance(reason, true);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(
          "this Gatling version has no Controller.Command.StopLoadGenerator: " + e, e);
    }
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
    List<QdrantNodes.Probe> probes =
        nodes.probe(protocol.probeTimeout.toMillis(), protocol.standbyFrom);
    List<String> failures = new ArrayList<>();
    for (QdrantNodes.Probe p : probes) {
      if (p.reachable()) {
        LOG.info(
            "Qdrant node {}: {} {}",
            p.node().address(),
            p.health().getTitle(),
            p.health().getVersion());
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
  public scala.Function1<Session, BoxedUnit> onExit() {
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
    return select(session, -1);
  }

  /**
   * The node to coordinate a call: by the selection policy, skipping ejected nodes and {@code
   * avoid} (the node a retry comes from). When no other node is admitted the policy's own choice is
   * used, so failures surface instead of stalling.
   */
  public QdrantNode select(Session session, int avoid) {
    calls.increment();
    int n = nodes.size();
    if (n == 1) {
      return nodes.get(0);
    }
    int first =
        protocol.selection == NodeSelection.STICKY
            ? (int) Long.remainderUnsigned(session.userId(), n)
            : (roundRobin.getAndIncrement() & Integer.MAX_VALUE) % n;
    if (protocol.selection == NodeSelection.LEAST_OUTSTANDING) {
      return leastOutstanding(first, avoid);
    }
    if (avoid < 0 && health.admitted(first)) {
      return nodes.get(first); // the common case: one volatile read
    }
    // the first choice is out: pick among the others by a round robin of their own, so the node
    // after an ejected or standby one does not take its share as well
    int candidates = 0;
    for (int i = 0; i < n; i++) {
      candidates += i != avoid && health.admitted(i) ? 1 : 0;
    }
    if (candidates > 0) {
      int pick = (fallback.getAndIncrement() & Integer.MAX_VALUE) % candidates;
      for (int i = 0; i < n; i++) {
        if (i != avoid && health.admitted(i) && pick-- == 0) {
          return nodes.get(i);
        }
      }
    }
    return nodes.get(avoid >= 0 ? (avoid + 1) % n : first);
  }

  /** The admitted node with the fewest calls in flight, looking from {@code first} on for ties. */
  private QdrantNode leastOutstanding(int first, int avoid) {
    int n = nodes.size();
    int best = -1;
    int fewest = Integer.MAX_VALUE;
    for (int k = 0; k < n; k++) {
      int i = (first + k) % n;
      if (i != avoid && health.admitted(i) && health.outstanding(i) < fewest) {
        best = i;
        fewest = health.outstanding(i);
      }
    }
    return nodes.get(best >= 0 ? best : avoid >= 0 ? (avoid + 1) % n : first);
  }

  /**
   * One reading of the calls in flight, the next after a random gap (exponential, mean 10 ms): at a
   * fixed period the readings alias with a paced load's period and see the same phase of every
   * request (0.02 in flight read where 0.5 were, at 200/s); random times see the time average.
   */
  private void sampleInFlight() {
    long calls = 0;
    for (int i = 0; i < nodes.size(); i++) {
      calls += health.outstanding(i);
    }
    metrics.inFlight(calls);
    long gapMicros = 1 + (long) (-Math.log(1 - ThreadLocalRandom.current().nextDouble()) * 10_000);
    try {
      sampler.schedule(this::sampleInFlight, gapMicros, TimeUnit.MICROSECONDS);
    } catch (RejectedExecutionException e) {
      // the run is closing
    }
  }

  /** Outlier ejection's view of the nodes: calls report to it how they went. */
  public NodeHealth health() {
    return health;
  }

  /**
   * Takes one retry from the budget (retries per call made, with a floor of 10); false when spent.
   */
  public boolean tryRetry() {
    long allowed = 10 + (long) (protocol.failover.budget() * calls.sum());
    while (true) {
      long spent = retriesSpent.get();
      if (spent >= allowed) {
        return false;
      }
      if (retriesSpent.compareAndSet(spent, spent + 1)) {
        return true;
      }
    }
  }

  /**
   * At the end of the simulation: last interval, summary on the console, listeners, channels
   * closed.
   */
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
    protocol.console().println();
    protocol.console().println("qharness client-side latency (HdrHistogram, µs resolution):");
    protocol.console().print(summary.toTable());
    protocol.console().print(metrics.nodeHealth().format(metrics.startMillis()));
    each(l -> l.ended(summary));
    ejection.close();
    nodes.close();
  }
}
