package io.qharness.report;

import io.qharness.metrics.IntervalLog;
import io.qharness.results.RunFile;
import io.qharness.results.RunRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The regression verdict of a scheduled job: candidate runs against baseline runs, each side one
 * run or the merged injectors of one distributed test. Refuses, with the reason and the fix,
 * incomplete runs, runs of different workloads and injector runs that did not run together.
 */
public final class RegressionCheck {
  private RegressionCheck() {}

  /**
   * How to judge.
   *
   * @param thresholds the tolerance per metric
   * @param statistics bootstrap resamples, seed and the fewest steady intervals
   * @param allowDifferentWorkloads compare even when the workloads differ (they are still listed)
   */
  public record Options(
      Thresholds thresholds, Comparison.Options statistics, boolean allowDifferentWorkloads) {}

  /**
   * The verdict: every finding, the workload differences that were allowed, and what may make a
   * side's figures unreliable.
   */
  public record Verdict(
      String candidate,
      String baseline,
      List<Comparison.Finding> findings,
      List<String> workloadDifferences,
      List<String> caveats,
      Thresholds thresholds) {

    public boolean regression() {
      return Comparison.anyRegression(findings);
    }

    /** The Markdown summary, for a pull-request comment or a job summary. */
    public String markdown() {
      return ComparisonReport.markdown(candidate, baseline, findings, thresholds, caveats);
    }

    /** JUnit XML: one test case per operation x metric. */
    public String junit() {
      return ComparisonReport.junit(candidate, baseline, findings, thresholds);
    }
  }

  /**
   * Judges the candidates against the baselines ({@code baselineNames} as the user named them).
   *
   * @throws IllegalArgumentException naming the problem and the fix, when the runs cannot be
   *     compared
   */
  public static Verdict judge(
      List<RunRecord.Loaded> baselines,
      List<String> baselineNames,
      List<RunRecord.Loaded> candidates,
      Options options) {
    checkSide(candidates, "candidate", options.allowDifferentWorkloads());
    checkSide(baselines, "baseline", options.allowDifferentWorkloads());
    List<String> differences =
        new ArrayList<>(
            Comparison.workloadDifferences(baselines.get(0).run(), candidates.get(0).run()));
    if (baselines.size() != candidates.size()) {
      // each injector adds its own load: throughput is only comparable with as many of them
      differences.add(
          "injector runs: baseline " + baselines.size() + ", candidate " + candidates.size());
    }
    if (!differences.isEmpty() && !options.allowDifferentWorkloads()) {
      throw new IllegalArgumentException(
          "refusing to compare: the workloads differ\n  - "
              + String.join("\n  - ", differences)
              + "\n(run the same workload, or pass --allow-different-workloads)");
    }
    Map<String, List<OperationIntervals.Interval>> a =
        OperationIntervals.read(baselines.stream().map(RegressionCheck::hlog).toList());
    Map<String, List<OperationIntervals.Interval>> b =
        OperationIntervals.read(candidates.stream().map(RegressionCheck::hlog).toList());
    List<Comparison.Finding> findings =
        Comparison.compare(a, b, options.thresholds(), options.statistics());
    if (findings.stream().allMatch(f -> f.verdict() == Comparison.Verdict.SKIPPED)) {
      throw new IllegalArgumentException(
          "nothing could be compared: no operation has "
              + options.statistics().minIntervals()
              + " steady reporting intervals in both runs (run longer, or lower reportInterval)");
    }
    List<String> caveats = new ArrayList<>();
    for (int i = 0; i < baselines.size(); i++) {
      caveats.addAll(
          ComparisonReport.caveats("baseline", baselineNames.get(i), baselines.get(i).run()));
    }
    for (RunRecord.Loaded c : candidates) {
      caveats.addAll(ComparisonReport.caveats("candidate", c.runId(), c.run()));
    }
    return new Verdict(
        String.join(" + ", candidates.stream().map(RunRecord.Loaded::runId).toList()),
        String.join(" + ", baselineNames),
        findings,
        differences,
        caveats,
        options.thresholds());
  }

  /**
   * One side's runs: complete, each given once, and, when several (the injectors of one distributed
   * test, merged in wall-clock time), of one workload and run at the same time.
   */
  static void checkSide(List<RunRecord.Loaded> runs, String role, boolean allowDifferent) {
    runs.forEach(r -> complete(r, role));
    RunRecord.Loaded first = runs.get(0);
    String firstId = first.runId();
    for (RunRecord.Loaded r : runs.subList(1, runs.size())) {
      String id = r.runId();
      if (id.equals(firstId)) {
        throw new IllegalArgumentException(
            "the " + role + " run " + id + " is given twice; each injector's run once");
      }
      List<String> d =
          Comparison.workloadDifferences(first.run(), "`" + firstId + "`", r.run(), "`" + id + "`");
      if (!d.isEmpty() && !allowDifferent) {
        throw new IllegalArgumentException(
            "refusing to merge the "
                + role
                + " runs: they are not the same workload\n  - "
                + String.join("\n  - ", d)
                + "\n(merge only the injectors of one test, or pass --allow-different-workloads)");
      }
      if (!overlap(first.run(), r.run())) {
        throw new IllegalArgumentException(
            "refusing to merge the "
                + role
                + " runs `"
                + firstId
                + "` and `"
                + id
                + "`: they did not run at the same time ("
                + span(first.run())
                + " and "
                + span(r.run())
                + "); merged runs are the injectors of one test, started together");
      }
    }
  }

  private static boolean overlap(RunFile a, RunFile b) {
    try {
      Instant a0 = Instant.parse(a.startedAt());
      Instant a1 = Instant.parse(a.endedAt());
      Instant b0 = Instant.parse(b.startedAt());
      Instant b1 = Instant.parse(b.endedAt());
      return a0.isBefore(b1) && b0.isBefore(a1);
    } catch (DateTimeParseException | NullPointerException e) {
      return true; // times not recorded: nothing to hold against the merge
    }
  }

  private static String span(RunFile r) {
    return (r.startedAt() == null ? "?" : r.startedAt())
        + " .. "
        + (r.endedAt() == null ? "?" : r.endedAt());
  }

  private static void complete(RunRecord.Loaded r, String role) {
    if (!r.complete()) {
      RunFile.Status status = r.run().status();
      throw new IllegalArgumentException(
          "the "
              + role
              + " "
              + r.dir()
              + " is incomplete (status "
              + (status == null ? "unknown" : status.name().toLowerCase(Locale.ROOT))
              + (r.run().failure() != null ? ": " + r.run().failure() : "")
              + "); only complete runs can be compared");
    }
  }

  private static Path hlog(RunRecord.Loaded r) {
    Path p = r.dir().resolve(IntervalLog.FILE);
    if (!Files.isRegularFile(p)) {
      throw new IllegalArgumentException(
          r.dir()
              + " has no "
              + IntervalLog.FILE
              + "; compare needs the run's interval histograms");
    }
    return p;
  }
}
