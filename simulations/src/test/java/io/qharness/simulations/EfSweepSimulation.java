package io.qharness.simulations;

import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.qharness.protocol.Qdrant.qdrant;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.PopulationBuilder;
import io.gatling.javaapi.core.Simulation;
import io.qharness.config.Catalog;
import io.qharness.config.Settings;
import io.qharness.protocol.OpenLoad;
import io.qharness.protocol.QdrantCheck;
import io.qharness.protocol.SearchActionBuilder;
import io.qharness.report.EfSweep;
import io.qharness.run.EfSweepRecorder;
import io.qharness.run.Expectation;
import io.qharness.run.QharnessRun;
import io.qharness.run.SearchPathRecorder;
import io.qharness.simulation.LoadPhases;
import io.qharness.simulation.SearchSettings;
import io.qharness.workload.Dataset;
import io.qharness.workload.QuerySet;
import io.qharness.workload.vectors.VectorDistance;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The recall/speed trade-off of HNSW search: load the data set, then one step per hnsw_ef of
 * efSweep (and, with efSweepExact, an exact-search reference), each for efSweepStepDuration. By
 * default each step keeps efSweepConcurrency searches in flight (closed model: the throughput the
 * cluster sustains at that ef, as ann-benchmarks measure it); with efSweepRate each step is an open
 * model at that rate (latency from intended start at a fixed load). Every step measures recall@k
 * against exact ground truth; the end of the run tabulates the steps (console, ef-sweep.md,
 * run.json) and names the smallest hnsw_ef whose mean recall reaches targetRecall.
 *
 * <pre>
 * mvn gatling:test -Dqharness.simulation=io.qharness.simulations.EfSweepSimulation -Dqharness.efSweep=16,32,64,128
 * </pre>
 */
public class EfSweepSimulation extends Simulation {
  private final QharnessRun run = QharnessRun.start(getClass());
  private final Dataset data = run.dataset();

  {
    Settings settings = run.settings();
    int topK = settings.get(Catalog.TOP_K);
    VectorDistance distance = run.distance(data);
    QuerySet queries = run.queries(data, distance, topK);
    QdrantCheck recallCheck = run.recallCheck();
    Duration step = settings.get(Catalog.EF_SWEEP_STEP_DURATION);
    Duration warmup = settings.get(Catalog.WARMUP);

    if (!settings.isSet(Catalog.INDEXING_THRESHOLD) && settings.get(Catalog.UPLOAD)) {
      System.out.println(
          "qharness: hnsw_ef sweep: indexingThreshold=1 KB so that even a small collection builds"
              + " its HNSW index (at Qdrant's default of 10,000 KB small collections are searched"
              + " by full scan, where hnsw_ef changes nothing)");
    }
    if (!settings.isSet(Catalog.FULL_SCAN_THRESHOLD) && settings.get(Catalog.UPLOAD)) {
      System.out.println(
          "qharness: hnsw_ef sweep: fullScanThreshold=10 KB so that the HNSW graph serves the"
              + " searches of small segments too (Qdrant scans a segment below its"
              + " full_scan_threshold, 10,000 KB by default, even when it is indexed)");
    }
    SearchPathRecorder paths = run.searchPaths();
    List<Integer> efs = run.efSweep();
    if (settings.isSet(Catalog.HNSW_EF) || settings.get(Catalog.EXACT_SEARCH)) {
      System.out.println(
          "qharness: note: hnswEf / exactSearch are ignored by the sweep, which sets hnsw_ef per"
              + " step from efSweep (efSweepExact adds an exact step)");
    }
    // each step between two reads of the nodes' search-path counters (did the HNSW graph serve
    // it?), read by the user that ends the step before; the null step closes the last window
    List<Integer> steps = new ArrayList<>(efs);
    if (settings.get(Catalog.EF_SWEEP_EXACT)) {
      steps.add(null);
    }
    String first = name(steps.get(0));
    // the nodes' resources from here on are the sweep's (warm-up included), not the index build's
    ChainBuilder sweepStarts = run.enter("ef sweep");
    PopulationBuilder chain =
        LoadPhases.createUploadAndWait(
            run,
            data,
            distance,
            run.payloads(),
            EfSweepRecorder.INDEXING_THRESHOLD_KB,
            EfSweepRecorder.FULL_SCAN_THRESHOLD_KB,
            warmup.isZero() ? sweepStarts.exec(paths.markStep(first)) : sweepStarts);
    if (!warmup.isZero()) {
      chain =
          chain.andThen(
              step(
                  settings,
                  Catalog.WARMUP_PREFIX + EfSweep.operation(efs.get(0)),
                  queries,
                  topK,
                  efs.get(0),
                  null,
                  warmup,
                  paths.markStep(first)));
    }
    for (int i = 0; i < steps.size(); i++) {
      Integer ef = steps.get(i);
      String next = i + 1 < steps.size() ? name(steps.get(i + 1)) : null;
      chain =
          chain.andThen(
              step(settings, name(ef), queries, topK, ef, recallCheck, step, paths.markStep(next)));
    }
    setUp(chain)
        .protocols(run.protocol())
        .assertions(run.assertions(Expectation.errorsAtMost(settings.get(Catalog.MAX_ERROR_PCT))));
  }

  /** A step's request name: its ef, or the exact step's (null). */
  private static String name(Integer ef) {
    return ef == null ? EfSweep.EXACT : EfSweep.operation(ef);
  }

  /**
   * One step: searches at {@code ef} (null: exact) for {@code length}, closed or open as
   * configured; the last of its users runs {@code atEnd}.
   */
  private PopulationBuilder step(
      Settings settings,
      String name,
      QuerySet queries,
      int topK,
      Integer ef,
      QdrantCheck recallCheck,
      Duration length,
      ChainBuilder atEnd) {
    SearchActionBuilder search = qdrant(name).search().queries(queries).limit(topK);
    search = ef == null ? search.exact(true) : search.hnswEf(ef);
    search = SearchSettings.tuning(settings, search); // the sweep owns hnsw_ef and exact
    if (recallCheck != null) {
      search = search.check(recallCheck);
    }
    double rate = settings.get(Catalog.EF_SWEEP_RATE);
    if (rate > 0) {
      return scenario(name)
          .exec(search.paced(run.load(name, OpenLoad.constant(rate, length))))
          .exec(atEnd)
          .injectOpen(atOnceUsers(1));
    }
    int users = settings.get(Catalog.EF_SWEEP_CONCURRENCY);
    return scenario(name)
        .during(length)
        .on(exec(search))
        .exec(LoadPhases.lastOut(users, atEnd))
        .injectOpen(atOnceUsers(users));
  }

  @Override
  public void after() {
    data.close();
    run.close();
  }
}
