package io.qharness.run;

import io.qharness.cluster.Freshness;
import io.qharness.cluster.Target;
import io.qharness.config.Catalog;
import io.qharness.config.Settings;
import io.qharness.grpc.NodeAddress;
import io.qharness.grpc.QdrantNodes;
import io.qharness.results.RunFile.FreshnessNode;
import java.time.Duration;
import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * Searchable after insert, sampled while the measured load runs: one {@link Freshness} probe every
 * freshnessInterval on its own thread and connections, from {@link #start()} until {@link #stop()}.
 * Probes are sequential and deleted at once, so at most one extra point exists at any moment.
 */
final class FreshnessSampler {
  private final Settings settings;
  private final Target target;
  private final Duration interval;
  private volatile boolean stopping;
  private Thread thread;
  private List<Freshness.NodeResult> results;
  private String failure;

  FreshnessSampler(Settings settings, Target target) {
    this.settings = settings;
    this.target = target;
    this.interval = settings.get(Catalog.FRESHNESS_INTERVAL);
  }

  synchronized void start() {
    if (thread != null) {
      return;
    }
    thread = new Thread(this::sample, "qharness-freshness");
    thread.setDaemon(true);
    thread.start();
  }

  private void sample() {
    List<NodeAddress> nodes = target.grpcAddresses().stream().map(NodeAddress::parse).toList();
    try (QdrantNodes clients = new QdrantNodes(nodes, Target.adminConnection(settings))) {
      List<Freshness.NodeResult> r =
          new Freshness(
                  clients,
                  settings.get(Catalog.COLLECTION),
                  Duration.ofSeconds(10),
                  settings.get(Catalog.DEADLINE))
              .measure(Integer.MAX_VALUE, interval, () -> stopping);
      synchronized (this) {
        results = r;
      }
    } catch (RuntimeException e) {
      synchronized (this) {
        failure = e.getMessage();
      }
    }
  }

  /** Stops after the probe in flight and waits for it (bounded by the probe's own timeout). */
  void stop() {
    Thread t;
    synchronized (this) {
      t = thread;
    }
    stopping = true;
    if (t != null) {
      try {
        t.join(15_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  String interval() {
    return settings.value(Catalog.FRESHNESS_INTERVAL).text();
  }

  /** Why sampling failed, or null. */
  synchronized String failure() {
    return failure;
  }

  /** Per node, or null when sampling never ran or failed. */
  synchronized List<FreshnessNode> nodes() {
    if (results == null) {
      return null;
    }
    return results.stream()
        .map(
            r -> {
              Histogram h = r.micros();
              boolean any = h.getTotalCount() > 0;
              return new FreshnessNode(
                  r.node(),
                  h.getTotalCount(),
                  any ? h.getValueAtPercentile(50) / 1000.0 : 0,
                  any ? h.getValueAtPercentile(99) / 1000.0 : 0,
                  any ? h.getMaxValue() / 1000.0 : 0,
                  r.missed());
            })
        .toList();
  }
}
