package io.qharness.grpc;

import io.grpc.CallOptions;
import io.grpc.Status;
import io.grpc.stub.ClientCalls;
import io.qdrant.client.grpc.Collections.ListCollectionsRequest;
import io.qdrant.client.grpc.CollectionsGrpc;
import io.qdrant.client.grpc.QdrantGrpc;
import io.qdrant.client.grpc.QdrantOuterClass.HealthCheckReply;
import io.qdrant.client.grpc.QdrantOuterClass.HealthCheckRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/** The nodes of the target cluster, with start-up probing. */
public final class QdrantNodes implements AutoCloseable {
  private final List<QdrantNode> nodes;
  private final ConnectionSettings settings;
  private final IoLanes lanes;
  private final AtomicInteger nextLane = new AtomicInteger();

  public QdrantNodes(List<NodeAddress> addresses, ConnectionSettings settings) {
    if (addresses.isEmpty()) {
      throw new IllegalArgumentException("no Qdrant node address given");
    }
    this.settings = settings;
    this.lanes = new IoLanes(settings.ioThreads());
    List<QdrantNode> list = new ArrayList<>(addresses.size());
    for (int i = 0; i < addresses.size(); i++) {
      list.add(new QdrantNode(i, addresses.get(i), settings, lanes));
    }
    this.nodes = List.copyOf(list);
  }

  public List<QdrantNode> all() {
    return nodes;
  }

  public QdrantNode get(int i) {
    return nodes.get(i);
  }

  public int size() {
    return nodes.size();
  }

  public ConnectionSettings settings() {
    return settings;
  }

  /** A lane for a new paced driver, round-robin over the network threads. */
  public int assignLane() {
    return (nextLane.getAndIncrement() & Integer.MAX_VALUE) % lanes.size();
  }

  /** The network thread of a lane: drivers scheduled on it send without a thread hand-over. */
  public ScheduledExecutorService laneExecutor(int lane) {
    return lanes.loop(lane);
  }

  /** What a probe found on one node. */
  public record Probe(QdrantNode node, HealthCheckReply health, String failure) {
    public boolean reachable() {
      return health != null;
    }
  }

  /**
   * Checks every node in parallel: a health check (reachability, version) and a collection listing
   * (authentication). Returns one result per node; never throws for a node's failure.
   */
  public List<Probe> probe(long timeoutMillis) {
    return probe(timeoutMillis, nodes.size());
  }

  /**
   * As {@link #probe(long)}, for the first {@code count} nodes only (the others, on standby, are
   * not running yet: a failed connection would leave their channels backing off).
   */
  public List<Probe> probe(long timeoutMillis, int count) {
    List<QdrantNode> nodes = this.nodes.subList(0, count);
    List<Future<HealthCheckReply>> health = new ArrayList<>();
    for (QdrantNode n : nodes) {
      health.add(
          ClientCalls.futureUnaryCall(
              n.channel().newCall(QdrantGrpc.getHealthCheckMethod(), deadline(timeoutMillis)),
              HealthCheckRequest.getDefaultInstance()));
    }
    List<Probe> out = new ArrayList<>();
    for (int i = 0; i < nodes.size(); i++) {
      QdrantNode n = nodes.get(i);
      try {
        HealthCheckReply reply = health.get(i).get(timeoutMillis + 1000, TimeUnit.MILLISECONDS);
        String authFailure = checkAuth(n, timeoutMillis);
        out.add(authFailure == null ? new Probe(n, reply, null) : new Probe(n, null, authFailure));
      } catch (ExecutionException e) {
        out.add(
            new Probe(
                n, null, GrpcFailures.describe(e.getCause(), n, Duration.ofMillis(timeoutMillis))));
      } catch (TimeoutException e) {
        out.add(
            new Probe(
                n,
                null,
                "node "
                    + n.address()
                    + " did not answer a health check within "
                    + timeoutMillis
                    + " ms"));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        out.add(new Probe(n, null, "interrupted while probing " + n.address()));
      }
    }
    return out;
  }

  private String checkAuth(QdrantNode n, long timeoutMillis) throws InterruptedException {
    try {
      ClientCalls.futureUnaryCall(
              n.channel().newCall(CollectionsGrpc.getListMethod(), deadline(timeoutMillis)),
              ListCollectionsRequest.getDefaultInstance())
          .get(timeoutMillis + 1000, TimeUnit.MILLISECONDS);
      return null;
    } catch (ExecutionException e) {
      Status s = Status.fromThrowable(e.getCause());
      if (s.getCode() == Status.Code.UNAUTHENTICATED
          || s.getCode() == Status.Code.PERMISSION_DENIED) {
        return GrpcFailures.describe(e.getCause(), n, null);
      }
      return null;
    } catch (TimeoutException e) {
      return null;
    }
  }

  private static CallOptions deadline(long millis) {
    return CallOptions.DEFAULT.withDeadlineAfter(millis, TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() {
    nodes.forEach(QdrantNode::shutdown);
    lanes.close();
  }
}
