package io.qharness.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.qharness.testsupport.LocalPushgateway;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Pushgateway export against Debian's real Pushgateway. */
class PushgatewayExporterIT {
  @TempDir Path dir;

  private static PushgatewayExporter exporter(String address, String runId, boolean keep) {
    return new PushgatewayExporter(
        new PushgatewayExporter.Options(
            address,
            "qharness",
            runId,
            "injector-1",
            Map.of("workload", "Test", "target", "embedded-test-double"),
            keep,
            Duration.ZERO,
            Duration.ofSeconds(2),
            "2"));
  }

  private static void record(RunMetrics m) {
    OperationMetrics search = m.operation("search");
    long t = 1_000_000_000L;
    for (int i = 1; i <= 1000; i++) {
      search.record(i % 2, true, t, t + i * 1_000L); // 1 µs .. 1 ms
      search.recordRecall(i % 2, 0.9);
    }
    search.record(0, false, t, t + 2_000_000L);
  }

  private static boolean hasSample(String exposition, String name, String... labelPairs) {
    return exposition
        .lines()
        .filter(l -> l.startsWith(name + "{"))
        .anyMatch(
            l -> {
              for (int i = 0; i < labelPairs.length; i += 2) {
                if (!l.contains(labelPairs[i] + "=\"" + labelPairs[i + 1] + "\"")) {
                  return false;
                }
              }
              return true;
            });
  }

  private static void awaitPushes(PushgatewayExporter e, long n) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 10_000;
    while (e.pushes() < n && System.currentTimeMillis() < deadline) {
      Thread.sleep(20);
    }
  }

  /**
   * Each test's gateway starts empty: Debian's build persists to a file under /var/lib by default,
   * and a gateway started after a run that kept its series (pushKeep) served them to the next test.
   */
  @Test
  void aGatewayStartsWithoutTheSeriesAnEarlierOnePersisted() throws Exception {
    try (LocalPushgateway first = LocalPushgateway.start(dir.resolve("first"))) {
      HttpResponse<String> put =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create(first.url() + "/metrics/job/isolation"))
                      .PUT(HttpRequest.BodyPublishers.ofString("qharness_isolation_probe 1\n"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
      assertThat(first.metrics()).contains("qharness_isolation_probe");
    }
    try (LocalPushgateway second = LocalPushgateway.start(dir.resolve("second"))) {
      assertThat(second.metrics()).doesNotContain("qharness_isolation_probe");
    }
  }

  @Test
  void pushesPerOperationAndNodeUnderTheRunsGroupingKeyThenDeletesIt() throws Exception {
    try (LocalPushgateway gateway = LocalPushgateway.start(dir.resolve("pgw"))) {
      RunMetrics m = new RunMetrics(List.of("127.0.0.1:6334", "127.0.0.1:6344"));
      PushgatewayExporter e = exporter(gateway.address(), "run-1", false);
      e.offeredRate("search", 100);
      e.started(m);
      record(m);
      e.interval(m.sample());
      awaitPushes(e, 2);
      String pushed = gateway.metrics();
      String[] group = {
        "job", "qharness", "run_id", "run-1", "instance", "injector-1", "injector", "2"
      };
      assertThat(
              hasSample(
                  pushed,
                  "qharness_latency_seconds",
                  concat(
                      group, "operation", "search", "node", "127.0.0.1:6334", "quantile", "0.99")))
          .isTrue();
      assertThat(
              hasSample(
                  pushed,
                  "qharness_latency_seconds",
                  concat(group, "operation", "search", "node", "all", "quantile", "1")))
          .isTrue();
      assertThat(
              hasSample(
                  pushed,
                  "qharness_requests_total",
                  concat(group, "operation", "search", "node", "127.0.0.1:6334", "outcome", "ko")))
          .isTrue();
      assertThat(hasSample(pushed, "qharness_throughput_rps", concat(group, "operation", "search")))
          .isTrue();
      assertThat(
              hasSample(
                  pushed,
                  "qharness_recall",
                  concat(group, "operation", "search", "node", "all", "stat", "mean")))
          .isTrue();
      assertThat(hasSample(pushed, "qharness_run_info", concat(group, "workload", "Test")))
          .isTrue();
      assertThat(
              hasSample(pushed, "qharness_offered_rate_rps", concat(group, "operation", "search")))
          .isTrue();
      // the p99 of 1..1000 µs (all nodes) is 0.99 ms
      String p99 =
          pushed
              .lines()
              .filter(
                  l ->
                      l.startsWith("qharness_latency_seconds{")
                          && l.contains("node=\"all\"")
                          && l.contains("quantile=\"0.99\""))
              .findFirst()
              .orElseThrow();
      assertThat(Double.parseDouble(p99.substring(p99.lastIndexOf(' ') + 1)))
          .isBetween(0.000985, 0.000995);

      // the same latencies as buckets, which sum across injectors: 500 of 1..1000 µs are at most
      // 0.5 ms
      assertThat(bucket(pushed, 0.0005)).isEqualTo(500);
      assertThat(bucket(pushed, 0.001)).isEqualTo(1000);
      assertThat(bucket(pushed, 0.0001)).isEqualTo(100);
      assertThat(bucket(pushed, Double.POSITIVE_INFINITY)).isEqualTo(1000);

      e.ended(m.summary());
      assertThat(e.failures()).isZero();
      assertThat(gateway.metrics()).doesNotContain("run_id=\"run-1\"");
    }
  }

  /**
   * The cumulative count of the search latency bucket with upper bound {@code le}, as the
   * Pushgateway serves it.
   */
  private static long bucket(String exposition, double le) {
    return exposition
        .lines()
        .filter(
            l ->
                l.startsWith("qharness_request_duration_seconds_bucket{")
                    && l.contains("operation=\"search\""))
        .filter(
            l -> {
              String v = l.replaceAll(".*le=\"([^\"]+)\".*", "$1");
              return v.equals("+Inf") ? Double.isInfinite(le) : Double.parseDouble(v) == le;
            })
        .mapToLong(l -> (long) Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no bucket le=" + le + " in\n" + exposition));
  }

  @Test
  void aKeptGroupStaysAfterTheRun() throws Exception {
    try (LocalPushgateway gateway = LocalPushgateway.start(dir.resolve("pgw"))) {
      RunMetrics m = new RunMetrics(List.of("n1", "n2"));
      PushgatewayExporter e = exporter(gateway.address(), "run-kept", true);
      e.started(m);
      record(m);
      e.interval(m.sample());
      e.ended(m.summary());
      String pushed = gateway.metrics();
      assertThat(hasSample(pushed, "qharness_run_end_time_seconds", "run_id", "run-kept")).isTrue();
      String end =
          pushed
              .lines()
              .filter(l -> l.startsWith("qharness_run_end_time_seconds{") && l.contains("run-kept"))
              .findFirst()
              .orElseThrow();
      assertThat(Double.parseDouble(end.substring(end.lastIndexOf(' ') + 1))).isGreaterThan(1.7e9);

      // the metrics guide documents every metric a run pushes
      String readme = Files.readString(Path.of("..", "docs", "metrics-and-dashboards.md"));
      Set<String> names = new TreeSet<>();
      pushed
          .lines()
          .filter(l -> l.startsWith("qharness_"))
          .forEach(l -> names.add(l.substring(0, l.indexOf('{'))));
      assertThat(names)
          .contains(
              "qharness_latency_seconds",
              "qharness_run_latency_seconds",
              "qharness_requests_total");
      for (String name : names) {
        assertThat(readme)
            .as("docs/metrics-and-dashboards.md documents " + name)
            .contains("`" + name + "`");
      }
    }
  }

  @Test
  void aPushgatewayThatIsDownBreaksNothing() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    RunMetrics m = new RunMetrics(List.of("n1", "n2"));
    PushgatewayExporter e = exporter("127.0.0.1:" + port, "run-down", false);
    e.started(m);
    for (int i = 0; i < 20; i++) {
      record(m);
      e.interval(m.sample());
    }
    e.ended(m.summary());
    assertThat(e.failures()).isPositive();
    assertThat(e.pushes()).isZero();
  }

  @Test
  void aPushgatewayThatHangsNeverHoldsUpTheIntervalCallbacks() throws Exception {
    RunMetrics m = new RunMetrics(List.of("n1", "n2"));
    ServerSocket hanging = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    List<Socket> accepted = new CopyOnWriteArrayList<>();
    Thread acceptor =
        new Thread(
            () -> {
              try {
                while (true) {
                  accepted.add(hanging.accept()); // and never answer
                }
              } catch (IOException closed) {
                // the test is over
              }
            });
    acceptor.setDaemon(true);
    acceptor.start();
    PushgatewayExporter e =
        new PushgatewayExporter(
            new PushgatewayExporter.Options(
                "127.0.0.1:" + hanging.getLocalPort(),
                "qharness",
                "run-hang",
                "injector-1",
                Map.of(),
                true,
                Duration.ZERO,
                Duration.ofSeconds(20),
                null));
    try {
      e.started(m);
      for (int i = 0; i < 20; i++) {
        record(m);
        e.interval(m.sample());
      }
      // nothing has answered and nothing has timed out: a callback that waited for its push
      // could not have returned
      assertThat(e.pushes()).isZero();
      assertThat(e.failures()).isZero();
    } finally {
      hanging.close(); // accept no more, then drop what was accepted: the pushes fail at once
      acceptor.join(5_000);
      for (Socket s : accepted) {
        s.close();
      }
    }
    e.ended(m.summary());
    assertThat(e.failures()).isPositive();
  }

  private static String[] concat(String[] a, String... b) {
    String[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
