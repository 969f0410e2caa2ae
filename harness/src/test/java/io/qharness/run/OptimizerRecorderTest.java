package io.qharness.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.qharness.cluster.Optimizations.Optimization;
import io.qharness.cluster.Optimizations.Snapshot;
import io.qharness.cluster.QdrantRest;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class OptimizerRecorderTest {
  private static final Instant T0 = Instant.parse("2026-12-06T09:00:00Z");

  private static Optimization opt(String id, String optimizer, int atSecond, Double seconds) {
    return opt(T0, id, optimizer, atSecond, seconds);
  }

  private static Optimization opt(
      Instant base, String id, String optimizer, int atSecond, Double seconds) {
    return new Optimization(
        id,
        optimizer,
        seconds == null ? "optimizing" : "done",
        1000,
        base.plusSeconds(atSecond),
        seconds,
        seconds == null ? Map.of() : Map.of("vector_index", seconds * 0.8, "copy_data", 0.1));
  }

  @Test
  void eachOptimisationCountsOnceInThePhaseItStartedIn() {
    List<OptimizerRecorder.Mark> marks =
        List.of(
            new OptimizerRecorder.Mark("upload", T0),
            new OptimizerRecorder.Mark("index build", T0.plusSeconds(10)),
            new OptimizerRecorder.Mark("measured", T0.plusSeconds(20)),
            new OptimizerRecorder.Mark(null, T0.plusSeconds(30)));
    var phases =
        OptimizerRecorder.byPhase(
            List.of(
                opt("a", "indexing", 2, 4.0),
                opt("b", "indexing", 9, 6.0), // started in the upload, ended after it
                opt("c", "merge", 12, 1.5),
                opt("d", "indexing", -5, 1.0), // before the run: not counted
                opt("e", "vacuum", 35, 0.5)), // after the load: not counted
            marks);
    assertThat(phases)
        .extracting(OptimizerRecorder.PhaseOptimizations::phase)
        .containsExactly("upload", "index build", "measured");
    var upload = phases.get(0);
    assertThat(upload.optimizations()).isEqualTo(2);
    assertThat(upload.seconds()).isEqualTo(10.0);
    assertThat(upload.byOptimizer().get("indexing"))
        .isEqualTo(new OptimizerRecorder.Use(2, 10.0, 2000));
    assertThat(upload.stageSeconds())
        .containsEntry("vector_index", 8.0)
        .containsEntry("copy_data", 0.2);
    assertThat(phases.get(1).byOptimizer()).containsOnlyKeys("merge");
    assertThat(phases.get(2).optimizations()).isZero();
  }

  @Test
  void aRunningThenCompletedOptimisationCountsOnceAndTheOptimiserSettlesAfterIdleReadings() {
    OptimizerRecorder r = new OptimizerRecorder(null, List.of(), "c", n -> false);
    r.phase("upload");
    Instant now = Instant.now();
    r.add(new Snapshot(1, 500, List.of(opt(now, "a", "indexing", 0, null)), List.of()));
    assertThat(r.settled()).isFalse();
    Snapshot done = new Snapshot(0, 0, List.of(), List.of(opt(now, "a", "indexing", 0, 3.0)));
    r.add(done);
    r.add(done);
    assertThat(r.settled()).isFalse();
    r.add(done);
    assertThat(r.settled()).isTrue();
    OptimizerRecorder.Report report = r.report();
    assertThat(report.polls()).isEqualTo(4);
    assertThat(report.phases().get(0).optimizations()).isEqualTo(1);
    assertThat(report.phases().get(0).seconds()).isEqualTo(3.0);
    assertThat(OptimizerRecorder.lines(report))
        .containsExactly(
            "qharness: optimizer in upload: 1 optimisation(s), 3.00 s (indexing 1):"
                + " vector_index 2.40 s, copy_data 0.10 s");
    // a new phase starts the count again: the write that ended the last may have queued one
    r.phase("while optimizing");
    assertThat(r.settled()).isFalse();
  }

  @Test
  void aServerThatDoesNotAnswerIsSaidNotHidden() {
    assertThat(new OptimizerRecorder(null, List.of(), "c", n -> false).report())
        .as("never asked")
        .isNull();
    OptimizerRecorder r =
        new OptimizerRecorder(
            new QdrantRest(null, Duration.ofSeconds(2), null),
            List.of("127.0.0.1:1"),
            "c",
            n -> false);
    r.readOnce();
    OptimizerRecorder.Report report = r.report();
    assertThat(report.polls()).isZero();
    assertThat(report.note())
        .startsWith("the optimizations endpoint (Qdrant 1.17+) did not answer: 127.0.0.1:1");
    assertThat(OptimizerRecorder.lines(report))
        .singleElement()
        .asString()
        .contains("did not answer");
  }

  @Test
  void aNodeTakenDownOnPurposeIsNotAskedAndNoNodeLeftIsNoFailure() throws Exception {
    List<HttpServer> nodes = new ArrayList<>();
    List<AtomicInteger> asked = new ArrayList<>();
    List<String> addresses = new ArrayList<>();
    try {
      for (int i = 0; i < 2; i++) {
        AtomicInteger calls = new AtomicInteger();
        HttpServer node = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        node.createContext(
            "/",
            x -> {
              calls.incrementAndGet();
              byte[] idle =
                  "{\"result\":{\"summary\":{\"queued_optimizations\":0},\"running\":[]}}"
                      .getBytes(StandardCharsets.UTF_8);
              x.sendResponseHeaders(200, idle.length);
              x.getResponseBody().write(idle);
              x.close();
            });
        node.start();
        nodes.add(node);
        asked.add(calls);
        addresses.add("127.0.0.1:" + node.getAddress().getPort());
      }
      Set<Integer> down = new HashSet<>();
      OptimizerRecorder r =
          new OptimizerRecorder(
              new QdrantRest(null, Duration.ofSeconds(2), null), addresses, "c", down::contains);
      r.readOnce();
      assertThat(asked.get(0)).as("node1 answers first").hasValue(1);
      down.add(1); // stopped by a fault: a poll would keep its connection busy while it stops
      r.readOnce();
      assertThat(asked.get(0)).as("node1 is left alone").hasValue(1);
      assertThat(asked.get(1)).hasValue(1);
      down.add(2);
      r.readOnce();
      assertThat(r.report().polls()).isEqualTo(2);
      assertThat(r.report().note()).as("nobody asked, nothing failed").isNull();
    } finally {
      nodes.forEach(n -> n.stop(0));
    }
  }
}
