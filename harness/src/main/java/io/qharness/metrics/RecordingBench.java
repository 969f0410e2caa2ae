package io.qharness.metrics;

import com.sun.management.ThreadMXBean;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Self-bench of the injector's per-request bookkeeping: the cost of one latency (and recall) record
 * on {@link OperationMetrics} from several threads while a sampler takes interval histograms, and
 * the heap bytes allocated per record. The hot path itself does not allocate; what remains is an
 * auto-resizing interval histogram growing once per interval, amortised over all records.
 */
public final class RecordingBench {
  /** Figures of one run. */
  public record Result(
      int threads, long records, double seconds, double allocatedBytesPerRecord, long sampled) {
    public double recordsPerSecond() {
      return records / seconds;
    }

    public double nanosPerRecordPerThread() {
      return seconds * 1e9 * threads / records;
    }

    public String format() {
      return String.format(
          Locale.ROOT,
          "metrics recording, %d threads: %,d records in %.2f s = %,.0f records/s (%.0f ns per"
              + " record per thread), %.3f bytes allocated per record, %,d records seen by the"
              + " interval sampler",
          threads,
          records,
          seconds,
          recordsPerSecond(),
          nanosPerRecordPerThread(),
          allocatedBytesPerRecord,
          sampled);
    }
  }

  private RecordingBench() {}

  public static Result run(int threads, long recordsPerThread) throws InterruptedException {
    RunMetrics metrics = new RunMetrics(List.of("node1", "node2", "node3"));
    OperationMetrics op = metrics.operation("search");
    op.origin(LatencyOrigin.INTENDED_START);
    ThreadMXBean mx = (ThreadMXBean) ManagementFactory.getThreadMXBean();
    warmUp(op);
    metrics.sample();
    AtomicLong allocated = new AtomicLong();
    CountDownLatch start = new CountDownLatch(1);
    CountDownLatch done = new CountDownLatch(threads);
    for (int t = 0; t < threads; t++) {
      int node = t % 3;
      Thread worker =
          new Thread(
              () -> {
                try {
                  start.await();
                } catch (InterruptedException e) {
                  return;
                }
                long before = mx.getCurrentThreadAllocatedBytes();
                long now = System.nanoTime();
                for (long i = 0; i < recordsPerThread; i++) {
                  // latencies spread over 50 µs .. 50 ms as real responses are
                  long latency = 50_000 + (i * 7919 % 50_000_000);
                  op.record(node, (i & 1023) != 0, now, now + latency);
                  if ((i & 7) == 0) {
                    op.recordRecall(node, 0.9);
                  }
                }
                allocated.addAndGet(mx.getCurrentThreadAllocatedBytes() - before);
                done.countDown();
              },
              "qharness-bench-" + t);
      worker.setDaemon(true);
      worker.start();
    }
    long sampled = 0;
    long t0 = System.nanoTime();
    start.countDown();
    while (!done.await(1, TimeUnit.SECONDS)) { // as a 1 s report interval
      sampled += count(metrics.sample());
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    sampled += count(metrics.sample());
    long records = recordsPerThread * threads;
    return new Result(threads, records, seconds, (double) allocated.get() / records, sampled);
  }

  private static void warmUp(OperationMetrics op) {
    long now = System.nanoTime();
    for (int i = 0; i < 200_000; i++) {
      op.record(i % 3, true, now, now + 1_000 + i);
    }
  }

  private static long count(RunMetrics.Interval interval) {
    long n = 0;
    for (RunMetrics.SeriesInterval s : interval.series()) {
      if (s.kind() == RunMetrics.Kind.LATENCY_OK || s.kind() == RunMetrics.Kind.LATENCY_KO) {
        n += s.histogram().getTotalCount();
      }
    }
    return n;
  }
}
