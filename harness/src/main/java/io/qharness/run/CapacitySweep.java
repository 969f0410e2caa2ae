package io.qharness.run;

import io.qharness.config.Catalog;
import io.qharness.config.Settings;
import io.qharness.metrics.OperationMetrics;
import io.qharness.report.CapacityAnalysis;
import io.qharness.report.CapacityResult;
import io.qharness.report.CapacityStep;
import io.qharness.report.OperationIntervals;
import io.qharness.report.Projection;
import io.qharness.report.PrometheusSource;
import io.qharness.report.Slo;
import io.qharness.report.Timeline;
import io.qharness.report.render.CapacityReport;
import io.qharness.results.ResultsLocation;
import io.qharness.results.RunFile.PerPoint;
import io.qharness.results.RunFile.ServerResources;
import io.qharness.results.RunFile.TargetInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.HdrHistogram.Histogram;

/**
 * A capacity sweep of one operation: the plan of rates, the step boundaries as the simulation
 * passes them, the decision to stop once the SLO is clearly broken, and at the end the analysis and
 * the reports ({@code capacity.json}, {@code capacity.html}, {@code capacity.md}).
 */
public final class CapacitySweep {
  private final QharnessRun run;
  private final String operation;
  private final List<Double> rates = new ArrayList<>();
  private final Slo slo;
  private final Timeline timeline = new Timeline(t -> {});
  private final Map<Integer, long[]> bounds = new ConcurrentHashMap<>(); // step -> {start, end}
  private final List<CapacityStep> evaluated = new ArrayList<>();
  private final long warmupMillis;
  private final int[] sizes;
  private final boolean[] stopped;
  private final String[] stopReason;

  CapacitySweep(QharnessRun run, String operation) {
    this.run = run;
    this.operation = operation;
    Settings s = run.settings();
    double start = s.get(Catalog.CAPACITY_START_RATE);
    double step = s.get(Catalog.CAPACITY_STEP_RATE);
    double max = s.get(Catalog.CAPACITY_MAX_RATE);
    if (max < start) {
      throw run.refuse("capacityMaxRate (" + max + ") is below capacityStartRate (" + start + ")");
    }
    for (double r = start; r <= max + 1e-9 && rates.size() < 200; r += step) {
      rates.add(r);
    }
    try {
      slo =
          new Slo(
              s.get(Catalog.SLO_PERCENTILE),
              s.get(Catalog.SLO_MS),
              s.get(Catalog.SLO_ERROR_PCT) / 100,
              s.isSet(Catalog.SLO_MIN_RECALL) ? s.get(Catalog.SLO_MIN_RECALL) : null);
    } catch (IllegalArgumentException e) {
      throw run.refuse(e.getMessage());
    }
    warmupMillis = s.get(Catalog.CAPACITY_WARMUP).toMillis();
    long stepMillis = s.get(Catalog.CAPACITY_STEP_DURATION).toMillis();
    if (warmupMillis >= stepMillis) {
      throw run.refuse("capacityWarmup must be shorter than capacityStepDuration");
    }
    if (s.isExplicit(Catalog.REPORT_INTERVAL)) {
      long interval = s.get(Catalog.REPORT_INTERVAL).toMillis();
      if (stepMillis - warmupMillis < 2 * interval) {
        throw run.refuse(
            String.format(
                Locale.ROOT,
                "capacityStepDuration %s minus capacityWarmup %s leaves %.1f s to measure each"
                    + " step, fewer than 2 reporting intervals of %s: lengthen"
                    + " capacityStepDuration, shorten capacityWarmup, or set reportInterval to %s"
                    + " or less (or leave it unset: the sweep then picks one)",
                s.value(Catalog.CAPACITY_STEP_DURATION).text(),
                s.value(Catalog.CAPACITY_WARMUP).text(),
                (stepMillis - warmupMillis) / 1000.0,
                s.value(Catalog.REPORT_INTERVAL).text(),
                Math.max(1, (stepMillis - warmupMillis) / 4) + "ms"));
      }
    }
    // with a scale event the sweep runs again at the cluster's new size
    ScaleRun scale = run.scale();
    int members = run.target().grpcAddresses().size();
    this.sizes =
        scale == null
            ? new int[] {members}
            : new int[] {members, members + scale.schedule().sizeChange()};
    this.stopped = new boolean[sizes.length];
    this.stopReason = new String[sizes.length];
    Arrays.fill(stopReason, "the sweep reached capacityMaxRate");
    run.listen(timeline);
  }

  /** How many times the rates are swept: once, or once per cluster size around a scale event. */
  public int rounds() {
    return sizes.length;
  }

  /** The global index of step {@code i} of round {@code round}. */
  public int index(int round, int i) {
    return round * rates.size() + i;
  }

  /**
   * The reporting interval a sweep uses unless reportInterval is given: a quarter of the part of a
   * step that is measured, within 100 ms and 1 s. A step's figures come from the intervals inside
   * it; with intervals as long as the step, one interval could hold the gap before a step and read
   * as a rate the sweep never offered.
   */
  Duration interval() {
    long measured = run.settings().get(Catalog.CAPACITY_STEP_DURATION).toMillis() - warmupMillis;
    return Duration.ofMillis(Math.max(100, Math.min(1000, measured / 4)));
  }

  public List<Double> rates() {
    return rates;
  }

  public Duration stepDuration() {
    return run.settings().get(Catalog.CAPACITY_STEP_DURATION);
  }

  /** How long to wait after a step before judging it: one reporting interval and a margin. */
  public Duration settle() {
    return run.reportInterval().plusMillis(300);
  }

  public Slo slo() {
    return slo;
  }

  public void stepStarted(int g) {
    bounds.put(g, new long[] {System.currentTimeMillis(), 0});
    double rate = rates.get(g % rates.size());
    if (run.pushgateway() != null) {
      run.pushgateway().offeredRate(operation, rate);
    }
    run.out()
        .printf(
            Locale.ROOT,
            "qharness capacity: step %d of %d%s, %.0f %s/s%n",
            g % rates.size() + 1,
            rates.size(),
            sizes.length > 1 ? " at " + sizes[g / rates.size()] + " nodes" : "",
            rate,
            operation);
  }

  public void stepEnded(int i) {
    bounds.get(i)[1] = System.currentTimeMillis();
  }

  /** Judges step g once its intervals are in; returns false when its round should stop. */
  public synchronized boolean evaluate(int g) {
    int i = g % rates.size();
    int round = g / rates.size();
    CapacityStep s = measure(g);
    evaluated.add(s);
    String v = slo.violation(s);
    run.out()
        .printf(
            Locale.ROOT,
            "qharness capacity: step %d: achieved %.1f/s, p%s %.2f ms, errors %.2f%% -> %s%n",
            i + 1,
            s.achievedRate(),
            slo.label(),
            s.latencyMs(slo.percentile()),
            s.errorRate() * 100,
            v == null ? "meets the SLO" : v);
    if (slo.clearlyBroken(s)) {
      stopped[round] = true;
      stopReason[round] =
          "step "
              + (i + 1)
              + (sizes.length > 1 ? " at " + sizes[round] + " nodes" : "")
              + " clearly broke the SLO ("
              + (v == null ? "throughput collapse" : v)
              + ")";
      return false;
    }
    return true;
  }

  /** True once a step of this round clearly broke the SLO: the round's larger rates are skipped. */
  public boolean stopped(int round) {
    return stopped[round];
  }

  /** True once the sweep of the last round stopped (or the only one). */
  public boolean stopped() {
    return stopped[sizes.length - 1];
  }

  private CapacityStep measure(int g) {
    int i = g % rates.size();
    long[] b = bounds.get(g);
    long from = b[0] + warmupMillis;
    long to = b[1];
    List<OperationIntervals.Interval> intervals =
        timeline.operations().getOrDefault(operation, List.of());
    // the intervals inside the step whose middle is past its warm-up: an interval that reaches
    // before the step or past its end would mix in another rate, or the pause between steps
    Window w = new Window();
    for (OperationIntervals.Interval iv : intervals) {
      long middle = (iv.startMillis() + iv.endMillis()) / 2;
      if (iv.startMillis() >= b[0] - 50 && iv.endMillis() <= to + 50 && middle >= from) {
        w.add(iv);
      }
    }
    Histogram ok = w.ok;
    Histogram recall = w.recall;
    long errors = w.errors;
    double seconds = w.seconds;
    long first = w.first;
    long last = w.last;
    long requests = ok.getTotalCount() + errors;
    double ms = 1000.0;
    return new CapacityStep(
        g,
        rates.get(i),
        first == Long.MAX_VALUE ? b[0] : first,
        last == 0 ? to : last,
        seconds == 0 ? 0 : ok.getTotalCount() / seconds,
        requests,
        errors,
        requests == 0 ? 0 : (double) errors / requests,
        ok.getValueAtPercentile(50) / ms,
        ok.getValueAtPercentile(90) / ms,
        ok.getValueAtPercentile(99) / ms,
        ok.getValueAtPercentile(99.9) / ms,
        ok.getMaxValue() / ms,
        recall.getTotalCount() == 0 ? null : recall.getMean() / OperationMetrics.RECALL_SCALE,
        null);
  }

  /** Intervals added up over a step's window. */
  private static final class Window {
    final Histogram ok = new Histogram(3);
    final Histogram recall = new Histogram(3);
    long errors;
    double seconds;
    long first = Long.MAX_VALUE;
    long last;

    void add(OperationIntervals.Interval iv) {
      ok.add(iv.ok());
      recall.add(iv.recall());
      errors += iv.errors();
      seconds += iv.seconds();
      first = Math.min(first, iv.startMillis());
      last = Math.max(last, iv.endMillis());
    }
  }

  /**
   * After the run: analysis, projection, USL, per-node figures; writes capacity.json/.html/.md into
   * the run's folder.
   */
  synchronized CapacityResult finish(
      TargetInfo target, long dataVectors, int dimension, ServerResources resources) {
    PerPoint measured = resources == null ? null : resources.perPoint();
    Settings s = run.settings();
    List<String> notes = new ArrayList<>();
    for (int r = 0; r < sizes.length; r++) {
      notes.add(
          (sizes.length > 1 ? "at " + sizes[r] + " nodes, " : "")
              + "stopped because "
              + stopReason[r]);
    }
    List<CapacityStep> steps = new ArrayList<>(evaluated);
    boolean prom = s.isSet(Catalog.PROMETHEUS);
    if (prom) {
      steps = withNodeFigures(steps, notes);
    }
    // each cluster size its own analysis; the report leads with the last
    List<CapacityResult.Size> measuredSizes = new ArrayList<>();
    steps = analyseEachSize(steps, measuredSizes);
    int nodes = sizes[sizes.length - 1];
    CapacityAnalysis analysis =
        CapacityAnalysis.analyse(
            steps,
            slo,
            measuredSizes.isEmpty() ? nodes : measuredSizes.get(measuredSizes.size() - 1).nodes());
    String shared = sharedMachine(target);
    if (shared != null) {
      notes.add(shared);
    }
    CapacityResult.UslFit usl = null;
    if (s.isSet(Catalog.USL_RUNS) || measuredSizes.size() > 1) {
      try {
        usl = uslFit(s.get(Catalog.USL_RUNS), measuredSizes);
      } catch (IllegalArgumentException e) {
        notes.add("no USL fit: " + e.getMessage());
      }
    }
    Projection.Result projection =
        s.isSet(Catalog.PROJECT_RATE)
            ? project(target, dataVectors, dimension, measured, analysis, usl)
            : null;
    List<CapacityResult.TimelinePoint> points = timelinePoints(steps);
    CapacityResult result =
        new CapacityResult(
            run.record().runId(),
            run.record().dir().getFileName().toString(),
            target.kind(),
            target.qdrantVersion(),
            nodes,
            operation,
            steps,
            analysis,
            projection,
            usl,
            points,
            prom,
            notes,
            resources,
            measuredSizes.size() > 1 ? measuredSizes : List.of());
    CapacityReport.write(run.record().dir(), result);
    run.out().print(CapacityReport.markdown(result));
    run.out().println("qharness capacity report: " + run.record().dir().resolve("capacity.html"));
    return result;
  }

  /**
   * The steps with each node's request rate, memory and CPU from Prometheus over the step; the
   * steps as they were (and a note why) when Prometheus has no figures.
   */
  private List<CapacityStep> withNodeFigures(List<CapacityStep> steps, List<String> notes) {
    Settings s = run.settings();
    PrometheusSource p = new PrometheusSource(s.get(Catalog.PROMETHEUS));
    String job = s.get(Catalog.PROMETHEUS_JOB);
    List<CapacityStep> withNodes = new ArrayList<>();
    try {
      for (CapacityStep st : steps) {
        // responses over the whole step, not a mean of 5 s rate windows that reach back into the
        // gap before a step
        // with a short warm-up; a step too short for two scrapes falls back to those windows
        long seconds = Math.max(1, (st.endMillis() - st.startMillis()) / 1000);
        Map<String, Double> rate =
            new LinkedHashMap<>(
                p.meanBy(
                    "sum by (node) (rate(grpc_responses_total{job=\"" + job + "\"}[5s]))",
                    "node",
                    st.startMillis(),
                    st.endMillis()));
        rate.putAll(
            p.valuesAt(
                "sum by (node) (increase(grpc_responses_total{job=\""
                    + job
                    + "\"}["
                    + seconds
                    + "s])) / "
                    + seconds,
                "node",
                st.endMillis()));
        Map<String, Double> mem =
            p.meanBy(
                "max by (node) (memory_resident_bytes{job=\"" + job + "\"})",
                "node",
                st.startMillis(),
                st.endMillis());
        Map<String, Double> cpu =
            p.meanBy(
                "sum by (node) (rate(process_cpu_seconds_total{job=\"" + job + "\"}[5s]))",
                "node",
                st.startMillis(),
                st.endMillis());
        Map<String, CapacityStep.NodeResources> nodes = new LinkedHashMap<>();
        TreeSet<String> names = new TreeSet<>(rate.keySet());
        names.addAll(mem.keySet());
        for (String n : names) {
          nodes.put(n, new CapacityStep.NodeResources(rate.get(n), mem.get(n), cpu.get(n)));
        }
        withNodes.add(st.withNodes(nodes));
      }
      if (withNodes.stream().allMatch(x -> x.nodes().isEmpty())) {
        notes.add(
            "Prometheus at "
                + s.get(Catalog.PROMETHEUS)
                + " returned no node series for job "
                + job
                + "; is it scraping the nodes?");
      }
      return withNodes;
    } catch (IOException e) {
      notes.add("per-node figures unavailable: " + e.getMessage());
      return steps;
    }
  }

  /**
   * Each cluster size's own analysis, added to {@code measuredSizes}; returns the last size's
   * steps, numbered within their own sweep (all steps when none was measured).
   */
  private List<CapacityStep> analyseEachSize(
      List<CapacityStep> steps, List<CapacityResult.Size> measuredSizes) {
    List<CapacityStep> lastSteps = steps;
    for (int r = 0; r < sizes.length; r++) {
      int round = r;
      List<CapacityStep> own = // numbered within their own sweep, as the analysis reads them
          steps.stream()
              .filter(st -> st.index() / rates.size() == round)
              .map(st -> st.withIndex(st.index() % rates.size()))
              .toList();
      if (own.isEmpty()) {
        continue;
      }
      CapacityAnalysis analysis = CapacityAnalysis.analyse(own, slo, sizes[r]);
      lastSteps = own;
      measuredSizes.add(
          new CapacityResult.Size(
              sizes[r], analysis.maxSustainableRate(), analysis.perNodeRate(), own));
    }
    return lastSteps;
  }

  /** Nodes needed for projectRate, from the capacity measured and the memory per point. */
  private Projection.Result project(
      TargetInfo target,
      long dataVectors,
      int dimension,
      PerPoint measured,
      CapacityAnalysis analysis,
      CapacityResult.UslFit usl) {
    Settings s = run.settings();
    long vectors = s.isSet(Catalog.PROJECT_VECTORS) ? s.get(Catalog.PROJECT_VECTORS) : dataVectors;
    return Projection.project(
        s.get(Catalog.PROJECT_RATE),
        vectors,
        dimension,
        s.get(Catalog.REPLICATION),
        s.get(Catalog.QUANTIZATION),
        // the test double's memory is an estimate, not Qdrant's
        measured == null || target.kind().testDouble() ? null : measured.memoryBytes(),
        s.get(Catalog.NODE_MEMORY_GIB) * (1L << 30),
        analysis.perNodeRate(),
        usl == null ? null : usl.model());
  }

  /** The operation's latency and throughput per reporting interval, from the first step on. */
  private List<CapacityResult.TimelinePoint> timelinePoints(List<CapacityStep> steps) {
    List<CapacityResult.TimelinePoint> points = new ArrayList<>();
    long origin = steps.isEmpty() ? 0 : bounds.get(0)[0];
    for (OperationIntervals.Interval iv :
        timeline.operations().getOrDefault(operation, List.of())) {
      if (iv.startMillis() >= origin - 1000 && iv.ok().getTotalCount() > 0) {
        points.add(
            new CapacityResult.TimelinePoint(
                (iv.startMillis() - origin) / 1000.0,
                iv.ok().getValueAtPercentile(50) / 1000.0,
                iv.ok().getValueAtPercentile(99) / 1000.0,
                iv.throughput()));
      }
    }
    return points;
  }

  /**
   * Fits the USL over the sizes this run measured and the capacity runs named (ids or directories;
   * null for none), by node count.
   */
  static CapacityResult.UslFit uslFit(String refs, List<CapacityResult.Size> sizes) {
    Path results = ResultsLocation.resolve(Catalog.RESULTS_DIR.defaultText());
    List<CapacityResult> others = new ArrayList<>();
    if (refs != null) {
      for (String ref : refs.split(",")) {
        String r = ref.trim();
        others.add(
            CapacityReport.read(Files.isDirectory(Path.of(r)) ? Path.of(r) : results.resolve(r)));
      }
    }
    return CapacityResult.UslFit.over(sizes, others);
  }

  /**
   * A plain statement when every node shares one machine (all on loopback, or the test double in
   * this process): an added node takes CPU from the others, so capacity cannot grow with it here.
   */
  static String sharedMachine(TargetInfo target) {
    List<String> hosts = target.grpcAddresses() == null ? List.of() : target.grpcAddresses();
    boolean local =
        !hosts.isEmpty()
            && hosts.stream()
                .map(h -> h.substring(0, h.lastIndexOf(':')))
                .allMatch(h -> h.startsWith("127.") || h.equals("localhost") || h.equals("[::1]"));
    if (!local && !target.kind().testDouble()) {
      return null;
    }
    return "every node runs on this one machine"
        + (target.kind().testDouble() ? " (the test double, inside the injector's process)" : "")
        + ", with the injector: an added node takes CPU from the others, so a larger cluster"
        + " cannot show more capacity here, and a fit over these sizes says nothing about a"
        + " cluster on separate machines";
  }
}
