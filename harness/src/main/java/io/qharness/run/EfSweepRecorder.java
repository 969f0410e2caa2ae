package io.qharness.run;

import io.qharness.config.Catalog;
import io.qharness.config.Settings;
import io.qharness.metrics.RunListener;
import io.qharness.metrics.RunSummary;
import io.qharness.report.EfSweep;
import io.qharness.report.render.EfSweepReport;
import io.qharness.results.CollectionState;
import io.qharness.results.RunFile.Section;
import io.qharness.results.RunFile.TargetKind;
import io.qharness.results.RunRecord;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Records an hnsw_ef sweep: its plan in run.json when the run starts; when the run ends, the steps'
 * recall and speed on the console, in ef-sweep.md / ef-sweep.html and in run.json ({@code
 * efSweep}), with what the target inspection found (a test double; a collection with no HNSW index,
 * which voids the recommendation). Gatling may end the run before or after the simulation inspects
 * the target, so either order completes the record.
 */
public final class EfSweepRecorder implements RunListener {
  /**
   * indexing_threshold (KB) of a collection the sweep creates unless indexingThreshold is given:
   * every segment gets its HNSW index, so the sweep measures HNSW whatever the collection's size.
   */
  public static final long INDEXING_THRESHOLD_KB = 1;

  private final RunRecord record;
  private final List<Integer> efs;
  private final boolean closedModel;
  private final double targetRecall;

  /**
   * HNSW full_scan_threshold (KB) of a collection the sweep creates unless fullScanThreshold is
   * given: Qdrant's minimum, so that any segment of more than a few dozen vectors is searched
   * through the graph (at the default 10,000 KB a segment of fewer than about 20,000 128-d vectors
   * is scanned).
   */
  public static final long FULL_SCAN_THRESHOLD_KB = 10;

  private final boolean embedded;
  private final SearchPathRecorder paths;
  private final PrintStream out;
  private volatile TargetKind inspectedKind;
  private volatile CollectionState inspectedCollection;
  private volatile EfSweep raw;
  private volatile EfSweep written;
  private volatile boolean writtenAsTestDouble;

  EfSweepRecorder(
      RunRecord record,
      Settings settings,
      boolean embedded,
      SearchPathRecorder paths,
      PrintStream out) {
    this.record = record;
    this.out = out;
    this.paths = paths;
    this.efs = settings.get(Catalog.EF_SWEEP);
    double rate = settings.get(Catalog.EF_SWEEP_RATE);
    this.closedModel = rate == 0;
    this.targetRecall = settings.get(Catalog.TARGET_RECALL);
    this.embedded = embedded;
    Map<String, Object> plan = new LinkedHashMap<>();
    plan.put("hnswEf", efs);
    plan.put("exact", settings.get(Catalog.EF_SWEEP_EXACT));
    plan.put(
        "model",
        closedModel
            ? "closed: " + settings.get(Catalog.EF_SWEEP_CONCURRENCY) + " concurrent searches"
            : "open: " + rate + "/s");
    plan.put("stepDuration", settings.get(Catalog.EF_SWEEP_STEP_DURATION).toString());
    if (settings.get(Catalog.UPLOAD)) {
      plan.put(
          "indexingThresholdKb",
          settings.isSet(Catalog.INDEXING_THRESHOLD)
              ? settings.get(Catalog.INDEXING_THRESHOLD)
              : INDEXING_THRESHOLD_KB);
      plan.put(
          "fullScanThresholdKb",
          settings.isSet(Catalog.FULL_SCAN_THRESHOLD)
              ? settings.get(Catalog.FULL_SCAN_THRESHOLD)
              : FULL_SCAN_THRESHOLD_KB);
    }
    record.put(Section.EF_SWEEP_PLAN, plan, true);
  }

  /** The hnsw_ef values, one step each, in the order given. */
  public List<Integer> efs() {
    return efs;
  }

  @Override
  public void ended(RunSummary summary) {
    EfSweep sweep = EfSweep.of(summary, targetRecall, closedModel);
    if (sweep == null) {
      return;
    }
    raw = sweep;
    boolean testDouble = testDouble();
    sweep = checked(sweep, testDouble);
    out.println();
    out.println("qharness search-parameter sweep (recall@k against exact ground truth):");
    out.print(sweep.toTable());
    EfSweepReport.write(record.dir(), record.runId(), sweep, testDouble);
    record.put(
        Section.EF_SWEEP, sweep, false); // written when the record seals the run, right after
    written = sweep;
    writtenAsTestDouble = testDouble;
  }

  /**
   * What the inspection of the target at the end of the run found; completes a sweep already
   * written.
   */
  void targetInspected(TargetKind kind, CollectionState collection) {
    inspectedKind = kind;
    inspectedCollection = collection;
    EfSweep done = written;
    if (done == null) {
      return;
    }
    boolean testDouble = testDouble();
    EfSweep checked = checked(raw, testDouble);
    if (testDouble != writtenAsTestDouble || !checked.equals(done)) {
      EfSweepReport.write(record.dir(), record.runId(), checked, testDouble);
      record.put(Section.EF_SWEEP, checked, true);
      checked.caveats().forEach(c -> out.println("CAVEAT: " + c));
    }
  }

  private boolean testDouble() {
    return embedded || (inspectedKind != null && inspectedKind.testDouble());
  }

  /**
   * The sweep checked against what the server did: steps not served by the HNSW graph (per the
   * nodes' search counters) void the recommendation. Without those counters, a collection with no
   * HNSW index at the end still does (not on the test double, which says what it is itself).
   */
  private EfSweep checked(EfSweep sweep, boolean testDouble) {
    CollectionState c = inspectedCollection;
    EfSweep s = sweep.withSearchPaths(paths::window, whyScanned(c));
    boolean pathsKnown =
        s.rows().stream().anyMatch(r -> r.searchPaths() != null && r.searchPaths().measured());
    return testDouble || c == null || pathsKnown
        ? s
        : s.checkIndexed(c.name(), c.points(), c.indexedVectors());
  }

  /**
   * Why a step's searches were scans, and the fix, from what the collection looked like at the end.
   */
  private static String whyScanned(CollectionState c) {
    if (c != null && c.unindexed()) {
      return String.format(
          Locale.ROOT,
          "collection `%s` had no HNSW index (indexed_vectors_count 0 of %,d points: below its"
              + " indexing_threshold%s); recreate it with indexingThreshold=1 (the sweep's default"
              + " when it uploads)",
          c.name(),
          c.points(),
          c.indexingThresholdKb() == null
              ? ""
              : String.format(Locale.ROOT, " of %,d KB", c.indexingThresholdKb()));
    }
    String threshold = "";
    if (c != null && c.fullScanThresholdKb() != null && c.vectorSize() > 0) {
      threshold =
          String.format(
              Locale.ROOT,
              " (%,d KB, about %,d %d-d float vectors)",
              c.fullScanThresholdKb(),
              c.fullScanThresholdKb() * 1024 / (4L * c.vectorSize()),
              c.vectorSize());
    }
    return "Qdrant scans every segment holding less than the collection's HNSW full_scan_threshold"
        + threshold
        + "; recreate the collection with fullScanThreshold="
        + FULL_SCAN_THRESHOLD_KB
        + " (Qdrant's minimum, and the sweep's default when it uploads), or sweep a larger data"
        + " set";
  }
}
