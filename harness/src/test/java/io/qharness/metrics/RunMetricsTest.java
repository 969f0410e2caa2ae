package io.qharness.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RunMetricsTest {

  /** The nearest-rank percentile of sorted values. */
  private static long percentile(long[] sorted, double p) {
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.max(0, rank - 1)];
  }

  @Test
  void percentilesFromTheRecordersMatchADirectComputation() {
    RunMetrics m = new RunMetrics(List.of("n1", "n2"));
    OperationMetrics op = m.operation("search");
    SplittableRandom r = new SplittableRandom(3);
    long[] values = new long[50_000];
    long t = 1_000_000_000L;
    for (int i = 0; i < values.length; i++) {
      // log-normal-ish latencies from 50 µs to ~1 s
      values[i] = (long) Math.exp(r.nextDouble(Math.log(50), Math.log(1_000_000)));
      op.record(i % 2, true, t, t + values[i] * 1000);
      if (i % 10_000 == 0) {
        m.sample(); // values spread over several intervals
      }
    }
    op.record(0, false, t, t + 5_000_000);
    m.sample();
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    OperationSummary s = m.summary().operation("search");
    assertThat(s.count()).isEqualTo(50_001);
    assertThat(s.errors()).isEqualTo(1);
    // HdrHistogram with 3 significant digits: within 0.1 % of the exact value
    assertThat((double) s.p50Micros())
        .isCloseTo(percentile(sorted, 50), within(percentile(sorted, 50) * 0.001 + 1));
    assertThat((double) s.p90Micros())
        .isCloseTo(percentile(sorted, 90), within(percentile(sorted, 90) * 0.001 + 1));
    assertThat((double) s.p99Micros())
        .isCloseTo(percentile(sorted, 99), within(percentile(sorted, 99) * 0.001 + 1));
    assertThat((double) s.p999Micros())
        .isCloseTo(percentile(sorted, 99.9), within(percentile(sorted, 99.9) * 0.001 + 1));
    assertThat((double) s.maxMicros())
        .isCloseTo(sorted[sorted.length - 1], within(sorted[sorted.length - 1] * 0.001 + 1));
    assertThat(s.nodes())
        .extracting(OperationSummary.NodeSummary::node)
        .containsExactly("n1", "n2");
    assertThat(s.nodes().get(0).count() + s.nodes().get(1).count()).isEqualTo(50_001);
  }

  @Test
  void recallIsSummarisedAsMeanLowTailAndMinimum() {
    RunMetrics m = new RunMetrics(List.of("n1"));
    OperationMetrics op = m.operation("search");
    for (int i = 0; i < 100; i++) {
      op.recordRecall(0, i < 10 ? 0.5 : 1.0);
    }
    m.sample();
    OperationSummary s = m.summary().operation("search");
    assertThat(s.recallMean()).isCloseTo(0.95, within(1e-4));
    assertThat(s.recallMin()).isCloseTo(0.5, within(1e-4));
    assertThat(s.recallP5()).isCloseTo(0.5, within(1e-4));
    assertThat(s.recallSamples()).isEqualTo(100);
  }

  @Test
  void serverTimeIsSummarisedBesideTheClientsLatencyPerOperationAndNode() {
    RunMetrics m = new RunMetrics(List.of("n1", "n2"));
    OperationMetrics op = m.operation("search");
    long t = 1_000_000_000L;
    for (int i = 0; i < 1000; i++) {
      op.record(i % 2, true, t, t + 5_000_000); // 5 ms at the client
      op.recordServerTime(i % 2, i % 2 == 0 ? 0.002 : 0.003); // 2 or 3 ms inside Qdrant
    }
    op.recordServerTime(0, Double.NaN); // a response without a time
    op.recordServerTime(0, -1);
    m.sample();
    OperationSummary s = m.summary().operation("search");
    assertThat(s.serverTime().samples()).isEqualTo(1000);
    assertThat((double) s.serverTime().p50Micros()).isCloseTo(2000, within(2.0));
    assertThat((double) s.serverTime().p99Micros()).isCloseTo(3000, within(3.0));
    assertThat(s.serverTime().meanMicros()).isCloseTo(2500, within(3.0));
    assertThat(s.nodes().get(0).serverTime().p50Micros()).isCloseTo(2000, within(2L));
    assertThat(s.nodes().get(1).serverTime().p50Micros()).isCloseTo(3000, within(3L));
    assertThat(s.p50Micros() - s.serverTime().p50Micros())
        .as("the client's share: network, client, queueing")
        .isCloseTo(3000, within(10L));
    assertThat(m.summary().toTable())
        .contains("server time (as the nodes report it) beside client latency")
        .containsPattern("search\\s+all\\s+2\\.00\\d\\s+3\\.00\\d\\s+5\\.00\\d");

    RunMetrics without = new RunMetrics(List.of("n1"));
    without.operation("count").record(0, true, t, t + 1_000_000);
    without.sample();
    assertThat(without.summary().operation("count").serverTime())
        .as("no server time measured: null, not zero")
        .isNull();
  }

  @Test
  void throughputIsOverTheOperationsActiveWindow() {
    RunMetrics m = new RunMetrics(List.of("n1"));
    OperationMetrics op = m.operation("upsert");
    long t0 = 5_000_000_000L;
    for (int i = 0; i < 100; i++) {
      long start = t0 + i * 20_000_000L; // every 20 ms for 2 s
      op.record(0, true, start, start + 1_000_000);
    }
    m.sample();
    OperationSummary s = m.summary().operation("upsert");
    assertThat(s.activeSeconds()).isCloseTo(1.981, within(0.001));
    assertThat(s.throughputPerSec()).isCloseTo(100 / 1.981, within(0.01));
  }

  @Test
  void theTableShowsNoRateForASingleCall() {
    RunMetrics m = new RunMetrics(List.of("n1"));
    m.operation("wait for green").record(0, true, 1_000_000_000L, 1_012_000_000L);
    OperationMetrics op = m.operation("upsert");
    for (int i = 0; i < 100; i++) {
      long start = 5_000_000_000L + i * 20_000_000L;
      op.record(0, true, start, start + 1_000_000);
    }
    m.sample();
    String[] lines = m.summary().toTable().split("\\R");
    String wait =
        Arrays.stream(lines).filter(l -> l.startsWith("wait for green ")).findFirst().orElseThrow();
    String upsert =
        Arrays.stream(lines).filter(l -> l.startsWith("upsert ")).findFirst().orElseThrow();
    assertThat(wait.trim().split("\\s+")[5]).as(wait).isEqualTo("-");
    assertThat(upsert.trim().split("\\s+")[3]).as(upsert).isEqualTo("50.5");
  }

  @Test
  void eachNodesShareOfCallsAndServerTimeAndTheImbalanceAreSummarised() {
    RunMetrics m = new RunMetrics(List.of("n1", "n2", "n3"));
    OperationMetrics op = m.operation("search");
    for (int i = 0; i < 300; i++) {
      int node = i < 150 ? 0 : i < 225 ? 1 : 2; // 150, 75, 75
      op.record(node, true, 0, 1_000_000);
      op.recordServerTime(node, 0.002);
    }
    m.sample();
    RunSummary s = m.summary();
    assertThat(s.nodeLoad()).extracting(RunSummary.NodeLoad::calls).containsExactly(150L, 75L, 75L);
    assertThat(s.nodeLoad().get(0).callShare()).isCloseTo(0.5, within(1e-9));
    assertThat(s.nodeLoad().get(0).serverShare()).isCloseTo(0.5, within(1e-3));
    assertThat(s.imbalance()).as("150 / mean 100").isCloseTo(1.5, within(1e-9));
    assertThat(s.toTable())
        .contains("load per coordinator node")
        .contains("imbalance (busiest node's calls / mean of the nodes that took calls): 1.50");
  }

  @Test
  void bytesPerResponseAreTheMeanOfTheSuccessfulResponses() {
    RunMetrics m = new RunMetrics(List.of("n1"));
    OperationMetrics search = m.operation("search");
    m.operation("upsert").record(0, true, 0, 1000);
    for (int bytes : new int[] {300, 500, 700}) {
      search.record(0, true, 0, 1000);
      search.recordResponseBytes(bytes);
    }
    m.sample();
    assertThat(m.summary().operation("search").meanResponseBytes()).isEqualTo(500.0);
    assertThat(m.summary().operation("upsert").meanResponseBytes()).isNull();
    assertThat(m.summary().toTable()).doesNotContain("bytes per response"); // no recall: no search
  }

  @Test
  void callsInFlightAreAveragedOverEachInterval() {
    RunMetrics m = new RunMetrics(List.of("n1"));
    assertThat(m.sample().meanInFlight()).isNaN();
    m.inFlight(2);
    m.inFlight(4);
    assertThat(m.sample().meanInFlight()).isEqualTo(3.0);
    assertThat(m.sample().meanInFlight()).as("reset each interval").isNaN();
  }
}
