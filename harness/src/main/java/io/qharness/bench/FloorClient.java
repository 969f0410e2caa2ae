package io.qharness.bench;

import com.google.common.util.concurrent.FutureCallback;
import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.MoreExecutors;
import io.qdrant.client.QdrantClient;
import io.qdrant.client.QdrantGrpcClient;
import io.qdrant.client.grpc.Points.ScoredPoint;
import io.qdrant.client.grpc.Points.SearchPoints;
import io.qharness.grpc.NodeAddress;
import io.qharness.workload.QuerySet;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The floor of the client-cost benchmark: plain {@code io.qdrant:client} async searches at the
 * benchmark's rate from one pacing thread, with nothing recorded (no Gatling, no histograms, no
 * recall): what any Java client pays on this machine for the same calls. Run in its own JVM by
 * {@code qharness selfbench client}.
 */
public final class FloorClient {
  private FloorClient() {}

  /** The official client as a user would build it, without TLS or the server version check. */
  static QdrantClient plainClient(String address) {
    NodeAddress a = NodeAddress.parse(address);
    return new QdrantClient(QdrantGrpcClient.newBuilder(a.host(), a.port(), false, false).build());
  }

  private static FutureCallback<List<ScoredPoint>> counting(AtomicLong done, AtomicLong failed) {
    return new FutureCallback<>() {
      @Override
      public void onSuccess(List<ScoredPoint> result) {
        done.incrementAndGet();
      }

      @Override
      public void onFailure(Throwable t) {
        failed.incrementAndGet();
        done.incrementAndGet();
      }
    };
  }

  public static void main(String[] args) throws Exception {
    BenchSpec spec = BenchSpec.fromSystemProperties();
    QuerySet queries = BenchQueries.of(spec);
    List<QdrantClient> clients = new ArrayList<>();
    for (String h : spec.hosts()) {
      clients.add(plainClient(h));
    }
    // only calls sent in the window count, so a backlog from the warm-up does not inflate it
    AtomicLong done = new AtomicLong();
    AtomicLong failed = new AtomicLong();
    FutureCallback<List<ScoredPoint>> inWindow = counting(done, failed);
    FutureCallback<List<ScoredPoint>> warmup = counting(new AtomicLong(), new AtomicLong());
    long periodNanos = (long) (1e9 / spec.rate());
    long start = System.nanoTime();
    long measuredFrom = start + TimeUnit.SECONDS.toNanos(spec.warmupSeconds());
    long end = measuredFrom + TimeUnit.SECONDS.toNanos(spec.seconds());
    ProcessCost.Window window = null;
    for (long i = 0; ; i++) {
      long due = start + i * periodNanos;
      if (due >= end) {
        break;
      }
      long wait = due - System.nanoTime();
      if (wait > 0) {
        LockSupport.parkNanos(wait);
      }
      if (window == null && due >= measuredFrom) {
        window = ProcessCost.start();
      }
      float[] v = queries.vector(queries.next());
      SearchPoints.Builder b =
          SearchPoints.newBuilder().setCollectionName(spec.collection()).setLimit(spec.k());
      for (float x : v) {
        b.addVector(x);
      }
      QdrantClient c = clients.get((int) (i % clients.size()));
      Futures.addCallback(
          c.searchAsync(b.build()),
          window == null ? warmup : inWindow,
          MoreExecutors.directExecutor());
    }
    long sent = (end - measuredFrom) / periodNanos;
    long drainUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (done.get() < sent && System.nanoTime() < drainUntil) {
      Thread.sleep(1);
    }
    if (window == null) {
      window = ProcessCost.start();
    }
    window
        .close()
        .cost(ClientCost.FLOOR, spec.rate(), done.get(), failed.get(), Double.NaN)
        .write(spec.out());
    for (QdrantClient c : clients) {
      c.close();
    }
    System.exit(0);
  }
}
