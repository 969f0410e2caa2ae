package io.qharness.run;

import io.qharness.cluster.ClusterInspector.CollectionView;
import io.qharness.cluster.Target;
import io.qharness.config.Catalog;
import io.qharness.config.Settings;
import io.qharness.metrics.RunListener;
import io.qharness.metrics.RunSummary;
import io.qharness.report.EfSweep;
import io.qharness.report.EfSweepReport;
import io.qharness.results.AtomicFiles;
import io.qharness.results.RunRecord;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Records an hnsw_ef sweep: its plan in run.json when the run starts; when the run ends, the steps'
 * recall and speed on the console, in ef-sweep.md / ef-sweep.html and in run.json ({@code efSweep}),
 * with what the target inspection found (a test double; a collection with no HNSW index, which
 * voids the recommendation). Gatling may end the run before or after the simulation inspects the
 * target, so either order completes the record.
 */
public final class EfSweepRecorder implements RunListener {
  /** The sweep's Markdown table in the run folder. */
  public static final String MARKDOWN = "ef-sweep.md";

  /** The sweep's self-contained HTML report in the run folder. */
  public static final String HTML = "ef-sweep.html";

  /**
   * indexing_threshold (KB) of a collection the sweep creates unless indexingThreshold is given:
   * every segment gets its HNSW index, so the sweep measures HNSW whatever the collection's size.
   */
  public static final long INDEXING_THRESHOLD_KB = 1;

  private final RunRecord record;
  private final List<Integer> efs;
  private final boolean closedModel;
  private final double targetRecall;
  private final boolean embedded;
  private volatile String inspectedKind;
  private volatile CollectionView inspectedCollection;
  private volatile EfSweep written;
  private volatile boolean writtenAsTestDouble;

  EfSweepRecorder(RunRecord record, Settings settings, boolean embedded) {
    this.record = record;
    this.efs = settings.get(Catalog.EF_SWEEP);
    double rate = settings.get(Catalog.EF_SWEEP_RATE);
    this.closedModel = rate == 0;
    this.targetRecall = settings.get(Catalog.TARGET_RECALL);
    this.embedded = embedded;
    Map<String, Object> plan = new LinkedHashMap<>();
    plan.put("hnswEf", efs);
    plan.put("exact", settings.get(Catalog.EF_SWEEP_EXACT));
    plan.put("model", closedModel ? "closed: " + settings.get(Catalog.EF_SWEEP_CONCURRENCY) + " concurrent searches" : "open: " + rate + "/s");
    plan.put("stepDuration", settings.get(Catalog.EF_SWEEP_STEP_DURATION).toString());
    if (settings.get(Catalog.UPLOAD)) {
      plan.put("indexingThresholdKb",
          settings.isSet(Catalog.INDEXING_THRESHOLD) ? settings.get(Catalog.INDEXING_THRESHOLD) : INDEXING_THRESHOLD_KB);
    }
    record.put("efSweepPlan", plan, true);
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
    boolean testDouble = testDouble();
    sweep = checked(sweep, testDouble);
    System.out.println();
    System.out.println("qharness search-parameter sweep (recall@k against exact ground truth):");
    System.out.print(sweep.toTable());
    write(record.dir(), record.runId(), sweep, testDouble);
    record.put("efSweep", sweep, false); // written when the record seals the run, right after
    written = sweep;
    writtenAsTestDouble = testDouble;
  }

  /** What the inspection of the target at the end of the run found; completes a sweep already written. */
  void targetInspected(String kind, CollectionView collection) {
    inspectedKind = kind;
    inspectedCollection = collection;
    EfSweep done = written;
    if (done == null) {
      return;
    }
    boolean testDouble = testDouble();
    EfSweep checked = checked(done, testDouble);
    if (testDouble != writtenAsTestDouble || checked != done) {
      write(record.dir(), record.runId(), checked, testDouble);
      record.put("efSweep", checked, true);
      checked.caveats().forEach(c -> System.out.println("CAVEAT: " + c));
    }
  }

  private boolean testDouble() {
    return embedded || Target.isTestDouble(inspectedKind);
  }

  /** A collection with no HNSW index voids the sweep (not on the test double, which always scans and says so itself). */
  private EfSweep checked(EfSweep sweep, boolean testDouble) {
    CollectionView c = inspectedCollection;
    return testDouble || c == null ? sweep : sweep.checkIndexed(c.name(), c.points(), c.indexedVectors());
  }

  /** Writes ef-sweep.md and ef-sweep.html into a run folder. */
  public static void write(Path dir, String runId, EfSweep sweep, boolean testDouble) {
    AtomicFiles.write(dir.resolve(MARKDOWN), sweep.toMarkdown(testDouble));
    AtomicFiles.write(dir.resolve(HTML), EfSweepReport.html(sweep, runId, testDouble));
  }
}
