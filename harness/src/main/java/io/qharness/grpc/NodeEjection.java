package io.qharness.grpc;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.Status;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.StreamObserver;
import io.qdrant.client.grpc.QdrantGrpc;
import io.qdrant.client.grpc.QdrantOuterClass.HealthCheckReply;
import io.qdrant.client.grpc.QdrantOuterClass.HealthCheckRequest;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs outlier ejection for a cluster's nodes: a watchdog thread ticks {@link NodeHealth}, an
 * ejected node is reconnected (its stuck calls fail at once, to be retried elsewhere), and is
 * probed with a health check on every one of its new connections until all answer, which re-admits
 * it.
 */
public final class NodeEjection implements AutoCloseable {
  private final QdrantNodes nodes;
  private final NodeHealth health;
  private final long probeTimeoutMillis;
  private final ScheduledExecutorService watchdog;

  /**
   * @param listener told of ejections (after the node is reconnected) and re-admissions
   * @param probeTimeout how long a health probe may take (at most a second is used)
   */
  public NodeEjection(
      QdrantNodes nodes,
      EjectionPolicy policy,
      Duration probeTimeout,
      NodeHealth.Listener listener) {
    this.nodes = nodes;
    this.probeTimeoutMillis = Math.max(50, Math.min(1000, probeTimeout.toMillis()));
    this.health =
        new NodeHealth(
            nodes.size(),
            policy,
            new NodeHealth.Listener() {
              @Override
              public void ejected(int node, String reason) {
                nodes.get(node).reconnect();
                listener.ejected(node, reason);
              }

              @Override
              public void readmitted(int node, String how, long ejectedNanos) {
                listener.readmitted(node, how, ejectedNanos);
              }
            });
    if (policy.enabled() && nodes.size() > 1) {
      this.watchdog =
          Executors.newSingleThreadScheduledExecutor(
              r -> {
                Thread t = new Thread(r, "qharness-node-health");
                t.setDaemon(true);
                return t;
              });
      long period = health.tickNanos();
      watchdog.scheduleAtFixedRate(this::tick, period, period, TimeUnit.NANOSECONDS);
    } else {
      this.watchdog = null;
    }
  }

  public NodeHealth health() {
    return health;
  }

  private void tick() {
    for (int node : health.tick(System.nanoTime())) {
      probe(node);
    }
  }

  /** A health check on each of the node's connections; the node is answering when all answer. */
  private void probe(int node) {
    nodes.get(node).resetBackoff();
    List<Channel> channels = nodes.get(node).channels();
    AtomicInteger left = new AtomicInteger(channels.size());
    AtomicReference<String> failure = new AtomicReference<>();
    for (Channel c : channels) {
      ClientCalls.asyncUnaryCall(
          c.newCall(
              QdrantGrpc.getHealthCheckMethod(),
              CallOptions.DEFAULT.withDeadlineAfter(probeTimeoutMillis, TimeUnit.MILLISECONDS)),
          HealthCheckRequest.getDefaultInstance(),
          new StreamObserver<HealthCheckReply>() {
            @Override
            public void onNext(HealthCheckReply value) {}

            @Override
            public void onError(Throwable t) {
              failure.compareAndSet(null, Status.fromThrowable(t).getCode().name());
              done();
            }

            @Override
            public void onCompleted() {
              done();
            }

            private void done() {
              if (left.decrementAndGet() == 0) {
                String f = failure.get();
                health.probed(
                    node,
                    System.nanoTime(),
                    f == null,
                    f == null
                        ? "a health check answered on "
                            + (channels.size() == 1
                                ? "its new connection"
                                : "each of its " + channels.size() + " new connections")
                        : f);
              }
            }
          });
    }
  }

  @Override
  public void close() {
    if (watchdog != null) {
      watchdog.shutdownNow();
    }
  }
}
