package io.qharness.cluster.scale;

import io.qharness.cluster.CollectionTelemetry;
import io.qharness.cluster.QdrantRest;
import io.qharness.config.TransferMethod;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Runs the steps of a {@link RebalancePlan} through Qdrant's cluster API, {@code parallel} at a
 * time, and watches each from every node until it is done: no node lists the transfer any more, the
 * new replica is Active and, for a move, the old one is gone. A transfer still running after {@code
 * timeout} is aborted. The first failure stops the rest, and the exception says where every shard
 * is.
 */
public final class ShardTransfers {
  /** One transfer as it went. */
  public record Result(
      int shard,
      long from,
      long to,
      boolean copy,
      String method,
      long startMillis,
      long endMillis,
      Long points,
      Long bytes,
      String error) {
    public double seconds() {
      return (endMillis - startMillis) / 1000.0;
    }

    /** Points per second, or null when the source did not say how many it held. */
    public Double pointsPerSecond() {
      return points == null || endMillis <= startMillis ? null : points / seconds();
    }

    /**
     * Bytes of vectors and payloads moved per second (the source replica's size as its node's
     * telemetry counts it, not the bytes on the wire), or null when the source did not say.
     */
    public Double bytesPerSecond() {
      return bytes == null || endMillis <= startMillis ? null : bytes / seconds();
    }
  }

  /** A scale step that could not be done: the message names why and where every shard is. */
  public static final class ScaleException extends RuntimeException {
    public ScaleException(String message) {
      super(message);
    }
  }

  private final ClusterAdmin admin;
  private final QdrantRest rest;
  private final List<String> restAddresses;
  private final String collection;
  private final TransferMethod method;
  private final int parallel;
  private final Duration timeout;
  private final Map<Long, String> names;
  private final Consumer<String> log;
  private final Duration poll;

  /**
   * @param restAddresses every node's REST address; operations go to the first that answers
   * @param names peer ids named for people (node1, node4)
   */
  public ShardTransfers(
      QdrantRest rest,
      List<String> restAddresses,
      String collection,
      TransferMethod method,
      int parallel,
      Duration timeout,
      Map<Long, String> names,
      Consumer<String> log) {
    this(
        rest,
        restAddresses,
        collection,
        method,
        parallel,
        timeout,
        names,
        log,
        Duration.ofMillis(200));
  }

  ShardTransfers(
      QdrantRest rest,
      List<String> restAddresses,
      String collection,
      TransferMethod method,
      int parallel,
      Duration timeout,
      Map<Long, String> names,
      Consumer<String> log,
      Duration poll) {
    if (parallel < 1) {
      throw new IllegalArgumentException(
          "transfers in parallel must be at least 1, got " + parallel);
    }
    this.admin = new ClusterAdmin(rest);
    this.rest = rest;
    this.restAddresses = List.copyOf(restAddresses);
    this.collection = collection;
    this.method = method;
    this.parallel = parallel;
    this.timeout = timeout;
    this.names = names;
    this.log = log;
    this.poll = poll;
  }

  private record Running(RebalancePlan.Step step, long startMillis, Long points, Long bytes) {}

  /** Runs every step; returns how each went, or throws when one could not be done. */
  public List<Result> run(List<RebalancePlan.Step> steps) throws InterruptedException {
    Placement before = placement();
    check(before, steps);
    Deque<RebalancePlan.Step> queue = new ArrayDeque<>(steps);
    List<Running> running = new ArrayList<>();
    List<Result> done = new ArrayList<>();
    String failure = null;
    while (!queue.isEmpty() || !running.isEmpty()) {
      while (failure == null && running.size() < parallel && !queue.isEmpty()) {
        RebalancePlan.Step s = queue.poll();
        Placement at = placement();
        Placement.Replica source = at.replica(s.shard(), s.from());
        Long bytes = dataBytes(at.restAddressOf(s.from()), s.shard());
        try {
          start(s);
        } catch (IOException e) {
          failure = e.getMessage();
          break;
        }
        log.accept(
            String.format(
                "%s shard %d %s -> %s (%s)",
                s.copy() ? "copying" : "moving",
                s.shard(),
                name(s.from()),
                name(s.to()),
                method.json()));
        running.add(
            new Running(
                s, System.currentTimeMillis(), source == null ? null : source.points(), bytes));
      }
      if (running.isEmpty()) {
        break;
      }
      Thread.sleep(poll.toMillis());
      Placement now = placement();
      for (Iterator<Running> it = running.iterator(); it.hasNext(); ) {
        Running r = it.next();
        String state = state(now, r.step());
        long elapsed = System.currentTimeMillis() - r.startMillis();
        if (state == null) {
          it.remove();
          done.add(result(r, null));
          log.accept(
              String.format(
                  "shard %d on %s after %.1f s",
                  r.step().shard(), name(r.step().to()), elapsed / 1000.0));
        } else if (!state.isEmpty()) {
          it.remove();
          done.add(result(r, state));
          failure = failure == null ? state : failure;
        } else if (elapsed > timeout.toMillis()) {
          it.remove();
          String why =
              String.format(
                  "the transfer of shard %d %s -> %s was still running after %s"
                      + " (transferTimeout): aborted",
                  r.step().shard(), name(r.step().from()), name(r.step().to()), timeout);
          try {
            admin.abort(node(), collection, r.step().shard(), r.step().from(), r.step().to());
          } catch (IOException e) {
            why += ", but the abort failed too: " + e.getMessage();
          }
          done.add(result(r, why));
          failure = failure == null ? why : failure;
        }
      }
      if (failure != null && running.isEmpty()) {
        break;
      }
    }
    if (failure != null) {
      throw new ScaleException(failure + ". Placement now: " + placement().describe(names));
    }
    return done;
  }

  private Result result(Running r, String error) {
    return new Result(
        r.step().shard(),
        r.step().from(),
        r.step().to(),
        r.step().copy(),
        method.json(),
        r.startMillis(),
        System.currentTimeMillis(),
        r.points(),
        r.bytes(),
        error);
  }

  /**
   * The bytes of vectors and payloads a node's replica of a shard holds, from its telemetry; null
   * when it cannot say (a node that does not answer, or a version without the figure).
   */
  private Long dataBytes(String restAddress, int shard) {
    if (restAddress == null) {
      return null;
    }
    try {
      CollectionTelemetry t =
          CollectionTelemetry.parse(
              restAddress, collection, rest.get(restAddress, CollectionTelemetry.PATH));
      if (t != null) {
        for (CollectionTelemetry.Replica r : t.replicas()) {
          if (r.shard() == shard && r.usage().dataBytes() > 0) {
            return r.usage().dataBytes();
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      // the transfer's figures go without bytes; the transfer itself does not depend on them
    }
    return null;
  }

  /**
   * Null when the step is done, "" while it runs, else why it failed: the transfer is gone but the
   * new replica is not Active.
   */
  private String state(Placement p, RebalancePlan.Step s) {
    for (Placement.Transfer t : p.transfers()) {
      if (t.shard() == s.shard() && t.from() == s.from() && t.to() == s.to()) {
        return "";
      }
    }
    Placement.Replica target = p.replica(s.shard(), s.to());
    Placement.Replica source = p.replica(s.shard(), s.from());
    if (target != null && target.active() && (s.copy() || source == null)) {
      return null;
    }
    if (target != null && !target.active() && !"Dead".equals(target.state())) {
      return ""; // listed no more but still catching up (Partial, Initializing...)
    }
    return String.format(
        "the transfer of shard %d %s -> %s ended without an Active replica on %s (%s)",
        s.shard(),
        name(s.from()),
        name(s.to()),
        name(s.to()),
        target == null ? "none there" : target.state());
  }

  /**
   * Refuses, before any transfer, steps Qdrant would accept but that lose a replica or cannot run:
   * a move to a peer that already holds the shard (Qdrant then just drops the source replica), an
   * unknown shard or peer, a source without an Active replica.
   */
  private void check(Placement p, List<RebalancePlan.Step> steps) {
    var replicas = p.replicas();
    for (RebalancePlan.Step s : steps) {
      String why = null;
      if (!replicas.containsKey(s.shard())) {
        why =
            "shard "
                + s.shard()
                + " does not exist in `"
                + collection
                + "` (shards "
                + replicas.keySet()
                + ")";
      } else if (!names.containsKey(s.to())) {
        why = "peer " + s.to() + " is not a peer of the cluster (peers " + names + ")";
      } else if (p.replica(s.shard(), s.from()) == null
          || !p.replica(s.shard(), s.from()).active()) {
        why = "shard " + s.shard() + " has no Active replica on " + name(s.from());
      } else if (p.replica(s.shard(), s.to()) != null) {
        why =
            "shard "
                + s.shard()
                + " already has a replica on "
                + name(s.to())
                + ": "
                + (s.copy()
                    ? "copying it there again is no copy"
                    : "Qdrant would answer OK and only drop the one on " + name(s.from()));
      }
      if (why != null) {
        throw new ScaleException(why + ". Placement now: " + p.describe(names));
      }
    }
  }

  private void start(RebalancePlan.Step s) throws IOException {
    if (s.copy()) {
      admin.replicate(node(), collection, s.shard(), s.from(), s.to(), method);
    } else {
      admin.move(node(), collection, s.shard(), s.from(), s.to(), method);
    }
  }

  private Placement placement() {
    return Placement.read(rest, restAddresses, collection);
  }

  /** The node operations go to: the first that answers now. */
  private String node() throws IOException {
    for (String a : restAddresses) {
      try {
        rest.getTextAsync(a, "/readyz").join();
        return a;
      } catch (RuntimeException e) {
        // the next one
      }
    }
    throw new IOException("no node answers on REST: " + restAddresses);
  }

  private String name(long peer) {
    return Placement.name(peer, names);
  }
}
