package io.qharness.run;

import io.qharness.cluster.QdrantRest;
import io.qharness.cluster.Target;
import io.qharness.cluster.faults.FaultEvent;
import io.qharness.cluster.faults.FaultInjector;
import io.qharness.cluster.scale.ClusterAdmin;
import io.qharness.cluster.scale.PeerJoin;
import io.qharness.cluster.scale.Placement;
import io.qharness.cluster.scale.RebalancePlan;
import io.qharness.cluster.scale.ScaleSchedule;
import io.qharness.cluster.scale.ShardTransfers;
import io.qharness.config.Catalog;
import io.qharness.config.Settings;
import io.qharness.grpc.NodeAddress;
import io.qharness.grpc.QdrantNodes;
import io.qharness.metrics.PushgatewayExporter;
import io.qharness.protocol.NodeMembership;
import io.qharness.report.ScaleReport;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A run's scale event: plays the scale schedule on its own thread once the load starts. A node that
 * joins is started (its start command, or the test double's spare), awaited until it is a ready
 * voter, then given calls; a rebalance spreads shard replicas onto the nodes that joined; a drained
 * node stops getting calls, its replicas move off, its peer is removed and it is stopped. Every
 * step and shard transfer is timed; a step that fails ends the load at once, saying why and where
 * every shard is.
 */
public final class ScaleRun {
  private final Settings settings;
  private final ScaleSchedule schedule;
  private final FaultInjector nodes;
  private final QdrantRest rest;
  private final List<String> grpc;
  private final List<String> restAddresses;
  private final int members;
  private final String collection;
  private final PrintStream out;
  private final NodeMembership membership = new NodeMembership();
  private final List<ScaleReport.Step> steps = new CopyOnWriteArrayList<>();
  private final List<PushgatewayExporter.FaultPoint> events = new CopyOnWriteArrayList<>();
  private final Set<Integer> inCluster = new LinkedHashSet<>();
  private final Map<Long, String> names = new LinkedHashMap<>();
  private volatile Map<String, List<String>> placementBefore;
  private volatile Map<String, List<String>> placementAfter;
  private volatile boolean finished;
  private volatile String failure;
  private volatile long startMillis;
  private Thread thread;

  ScaleRun(
      Settings settings,
      Target target,
      ScaleSchedule schedule,
      FaultInjector nodes,
      PrintStream out) {
    this.settings = settings;
    this.schedule = schedule;
    this.nodes = nodes;
    this.out = out;
    this.rest = QdrantRest.of(settings, Duration.ofSeconds(10));
    this.members = target.grpcAddresses().size();
    this.grpc = new ArrayList<>(target.grpcAddresses());
    this.grpc.addAll(target.scaleGrpcAddresses());
    this.restAddresses = new ArrayList<>(target.restAddresses(settings));
    this.restAddresses.addAll(target.scaleRestAddresses(settings));
    this.collection = settings.get(Catalog.COLLECTION);
    for (int i = 1; i <= members; i++) {
      inCluster.add(i);
    }
  }

  public ScaleSchedule schedule() {
    return schedule;
  }

  /** For the protocol: scale hosts start on standby, and this admits and retires them. */
  public NodeMembership membership() {
    return membership;
  }

  /** The gRPC addresses of the nodes that may join, on standby at the start. */
  public List<String> standbyHosts() {
    return grpc.subList(members, grpc.size());
  }

  /**
   * True once the schedule has played and {@code scaleSteady} has passed after it, or a step
   * failed: the load's end (see {@link io.qharness.protocol.OpenLoad#until}).
   */
  public boolean finished() {
    return finished;
  }

  public String failure() {
    return failure;
  }

  /** Steps and transfers as the dashboards annotate them (Pushgateway), in the order they came. */
  public List<PushgatewayExporter.FaultPoint> events() {
    return List.copyOf(events);
  }

  /** Starts the schedule's clock and thread; later calls do nothing. */
  public synchronized void start() {
    if (thread != null) {
      return;
    }
    startMillis = System.currentTimeMillis();
    thread = new Thread(this::play, "qharness-scale");
    thread.setDaemon(true);
    thread.start();
  }

  private void play() {
    Duration steady = settings.get(Catalog.SCALE_STEADY);
    long ready = startMillis + steady.toMillis();
    try {
      nameNodes();
      placementBefore = placement();
      for (ScaleSchedule.Step step : schedule.steps()) {
        long at = step.at() == null ? ready : Math.max(ready, startMillis + step.at().toMillis());
        sleepUntil(at);
        long t0 = System.currentTimeMillis();
        events.add(
            new PushgatewayExporter.FaultPoint(
                step.action().name().toLowerCase(Locale.ROOT),
                step.node() > 0 ? "node" + step.node() : "all",
                step.describe(),
                t0 / 1000.0));
        out.printf(
            Locale.ROOT,
            "qharness scale: +%.1fs %s%n",
            (t0 - startMillis) / 1000.0,
            step.describe());
        ScaleReport.Step done =
            switch (step.action()) {
              case JOIN -> join(step, t0);
              case REBALANCE -> rebalance(step, t0);
              case DRAIN -> drain(step, t0);
            };
        steps.add(done);
        out.printf(
            Locale.ROOT,
            "qharness scale: %s done in %.1f s: %s%n",
            step.describe(),
            done.seconds(),
            done.detail());
        ready = System.currentTimeMillis() + steady.toMillis();
      }
      placementAfter = placement();
      sleepUntil(ready);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      failure = "the scale event was interrupted";
    } catch (Exception e) {
      String why = e.getMessage() == null ? e.toString() : e.getMessage();
      if (!why.contains("Placement now:")) { // every failure says where the shards are
        try {
          why +=
              ". Placement now: " + Placement.read(rest, memberRest(), collection).describe(names);
        } catch (RuntimeException unreadable) {
          why += ". The placement could not be read: " + unreadable.getMessage();
        }
      }
      failure = why;
      out.println("qharness scale: FAILED, the load ends now: " + failure);
      try {
        placementAfter = placement();
      } catch (RuntimeException ignored) {
        // the failure already says where the shards are, when it knows
      }
    } finally {
      finished = true;
    }
  }

  private ScaleReport.Step join(ScaleSchedule.Step step, long t0) throws Exception {
    int n = step.node();
    nodes.apply(new FaultEvent(Duration.ZERO, FaultEvent.Action.START, n, null));
    String name = "node" + n;
    PeerJoin.Joined joined =
        PeerJoin.await(
            rest,
            anyMember(),
            restAddresses.get(n - 1),
            name,
            settings.get(Catalog.SCALE_JOIN_TIMEOUT));
    names.put(joined.peerId(), name);
    inCluster.add(n);
    long grpcMillis = awaitGrpc(n, settings.get(Catalog.SCALE_JOIN_TIMEOUT));
    membership.admit(grpc.get(n - 1));
    return new ScaleReport.Step(
        step.describe(),
        t0,
        System.currentTimeMillis(),
        String.format(
            Locale.ROOT,
            "%s (peer %d) is a ready voter %.1f s after it was started, answers gRPC %.1f s"
                + " later, and takes calls",
            name,
            joined.peerId(),
            joined.millis() / 1000.0,
            grpcMillis / 1000.0),
        List.of());
  }

  private ScaleReport.Step rebalance(ScaleSchedule.Step step, long t0) throws Exception {
    List<ShardTransfers.Result> results = new ArrayList<>();
    for (Map.Entry<Long, String> e : peersInCluster().entrySet()) {
      if (Integer.parseInt(e.getValue().substring(4)) <= members) {
        continue; // spread onto the nodes that joined, one at a time on a fresh placement
      }
      Placement p = Placement.read(rest, memberRest(), collection).requireReadable();
      List<RebalancePlan.Step> plan =
          RebalancePlan.spreadOnto(
              p,
              e.getKey(),
              peersInCluster().keySet(),
              settings.get(Catalog.REBALANCE_COPY),
              settings.get(Catalog.REBALANCE_SHARDS));
      results.addAll(transfersWatching(memberRest()).run(plan));
    }
    return new ScaleReport.Step(
        step.describe(), t0, System.currentTimeMillis(), summary(results), transfers(results));
  }

  /** The peers in the cluster now, by id, with their node names. */
  private Map<Long, String> peersInCluster() {
    Map<Long, String> out = new LinkedHashMap<>();
    names.forEach(
        (id, name) -> {
          if (inCluster.contains(Integer.parseInt(name.substring(4)))) {
            out.put(id, name);
          }
        });
    return out;
  }

  private ScaleReport.Step drain(ScaleSchedule.Step step, long t0) throws Exception {
    int n = step.node();
    String name = "node" + n;
    Placement p = Placement.read(rest, memberRest(), collection).requireReadable();
    long peer = p.peerOf(restAddresses.get(n - 1));
    if (peer < 0) {
      throw new ShardTransfers.ScaleException(
          name + " (" + restAddresses.get(n - 1) + ") does not answer, so it cannot be drained");
    }
    membership.retire(grpc.get(n - 1)); // no new calls while its shards move off
    inCluster.remove(n);
    Set<Long> remaining = peersInCluster().keySet();
    List<RebalancePlan.Step> plan;
    try {
      plan = RebalancePlan.drain(p, peer, remaining);
    } catch (IllegalStateException e) {
      throw new ShardTransfers.ScaleException(
          e.getMessage() + ". Placement now: " + p.describe(names));
    }
    List<String> watched = new ArrayList<>(memberRest());
    watched.add(restAddresses.get(n - 1)); // the drained node tells how many points it gives
    List<ShardTransfers.Result> results = transfersWatching(watched).run(plan);
    ClusterAdmin admin = new ClusterAdmin(rest);
    String via = anyMember();
    if (!admin.info(via).peers().containsKey(peer)) {
      throw new ShardTransfers.ScaleException(
          name
              + " (peer "
              + peer
              + ") is no peer of the cluster any more, so it cannot be removed");
    }
    admin.removePeer(via, peer);
    nodes.apply(new FaultEvent(Duration.ZERO, FaultEvent.Action.STOP, n, null));
    return new ScaleReport.Step(
        step.describe(),
        t0,
        System.currentTimeMillis(),
        summary(results) + "; peer " + peer + " removed and " + name + " stopped",
        transfers(results));
  }

  /**
   * Waits until the node answers a gRPC health check: Qdrant can be ready on REST a moment before
   * its gRPC port listens, and a call sent then is refused.
   */
  private long awaitGrpc(int n, Duration timeout) throws InterruptedException {
    long start = System.currentTimeMillis();
    String last = "no answer";
    try (QdrantNodes node =
        new QdrantNodes(
            List.of(NodeAddress.parse(grpc.get(n - 1))), Target.adminConnection(settings))) {
      while (System.currentTimeMillis() - start < timeout.toMillis()) {
        QdrantNodes.Probe p = node.probe(1000).get(0);
        if (p.reachable()) {
          return System.currentTimeMillis() - start;
        }
        last = p.failure();
        Thread.sleep(100);
      }
    }
    throw new ShardTransfers.ScaleException(
        "node"
            + n
            + " joined the cluster but its gRPC port "
            + grpc.get(n - 1)
            + " does not answer: "
            + last);
  }

  private ShardTransfers transfersWatching(List<String> watched) {
    return new ShardTransfers(
        rest,
        watched,
        collection,
        settings.get(Catalog.TRANSFER_METHOD),
        settings.get(Catalog.TRANSFER_PARALLEL),
        settings.get(Catalog.TRANSFER_TIMEOUT),
        names,
        line -> out.println("qharness scale: " + line));
  }

  private static String summary(List<ShardTransfers.Result> results) {
    if (results.isEmpty()) {
      return "nothing to move: the placement is even already";
    }
    long points = results.stream().mapToLong(r -> r.points() == null ? 0 : r.points()).sum();
    double seconds =
        (results.stream().mapToLong(ShardTransfers.Result::endMillis).max().orElse(0)
                - results.stream().mapToLong(ShardTransfers.Result::startMillis).min().orElse(0))
            / 1000.0;
    return String.format(
        Locale.ROOT,
        "%d shard transfer%s, %,d points in %.1f s",
        results.size(),
        results.size() == 1 ? "" : "s",
        points,
        seconds);
  }

  private List<ScaleReport.Transfer> transfers(List<ShardTransfers.Result> results) {
    List<ScaleReport.Transfer> out = new ArrayList<>();
    for (ShardTransfers.Result r : results) {
      String to = names.getOrDefault(r.to(), "peer " + r.to());
      events.add(
          new PushgatewayExporter.FaultPoint(
              "transfer",
              to,
              "shard "
                  + r.shard()
                  + " "
                  + names.getOrDefault(r.from(), "peer " + r.from())
                  + " -> "
                  + to,
              r.startMillis() / 1000.0));
      out.add(
          new ScaleReport.Transfer(
              r.shard(),
              names.getOrDefault(r.from(), "peer " + r.from()),
              names.getOrDefault(r.to(), "peer " + r.to()),
              r.copy(),
              r.method(),
              r.startMillis(),
              r.endMillis(),
              r.points(),
              r.pointsPerSecond(),
              r.bytes(),
              r.bytesPerSecond(),
              r.error(),
              List.of()));
    }
    return out;
  }

  /** Each node's own replicas, read from every node in the cluster now. */
  private Map<String, List<String>> placement() {
    Map<String, List<String>> out = new LinkedHashMap<>();
    Placement p = Placement.read(rest, memberRest(), collection);
    for (Placement.NodeView v : p.nodes()) {
      String node = names.getOrDefault(v.peerId(), v.restAddress());
      List<String> replicas = new ArrayList<>();
      if (v.failure() != null) {
        replicas.add("unreadable: " + v.failure());
      }
      for (Placement.Replica r : v.local()) {
        replicas.add(
            "shard "
                + r.shard()
                + " "
                + r.state()
                + (r.points() == null
                    ? ""
                    : " (" + String.format(Locale.ROOT, "%,d", r.points()) + " points)"));
      }
      out.put(node + " (peer " + v.peerId() + ")", replicas);
    }
    return out;
  }

  /** Peer ids of the nodes in the cluster, named node1..nodeN. */
  private void nameNodes() throws IOException {
    ClusterAdmin admin = new ClusterAdmin(rest);
    for (int n : inCluster) {
      names.put(admin.info(restAddresses.get(n - 1)).peerId(), "node" + n);
    }
  }

  private List<String> memberRest() {
    List<String> out = new ArrayList<>();
    for (int n : inCluster) {
      out.add(restAddresses.get(n - 1));
    }
    return out;
  }

  private String anyMember() throws IOException {
    for (String a : memberRest()) {
      try {
        rest.getTextAsync(a, "/readyz").join();
        return a;
      } catch (RuntimeException e) {
        // the next one
      }
    }
    throw new IOException("no node of the cluster answers on REST: " + memberRest());
  }

  private static void sleepUntil(long millis) throws InterruptedException {
    long wait = millis - System.currentTimeMillis();
    if (wait > 0) {
      Thread.sleep(wait);
    }
  }

  /** What the event did, for run.json and the reports (impact added by the caller). */
  public ScaleReport report() {
    return new ScaleReport(
        schedule.toString(),
        startMillis,
        List.copyOf(steps),
        placementBefore,
        placementAfter,
        failure);
  }

  /** Stops the thread at the end of the run. */
  void close() {
    Thread t = thread;
    if (t != null) {
      t.interrupt();
    }
  }
}
