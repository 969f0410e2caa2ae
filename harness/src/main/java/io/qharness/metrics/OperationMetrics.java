package io.qharness.metrics;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Recorder;

/**
 * The hot-path recording side of one operation (one Gatling request name): wait-free HdrHistogram
 * recorders per node and outcome for latency in microseconds, per node for the server's own
 * processing time (the {@code time} every Qdrant response carries), and per node for recall@k.
 * Nothing is allocated per request.
 */
public final class OperationMetrics {
  /**
   * Recall is recorded as an integer in units of 1/RECALL_SCALE. Below 2048 an HdrHistogram with
   * three significant digits has unit-wide buckets, so recall is kept exactly to 0.001.
   */
  public static final int RECALL_SCALE = 1_000;

  private final String name;
  private final Recorder[] ok;
  private final Recorder[] ko;
  private final Recorder[] recall;
  private final Recorder[] server;
  private final LongAdder retries = new LongAdder();
  private final LongAdder items = new LongAdder();
  private final LongAdder responseBytes = new LongAdder();
  private final LongAdder responses = new LongAdder();
  private final LongAdder recallBelowThreshold = new LongAdder();
  private volatile LatencyOrigin origin = LatencyOrigin.SEND_TIME;

  /** Active window of the operation (first start, last end), for its throughput. */
  private final AtomicLong firstStartNanos = new AtomicLong();

  private final LongAccumulator lastEndNanos = new LongAccumulator(Math::max, Long.MIN_VALUE);

  OperationMetrics(String name, int nodes) {
    this.name = name;
    this.ok = new Recorder[nodes];
    this.ko = new Recorder[nodes];
    this.recall = new Recorder[nodes];
    this.server = new Recorder[nodes];
    for (int i = 0; i < nodes; i++) {
      ok[i] = new Recorder(3);
      ko[i] = new Recorder(3);
      recall[i] = new Recorder(3);
      server[i] = new Recorder(3);
    }
  }

  public String name() {
    return name;
  }

  int nodes() {
    return ok.length;
  }

  public LatencyOrigin origin() {
    return origin;
  }

  public void origin(LatencyOrigin o) {
    this.origin = o;
  }

  /**
   * Records one completed call that started at {@code startNanos} and ended at {@code endNanos}.
   */
  public void record(int node, boolean success, long startNanos, long endNanos) {
    if (firstStartNanos.get() == 0) {
      firstStartNanos.compareAndSet(0, startNanos);
    }
    lastEndNanos.accumulate(endNanos);
    (success ? ok : ko)[node].recordValue(Math.max(0, (endNanos - startNanos) / 1000));
  }

  /** Seconds between the first recorded start and the last recorded end; 0 before any record. */
  double activeSeconds() {
    long first = firstStartNanos.get();
    long last = lastEndNanos.get();
    return first == 0 || last == Long.MIN_VALUE ? 0 : Math.max(0, last - first) / 1e9;
  }

  /**
   * Records the processing time the server reported for a successful call, in seconds as Qdrant
   * sends it; negative or NaN (no time in the response) is ignored.
   */
  /** The size of a successful response as it was encoded on the wire (protobuf bytes). */
  public void recordResponseBytes(int bytes) {
    responseBytes.add(bytes);
    responses.increment();
  }

  /** Mean bytes per successful response, null before any. */
  Double meanResponseBytes() {
    long n = responses.sum();
    return n == 0 ? null : (double) responseBytes.sum() / n;
  }

  public void recordServerTime(int node, double seconds) {
    if (seconds >= 0) {
      server[node].recordValue(Math.round(seconds * 1e6));
    }
  }

  public void recordRecall(int node, double value) {
    recall[node].recordValue(Math.round(Math.max(0, Math.min(1, value)) * RECALL_SCALE));
  }

  /** Items (points) carried by successful calls, for items/s. */
  public void addItems(int n) {
    items.add(n);
  }

  long items() {
    return items.sum();
  }

  public void countRetry() {
    retries.increment();
  }

  public void countRecallBelowThreshold() {
    recallBelowThreshold.increment();
  }

  long retries() {
    return retries.sum();
  }

  long recallBelowThreshold() {
    return recallBelowThreshold.sum();
  }

  Recorder ok(int node) {
    return ok[node];
  }

  Recorder ko(int node) {
    return ko[node];
  }

  Recorder recall(int node) {
    return recall[node];
  }

  Recorder server(int node) {
    return server[node];
  }
}
