package io.qharness.metrics;

import io.prometheus.metrics.exporter.pushgateway.Format;
import io.prometheus.metrics.exporter.pushgateway.PushGateway;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.InfoSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.HdrHistogram.Histogram;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pushes the run's client-side figures to a Prometheus Pushgateway every reporting interval, under
 * the grouping key {@code job}, {@code run_id}, {@code instance}. Pushes run on their own thread
 * with a one-slot queue (a newer snapshot replaces one not yet pushed), so a slow or dead
 * Pushgateway never slows the load: the first failure is logged once, failures are counted, the run
 * goes on. At the end the final values are pushed and, unless kept, the group is deleted after a
 * delay long enough for Prometheus to scrape them.
 *
 * <p>Metric names and labels are documented in README ("Pushgateway metrics").
 */
public final class PushgatewayExporter implements RunListener, MultiCollector {
  private static final Logger LOG = LoggerFactory.getLogger(PushgatewayExporter.class);
  static final double[] QUANTILES = {0.5, 0.9, 0.99, 0.999, 1.0};

  /** How to reach the Pushgateway and what to push under. */
  public record Options(
      String address,
      String job,
      String runId,
      String instance,
      Map<String, String> runLabels,
      boolean keepGroup,
      Duration deleteDelay,
      Duration timeout,
      String injector) {}

  private final Options options;
  private final PushGateway gateway;
  private final ThreadPoolExecutor pusher;
  private final AtomicLong pushes = new AtomicLong();
  private final AtomicLong failures = new AtomicLong();
  private volatile boolean failing;
  private volatile MetricSnapshots latest = new MetricSnapshots();
  private volatile RunMetrics metrics;
  private final Map<Series, long[]> totals = new HashMap<>();
  private final Map<String, Double> offeredRates = new LinkedHashMap<>();
  private final long startMillis = System.currentTimeMillis();
  private volatile long endMillis;

  /** Interval gauges of the last interval, re-sent with the final push. */
  private List<MetricSnapshot> lastIntervalSeries;

  private final List<Supplier<MetricSnapshot>> extraSeries = new CopyOnWriteArrayList<>();
  private final PrintStream out;

  /** An exporter that prints its final tally to the console. */
  public PushgatewayExporter(Options options) {
    this(options, System.out);
  }

  /** An exporter that prints its final tally to {@code out}. */
  public PushgatewayExporter(Options options, PrintStream out) {
    this.options = options;
    this.out = out;
    this.gateway =
        PushGateway.builder()
            .address(options.address())
            .job(options.job())
            .groupingKey("run_id", options.runId())
            .groupingKey("instance", options.instance())
            .groupingKey("injector", options.injector() == null ? "0" : options.injector())
            .format(Format.PROMETHEUS_TEXT)
            .connectionTimeout(options.timeout())
            .readTimeout(options.timeout())
            .build();
    this.pusher =
        new ThreadPoolExecutor(
            1,
            1,
            0,
            TimeUnit.MILLISECONDS,
            new ArrayBlockingQueue<>(1),
            r -> {
              Thread t = new Thread(r, "qharness-pushgateway");
              t.setDaemon(true);
              return t;
            },
            new ThreadPoolExecutor.DiscardOldestPolicy());
  }

  public long pushes() {
    return pushes.get();
  }

  public long failures() {
    return failures.get();
  }

  /** The scheduled rate of a paced operation, exported as {@code qharness_offered_rate_rps}. */
  public synchronized void offeredRate(String operation, double perSecond) {
    offeredRates.put(operation, perSecond);
  }

  @Override
  public void started(RunMetrics m) {
    this.metrics = m;
    latest = snapshot(null);
    pusher.execute(this::pushLatest);
  }

  @Override
  public void interval(RunMetrics.Interval interval) {
    latest = snapshot(interval);
    pusher.execute(this::pushLatest);
  }

  @Override
  public void ended(RunSummary summary) {
    endMillis = System.currentTimeMillis();
    latest = snapshot(null);
    pusher.shutdown();
    try {
      pusher.awaitTermination(options.timeout().toMillis() * 2, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    pushLatest();
    if (!options.keepGroup()) {
      try {
        Thread.sleep(options.deleteDelay().toMillis());
        gateway.delete();
      } catch (IOException e) {
        LOG.warn(
            "could not delete the run's group from the Pushgateway at {}: {}",
            options.address(),
            e.toString());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    out.printf(
        "Pushgateway %s: %d pushes, %d failed%s%n",
        options.address(),
        pushes.get(),
        failures.get(),
        options.keepGroup() ? " (group kept)" : "");
  }

  private void pushLatest() {
    try {
      gateway.push(this);
      pushes.incrementAndGet();
      if (failing) {
        failing = false;
        LOG.info("pushes to the Pushgateway at {} succeed again", options.address());
      }
    } catch (IOException | RuntimeException e) {
      failures.incrementAndGet();
      if (!failing) {
        failing = true;
        LOG.warn(
            "cannot push to the Pushgateway at {} ({}); the load test goes on and qharness retries"
                + " every interval",
            options.address(),
            e.toString());
      }
    }
  }

  @Override
  public MetricSnapshots collect() {
    return latest;
  }

  /** Builds every exported series from the latest interval (null: keep interval gauges empty). */
  /**
   * Everything one push sends: the run's identity and times, the last interval's figures (re-sent
   * with the final push), the totals and cumulative figures since the start, and the extra series.
   */
  private synchronized MetricSnapshots snapshot(RunMetrics.Interval interval) {
    List<MetricSnapshot> out = new ArrayList<>();
    addRunInfo(out);
    if (interval != null) {
      addInterval(out, interval);
    } else if (lastIntervalSeries != null) {
      out.addAll(lastIntervalSeries);
    }
    addTotals(out);
    RunMetrics m = metrics;
    if (m != null) {
      addCumulative(out, m);
    }
    if (!offeredRates.isEmpty()) {
      addOfferedRates(out);
    }
    for (Supplier<MetricSnapshot> s : extraSeries) {
      MetricSnapshot extra = s.get();
      if (extra != null) { // null: nothing to say yet
        out.add(extra);
      }
    }
    return new MetricSnapshots(out);
  }

  /** qharness_run_info (workload, target), the run's start and end, failed pushes. */
  private void addRunInfo(List<MetricSnapshot> out) {
    Labels infoLabels = Labels.EMPTY;
    for (Map.Entry<String, String> e : options.runLabels().entrySet()) {
      infoLabels = infoLabels.add(e.getKey(), e.getValue());
    }
    // exposed as qharness_run_info 1
    out.add(
        InfoSnapshot.builder()
            .name("qharness_run")
            .help("the run: workload and target")
            .dataPoint(InfoSnapshot.InfoDataPointSnapshot.builder().labels(infoLabels).build())
            .build());
    out.add(
        gauge(
            "qharness_run_start_time_seconds",
            "run start, unix seconds",
            Labels.EMPTY,
            startMillis / 1000.0));
    out.add(
        gauge(
            "qharness_run_end_time_seconds",
            "run end, unix seconds (0 while running)",
            Labels.EMPTY,
            endMillis / 1000.0));
    out.add(gauge("qharness_push_failures", "failed pushes so far", Labels.EMPTY, failures.get()));
  }

  /** Per operation and node over the last interval: throughput, error ratio, latency, recall. */
  private void addInterval(List<MetricSnapshot> out, RunMetrics.Interval interval) {
    double seconds = Math.max(0.001, (interval.endMillis() - interval.startMillis()) / 1000.0);
    Map<String, Histogram> allOk = new LinkedHashMap<>();
    Map<String, Histogram> allRecall = new LinkedHashMap<>();
    Map<String, Histogram> allServer = new LinkedHashMap<>();
    Map<Series, long[]> perSeriesCounts = new LinkedHashMap<>();
    GaugeSnapshot.Builder throughput =
        GaugeSnapshot.builder()
            .name("qharness_throughput_rps")
            .help("successful responses per second over the last interval");
    GaugeSnapshot.Builder errorRatio =
        GaugeSnapshot.builder()
            .name("qharness_error_ratio")
            .help("failed / all responses over the last interval");
    GaugeSnapshot.Builder latency =
        GaugeSnapshot.builder()
            .name("qharness_latency_seconds")
            .help("latency of successful responses over the last interval (quantile 1 = max)");
    GaugeSnapshot.Builder recall =
        GaugeSnapshot.builder()
            .name("qharness_recall")
            .help("recall@k over the last interval (stat: mean, p5, min)");
    GaugeSnapshot.Builder server =
        GaugeSnapshot.builder()
            .name("qharness_server_time_seconds")
            .help(
                "processing time the server reported in its successful responses over the last"
                    + " interval (quantile 1 = max); latency minus this is network, client and"
                    + " queueing");
    for (RunMetrics.SeriesInterval s : interval.series()) {
      long[] c =
          perSeriesCounts.computeIfAbsent(new Series(s.operation(), s.node()), k -> new long[2]);
      switch (s.kind()) {
        case LATENCY_OK -> {
          c[0] += s.histogram().getTotalCount();
          addQuantiles(latency, s.operation(), s.node(), s.histogram());
          allOk.computeIfAbsent(s.operation(), k -> new Histogram(3)).add(s.histogram());
        }
        case LATENCY_KO -> c[1] += s.histogram().getTotalCount();
        case RECALL -> {
          addRecall(recall, s.operation(), s.node(), s.histogram());
          allRecall.computeIfAbsent(s.operation(), k -> new Histogram(3)).add(s.histogram());
        }
        case SERVER -> {
          addQuantiles(server, s.operation(), s.node(), s.histogram());
          allServer.computeIfAbsent(s.operation(), k -> new Histogram(3)).add(s.histogram());
        }
      }
    }
    addRates(throughput, errorRatio, perSeriesCounts, seconds);
    allOk.forEach((op, h) -> addQuantiles(latency, op, "all", h));
    allRecall.forEach((op, h) -> addRecall(recall, op, "all", h));
    allServer.forEach((op, h) -> addQuantiles(server, op, "all", h));
    out.add(throughput.build());
    out.add(errorRatio.build());
    out.add(latency.build());
    if (!allRecall.isEmpty()) {
      out.add(recall.build());
    }
    if (!allServer.isEmpty()) {
      out.add(server.build());
    }
    lastIntervalSeries =
        List.of(
            throughput.build(),
            errorRatio.build(),
            latency.build(),
            recall.build(),
            server.build());
  }

  /** Each series' throughput and error ratio over the interval; counted into the totals too. */
  private void addRates(
      GaugeSnapshot.Builder throughput,
      GaugeSnapshot.Builder errorRatio,
      Map<Series, long[]> perSeriesCounts,
      double seconds) {
    for (Map.Entry<Series, long[]> e : perSeriesCounts.entrySet()) {
      long ok = e.getValue()[0];
      long ko = e.getValue()[1];
      Labels l = Labels.of("operation", e.getKey().operation(), "node", e.getKey().node());
      throughput.dataPoint(GaugeDataPointSnapshot.builder().labels(l).value(ok / seconds).build());
      errorRatio.dataPoint(
          GaugeDataPointSnapshot.builder()
              .labels(l)
              .value(ok + ko == 0 ? 0 : (double) ko / (ok + ko))
              .build());
      long[] t = totals.computeIfAbsent(e.getKey(), x -> new long[2]);
      t[0] += ok;
      t[1] += ko;
    }
  }

  /** Responses since the start, by operation, node and outcome. */
  private void addTotals(List<MetricSnapshot> out) {
    CounterSnapshot.Builder requests =
        CounterSnapshot.builder()
            .name("qharness_requests")
            .help("responses since the run started, by outcome (ok, ko)");
    for (Map.Entry<Series, long[]> e : totals.entrySet()) {
      Series k = e.getKey();
      requests.dataPoint(
          CounterDataPointSnapshot.builder()
              .labels(Labels.of("operation", k.operation(), "node", k.node(), "outcome", "ok"))
              .value(e.getValue()[0])
              .build());
      requests.dataPoint(
          CounterDataPointSnapshot.builder()
              .labels(Labels.of("operation", k.operation(), "node", k.node(), "outcome", "ko"))
              .value(e.getValue()[1])
              .build());
    }
    if (!totals.isEmpty()) {
      out.add(requests.build());
    }
  }

  /** Latency (quantiles and buckets), recall and retries since the start, per operation. */
  private void addCumulative(List<MetricSnapshot> out, RunMetrics m) {
    GaugeSnapshot.Builder runLatency =
        GaugeSnapshot.builder()
            .name("qharness_run_latency_seconds")
            .help("latency of successful responses since the run started (quantile 1 = max)");
    GaugeSnapshot.Builder runRecall =
        GaugeSnapshot.builder()
            .name("qharness_run_recall")
            .help("recall@k since the run started (stat: mean, p5, min)");
    CounterSnapshot.Builder retries =
        CounterSnapshot.builder()
            .name("qharness_retries")
            .help("retried calls since the run started");
    HistogramSnapshot.Builder duration =
        HistogramSnapshot.builder()
            .name("qharness_request_duration_seconds")
            .help(
                "latency of successful responses since the run started, in buckets: aggregate"
                    + " over injectors with histogram_quantile");
    boolean anyLatency = false;
    boolean anyRecall = false;
    for (OperationMetrics op : m.operations()) {
      Histogram ok = m.cumulative(op.name(), RunMetrics.Kind.LATENCY_OK);
      if (ok.getTotalCount() > 0) {
        addQuantiles(runLatency, op.name(), "all", ok);
        duration.dataPoint(buckets(Labels.of("operation", op.name()), ok));
        anyLatency = true;
      }
      Histogram r = m.cumulative(op.name(), RunMetrics.Kind.RECALL);
      if (r.getTotalCount() > 0) {
        addRecall(runRecall, op.name(), "all", r);
        anyRecall = true;
      }
      retries.dataPoint(
          CounterDataPointSnapshot.builder()
              .labels(Labels.of("operation", op.name()))
              .value(op.retries())
              .build());
    }
    if (anyLatency) {
      out.add(runLatency.build());
      out.add(duration.build());
    }
    if (anyRecall) {
      out.add(runRecall.build());
    }
    if (!m.operations().isEmpty()) {
      out.add(retries.build());
    }
  }

  /** The scheduled rate of each paced operation. */
  private void addOfferedRates(List<MetricSnapshot> out) {
    GaugeSnapshot.Builder offered =
        GaugeSnapshot.builder()
            .name("qharness_offered_rate_rps")
            .help("scheduled arrival rate of paced operations, requests per second");
    offeredRates.forEach(
        (op, rate) ->
            offered.dataPoint(
                GaugeDataPointSnapshot.builder()
                    .labels(Labels.of("operation", op))
                    .value(rate)
                    .build()));
    out.add(offered.build());
  }

  /** An operation's responses through one coordinator node (or "all"). */
  private record Series(String operation, String node) {}

  /**
   * A fault as the dashboards annotate it: what, where, which schedule event, when (unix seconds).
   */
  public record FaultPoint(String action, String node, String event, double appliedAtSeconds) {}

  private record ActionOnNode(String action, String node) {}

  /**
   * Fault events for dashboards: {@code qharness_fault_time_seconds{action,node,event}} (when each
   * was applied, unix seconds; an annotation) and {@code qharness_fault_events_total{action,node}}.
   * Returns null before the first fault.
   */
  public static List<MetricSnapshot> faultSeries(List<FaultPoint> faults) {
    return eventSeries(
        "qharness_fault", "when each fault of the schedule was applied, unix seconds", faults);
  }

  /**
   * Scale events for dashboards, as {@link #faultSeries}: {@code qharness_scale_time_seconds
   * {action,node,event}} (a step's start, or a shard transfer's: action join, rebalance, drain or
   * transfer) and {@code qharness_scale_events_total{action,node}}. Null before the first.
   */
  public static List<MetricSnapshot> scaleSeries(List<FaultPoint> events) {
    return eventSeries(
        "qharness_scale",
        "when each step of the scale event and each shard transfer started, unix seconds",
        events);
  }

  private static List<MetricSnapshot> eventSeries(
      String prefix, String help, List<FaultPoint> faults) {
    if (faults.isEmpty()) {
      return null;
    }
    GaugeSnapshot.Builder time = GaugeSnapshot.builder().name(prefix + "_time_seconds").help(help);
    Map<ActionOnNode, Long> counts = new LinkedHashMap<>();
    for (FaultPoint f : faults) {
      time.dataPoint(
          GaugeDataPointSnapshot.builder()
              .labels(Labels.of("action", f.action(), "node", f.node(), "event", f.event()))
              .value(f.appliedAtSeconds())
              .build());
      counts.merge(new ActionOnNode(f.action(), f.node()), 1L, Long::sum);
    }
    CounterSnapshot.Builder events =
        CounterSnapshot.builder()
            .name(prefix + "_events")
            .help("events so far, by action and node");
    counts.forEach(
        (k, n) -> {
          events.dataPoint(
              CounterDataPointSnapshot.builder()
                  .labels(Labels.of("action", k.action(), "node", k.node()))
                  .value(n)
                  .build());
        });
    return List.of(time.build(), events.build());
  }

  /**
   * {@code qharness_injector_cpu_ratio}: the injector process's CPU as a share of its machine; null
   * before the first reading.
   */
  public static MetricSnapshot injectorCpu(double share) {
    if (Double.isNaN(share)) {
      return null;
    }
    return GaugeSnapshot.builder()
        .name("qharness_injector_cpu_ratio")
        .help(
            "the injector process's CPU use over the last interval, as a share of all its machine's"
                + " cores (0..1)")
        .dataPoint(GaugeDataPointSnapshot.builder().value(share).build())
        .build();
  }

  /** Adds series computed at each push (fault events, for instance). */
  public void addSeries(Supplier<MetricSnapshot> series) {
    extraSeries.add(series);
  }

  private static void addQuantiles(GaugeSnapshot.Builder b, String op, String node, Histogram h) {
    for (double q : QUANTILES) {
      long micros = q >= 1.0 ? h.getMaxValue() : h.getValueAtPercentile(q * 100);
      b.dataPoint(
          GaugeDataPointSnapshot.builder()
              .labels(Labels.of("operation", op, "node", node, "quantile", quantileLabel(q)))
              .value(micros / 1e6)
              .build());
    }
  }

  /**
   * Upper bounds in seconds of the pushed latency buckets: 1-2.5-5 steps from 100 µs to 60 s, then
   * +Inf.
   */
  static final double[] BUCKETS = {
    0.0001,
    0.00025,
    0.0005,
    0.001,
    0.0025,
    0.005,
    0.01,
    0.025,
    0.05,
    0.1,
    0.25,
    0.5,
    1,
    2.5,
    5,
    10,
    30,
    60,
    Double.POSITIVE_INFINITY
  };

  /**
   * A µs HdrHistogram as Prometheus classic buckets. Percentile gauges cannot be combined across
   * injectors; bucket counts can (summed, then histogram_quantile), at the buckets' resolution.
   */
  static HistogramSnapshot.HistogramDataPointSnapshot buckets(Labels labels, Histogram h) {
    long[] counts = new long[BUCKETS.length];
    long below = 0;
    for (int i = 0; i < BUCKETS.length - 1; i++) {
      long atOrBelow = h.getCountBetweenValues(0, (long) (BUCKETS[i] * 1e6));
      counts[i] = atOrBelow - below;
      below = atOrBelow;
    }
    counts[BUCKETS.length - 1] = h.getTotalCount() - below;
    return HistogramSnapshot.HistogramDataPointSnapshot.builder()
        .labels(labels)
        .classicHistogramBuckets(ClassicHistogramBuckets.of(BUCKETS, counts))
        .sum(h.getMean() * h.getTotalCount() / 1e6)
        .build();
  }

  private static void addRecall(GaugeSnapshot.Builder b, String op, String node, Histogram h) {
    double scale = OperationMetrics.RECALL_SCALE;
    b.dataPoint(
        GaugeDataPointSnapshot.builder()
            .labels(Labels.of("operation", op, "node", node, "stat", "mean"))
            .value(h.getMean() / scale)
            .build());
    b.dataPoint(
        GaugeDataPointSnapshot.builder()
            .labels(Labels.of("operation", op, "node", node, "stat", "p5"))
            .value(h.getValueAtPercentile(5) / scale)
            .build());
    b.dataPoint(
        GaugeDataPointSnapshot.builder()
            .labels(Labels.of("operation", op, "node", node, "stat", "min"))
            .value(h.getMinValue() / scale)
            .build());
  }

  static String quantileLabel(double q) {
    return q == 0.5 ? "0.5" : q == 0.9 ? "0.9" : q == 0.99 ? "0.99" : q == 0.999 ? "0.999" : "1";
  }

  private static GaugeSnapshot gauge(String name, String help, Labels labels, double value) {
    return GaugeSnapshot.builder()
        .name(name)
        .help(help)
        .dataPoint(GaugeDataPointSnapshot.builder().labels(labels).value(value).build())
        .build();
  }
}
