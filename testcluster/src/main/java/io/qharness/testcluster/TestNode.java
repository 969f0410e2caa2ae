package io.qharness.testcluster;

import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One node of the test cluster: a gRPC server with Qdrant's services and a small HTTP server
 * (metrics, cluster state, health) on loopback ports that stay fixed across restarts, so clients
 * see a stopped node exactly as a stopped Qdrant container: connection refused.
 */
public final class TestNode {
  private static final Logger LOG = LoggerFactory.getLogger(TestNode.class);

  private final int index;
  private final ClusterState cluster;
  private final TestCluster owner;
  private final NodeFaults faults = new NodeFaults();
  private final Object pauseLock = new Object();
  private final List<Runnable> parked = new ArrayList<>();
  private int grpcPort;
  private int restPort;
  private Server server;
  private NodeHttpServer http;
  private volatile NodeMetrics metrics = new NodeMetrics();
  private volatile long startedAtMillis;

  TestNode(int index, ClusterState cluster, TestCluster owner, int grpcPort, int restPort) {
    this.index = index;
    this.cluster = cluster;
    this.owner = owner;
    this.grpcPort = grpcPort;
    this.restPort = restPort;
  }

  public int index() {
    return index;
  }

  /** Qdrant-style peer id, stable across restarts. */
  public long peerId() {
    return cluster.peerIds[index];
  }

  public String name() {
    return "node" + (index + 1);
  }

  public int grpcPort() {
    return grpcPort;
  }

  public int restPort() {
    return restPort;
  }

  public String grpcAddress() {
    return "127.0.0.1:" + grpcPort;
  }

  public String restAddress() {
    return "127.0.0.1:" + restPort;
  }

  public NodeFaults faults() {
    return faults;
  }

  public boolean isUp() {
    return cluster.status(index) != ClusterState.NodeStatus.DOWN;
  }

  public boolean isPaused() {
    return cluster.status(index) == ClusterState.NodeStatus.PAUSED;
  }

  NodeMetrics metrics() {
    return metrics;
  }

  ClusterState cluster() {
    return cluster;
  }

  long startedAtMillis() {
    return startedAtMillis;
  }

  /** Starts (or restarts) the node; a returning node first catches its replicas up. */
  public synchronized TestNode start() {
    if (server != null) {
      return this;
    }
    cluster.join(index); // a spare's first start: it joins, holding no shard yet
    metrics = new NodeMetrics();
    // a process's counters start from zero, as Qdrant's per-segment search counters do
    cluster
        .collections
        .values()
        .forEach(
            c ->
                c.shards.forEach(
                    shard ->
                        shard.forEach(
                            r -> {
                              if (r.node == index) {
                                r.resetSearches();
                              }
                            })));
    Coordinator coordinator = new Coordinator(cluster, index);
    List<ServerServiceDefinition> services =
        List.of(
            new QdrantService(this).bindService(),
            new HealthService().bindService(),
            new CollectionsService(this, new CollectionRequests(coordinator)).bindService(),
            new PointsService(this, new PointWrites(coordinator), new PointReads(coordinator))
                .bindService());
    NettyServerBuilder b =
        NettyServerBuilder.forAddress(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), grpcPort))
            .executor(owner.executor())
            .maxInboundMessageSize(32 * 1024 * 1024);
    if (owner.tls() != null) {
      b.useTransportSecurity(owner.tls().certificateChain(), owner.tls().privateKey());
    }
    for (ServerServiceDefinition s : services) {
      b.addService(
          owner.apiKey() == null
              ? s
              : ServerInterceptors.intercept(s, new ApiKeyInterceptor(owner.apiKey())));
    }
    try {
      server = b.build().start();
      grpcPort = server.getPort();
      http = new NodeHttpServer(this, restPort, owner);
      restPort = http.port();
    } catch (IOException e) {
      if (server != null) {
        server.shutdownNow();
        server = null;
      }
      throw new IllegalArgumentException( // the ports asked for are taken: the caller's to change
          name()
              + " of the test cluster could not bind 127.0.0.1:"
              + grpcPort
              + " / "
              + restPort
              + " ("
              + e.getMessage()
              + "); choose free ports or 0 for ephemeral ones",
          e);
    }
    startedAtMillis = System.currentTimeMillis();
    cluster.setStatus(index, ClusterState.NodeStatus.UP);
    cluster.recoverReplicas(index);
    LOG.info(
        "qharness test cluster (Qdrant-compatible test double): {} up, gRPC {}, REST {}",
        name(),
        grpcAddress(),
        restAddress());
    return this;
  }

  /** Graceful stop: in-flight calls finish (up to 5 s), then the ports close. */
  public TestNode stop() {
    return halt(false);
  }

  /** Abrupt stop: in-flight calls are cut off, as with SIGKILL. */
  public TestNode kill() {
    return halt(true);
  }

  private synchronized TestNode halt(boolean abrupt) {
    if (server == null) {
      return this;
    }
    cluster.setStatus(index, ClusterState.NodeStatus.DOWN);
    releaseParked();
    if (abrupt) {
      server.shutdownNow();
    } else {
      server.shutdown();
    }
    try {
      if (!server.awaitTermination(5, TimeUnit.SECONDS)) {
        server.shutdownNow();
        server.awaitTermination(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    server = null;
    http.stop();
    http = null;
    LOG.info("qharness test cluster: {} {}", name(), abrupt ? "killed" : "stopped");
    return this;
  }

  /** Freezes the node: its calls hang until {@link #resume()}, its replicas serve nobody. */
  public TestNode pause() {
    synchronized (pauseLock) {
      if (server != null) {
        cluster.setStatus(index, ClusterState.NodeStatus.PAUSED);
      }
    }
    return this;
  }

  public TestNode resume() {
    synchronized (pauseLock) {
      if (cluster.status(index) == ClusterState.NodeStatus.PAUSED) {
        cluster.setStatus(index, ClusterState.NodeStatus.UP);
        cluster.recoverReplicas(index);
      }
    }
    releaseParked();
    return this;
  }

  private void releaseParked() {
    List<Runnable> toRun;
    synchronized (pauseLock) {
      toRun = new ArrayList<>(parked);
      parked.clear();
    }
    toRun.forEach(r -> owner.executor().execute(r));
  }

  /** Blocks an HTTP handler thread while the node is paused (a frozen process answers nothing). */
  void awaitUnpaused() {
    while (isPaused()) {
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /**
   * Runs one gRPC call through this node's faults and metrics: parked while paused, delayed by the
   * injected latency, failed by the injected error rate, timed into the endpoint's statistics.
   */
  <R> void handle(String endpoint, StreamObserver<R> observer, Callable<R> work) {
    final long received = System.nanoTime();
    final NodeMetrics m = metrics;
    Runnable run =
        () -> {
          Status.Code code = Status.Code.OK;
          try {
            Status injected = faults.injectedFailure(endpoint);
            if (injected != null) {
              code = injected.getCode();
              observer.onError(injected.asRuntimeException());
              return;
            }
            R response = work.call();
            observer.onNext(response);
            observer.onCompleted();
          } catch (StatusRuntimeException e) {
            code = e.getStatus().getCode();
            safeError(observer, e);
          } catch (FilterMatcher.UnsupportedFilterException e) {
            code = Status.Code.INVALID_ARGUMENT;
            safeError(
                observer,
                Status.INVALID_ARGUMENT
                    .withDescription("Wrong input: " + e.getMessage())
                    .asRuntimeException());
          } catch (Exception e) {
            code = Status.Code.INTERNAL;
            safeError(
                observer,
                Status.INTERNAL
                    .withDescription("Service internal error (qharness test cluster): " + e)
                    .asRuntimeException());
          } finally {
            m.record(endpoint, code.value(), System.nanoTime() - received);
          }
        };
    synchronized (pauseLock) {
      if (isPaused()) {
        parked.add(run);
        return;
      }
    }
    long delay = faults.latencyNanos();
    if (delay > 0) {
      owner.scheduler().schedule(run, delay, TimeUnit.NANOSECONDS);
    } else {
      run.run();
    }
  }

  private static void safeError(StreamObserver<?> observer, StatusRuntimeException e) {
    try {
      observer.onError(e);
    } catch (IllegalStateException | StatusRuntimeException ignored) {
      // the call was already cancelled by the client or by a node stop
    }
  }
}
