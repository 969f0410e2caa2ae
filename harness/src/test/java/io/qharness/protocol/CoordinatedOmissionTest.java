package io.qharness.protocol;

import static io.qharness.protocol.Qdrant.qdrant;
import static org.assertj.core.api.Assertions.assertThat;

import io.qharness.metrics.OperationSummary;
import io.qharness.testcluster.TestCluster;
import io.qharness.workload.vectors.VectorDistance;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A stall must show up as latency. Paced (open model) requests are measured from their intended
 * start; a closed loop, one request at a time, lets a stall hide behind a single slow sample.
 */
class CoordinatedOmissionTest {
  private static final int DIM = 4;
  private TestCluster cluster;
  private ScheduledExecutorService timer;

  @BeforeEach
  void setUp() {
    cluster = TestCluster.builder().nodes(1).build().start();
    timer = Executors.newSingleThreadScheduledExecutor();
    try (GatlingRuntime g = runtime()) {
      assertThat(
              g.run(
                      qdrant("create")
                          .createCollection()
                          .vectorSize(DIM)
                          .distance(VectorDistance.DOT.toProto())
                          .shards(1)
                          .replicationFactor(1))
                  .only()
                  .ok())
          .isTrue();
      assertThat(
              g.run(
                      qdrant("load")
                          .upsert()
                          .points(s -> Vectors.points(Vectors.random(100, DIM, 1), 0)))
                  .only()
                  .ok())
          .isTrue();
    }
  }

  @AfterEach
  void tearDown() {
    timer.shutdownNow();
    cluster.close();
  }

  private GatlingRuntime runtime() {
    return new GatlingRuntime(
        qdrant().hosts(List.of(cluster.node(0).grpcAddress())).collection("c"));
  }

  private static OperationSummary summary(GatlingRuntime g, String op) {
    g.components().metrics().sample();
    return g.components().metrics().summary().operation(op);
  }

  private void pauseServer(long afterMs, long forMs) {
    timer.schedule(() -> cluster.node(0).pause(), afterMs, TimeUnit.MILLISECONDS);
    timer.schedule(() -> cluster.node(0).resume(), afterMs + forMs, TimeUnit.MILLISECONDS);
  }

  @Test
  void aServerStallShowsInTheOpenModelButHidesInAClosedLoop() {
    float[] q = new float[] {1, 0, 0, 0};
    OperationSummary open;
    try (GatlingRuntime g = runtime()) {
      pauseServer(500, 600);
      g.run(qdrant("open").search().vector(q).paced(OpenLoad.constant(100, Duration.ofSeconds(2))));
      open = summary(g, "open");
    }
    OperationSummary closed;
    try (GatlingRuntime g = runtime()) {
      pauseServer(500, 600);
      long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
      while (System.nanoTime() < end) {
        g.run(qdrant("closed").search().vector(q));
      }
      closed = summary(g, "closed");
    }
    // open model: every request scheduled during the 600 ms stall waits for it (up to ~600 ms)
    assertThat(open.count()).isEqualTo(200);
    assertThat(open.errors()).isZero();
    assertThat(open.latencyOrigin()).isEqualTo("INTENDED_START");
    assertThat(open.maxMicros()).isGreaterThan(500_000);
    assertThat(open.p90Micros()).as("p90 of the open model").isGreaterThan(150_000);
    // closed loop: the one request caught by the stall is slow, the percentiles look healthy
    assertThat(closed.maxMicros()).isGreaterThan(500_000);
    // (relative to the open model's and to the stall, not a fixed figure: the machine may be busy)
    assertThat(closed.p90Micros())
        .as("p90 of the closed loop")
        .isLessThan(open.p90Micros() / 2)
        .isLessThan(300_000);
    assertThat(closed.latencyOrigin()).isEqualTo("SEND_TIME");
  }

  @Test
  void anInjectorStallIsMeasuredFromTheIntendedStart() {
    float[] q = new float[] {0, 1, 0, 0};
    try (GatlingRuntime g = runtime()) {
      timer.schedule(() -> g.stallEventLoops(400), 300, TimeUnit.MILLISECONDS);
      g.run(
          qdrant("paced").search().vector(q).paced(OpenLoad.constant(200, Duration.ofSeconds(1))));
      OperationSummary s = summary(g, "paced");
      assertThat(s.count()).isEqualTo(200);
      // the healthy server answers in about a millisecond, yet the requests held back by the
      // blocked injector carry the wait
      assertThat(s.maxMicros()).isGreaterThan(300_000);
      assertThat(s.p50Micros()).isLessThan(50_000);
    }
  }
}
