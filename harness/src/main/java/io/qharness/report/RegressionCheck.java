package io.qharness.report;

import io.qharness.metrics.InjectorFigures;
import io.qharness.metrics.IntervalLog;
import io.qharness.results.RunFile;
import io.qharness.results.RunRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

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
      Comparison.Result result,
      List<String> workloadDifferences,
      List<String> caveats,
      Thresholds thresholds) {

    public boolean regression() {
      return result.regression();
    }
  }

  /**
   * Judges the candidates against the baselines ({@code baselineNames} as the user named them).
   * Runs of one side that ran at the same time are the injectors of one test and are merged into
   * one sample; runs that ran one after another are repeated samples.
   *
   * @throws IllegalArgumentException naming the problem and the fix, when the runs cannot be
   *     compared
   */
  public static Verdict judge(
      List<RunRecord.Loaded> baselines,
      List<String> baselineNames,
      List<RunRecord.Loaded> candidates,
      Options options) {
    List<List<RunRecord.Loaded>> cand =
        samples(candidates, "candidate", options.allowDifferentWorkloads());
    List<List<RunRecord.Loaded>> base =
        samples(baselines, "baseline", options.allowDifferentWorkloads());
    List<String> differences =
        new ArrayList<>(
            Comparison.workloadDifferences(baselines.get(0).run(), candidates.get(0).run()));
    int injectors = base.get(0).size();
    for (List<List<RunRecord.Loaded>> side : List.of(base, cand)) {
      for (List<RunRecord.Loaded> sample : side) {
        if (sample.size() != injectors) {
          // each injector adds its own load: throughput is only comparable with as many of them
          differences.add(
              "injector runs per test: "
                  + injectors
                  + " in `"
                  + base.get(0).get(0).runId()
                  + "`, "
                  + sample.size()
                  + " in `"
                  + sample.get(0).runId()
                  + "`");
          break;
        }
      }
    }
    if (!differences.isEmpty() && !options.allowDifferentWorkloads()) {
      throw new IllegalArgumentException(
          "refusing to compare: the workloads differ\n  - "
              + String.join("\n  - ", differences)
              + "\n(run the same workload, or pass --allow-different-workloads)");
    }
    Comparison.Result result =
        Comparison.compare(
            intervals(base), intervals(cand), options.thresholds(), options.statistics());
    if (result.findings().stream().allMatch(f -> f.verdict() == Comparison.Verdict.SKIPPED)) {
      throw new IllegalArgumentException(
          "nothing could be compared: no operation has "
              + options.statistics().minIntervals()
              + " steady reporting intervals in every run (run longer, or lower reportInterval)");
    }
    List<String> caveats = new ArrayList<>();
    for (RunRecord.Loaded b : baselines) {
      caveats.addAll(caveats("baseline", b.runId(), b.run()));
    }
    for (RunRecord.Loaded c : candidates) {
      caveats.addAll(caveats("candidate", c.runId(), c.run()));
    }
    return new Verdict(
        String.join(" + ", candidates.stream().map(RunRecord.Loaded::runId).toList()),
        String.join(" + ", baselineNames),
        result,
        differences,
        caveats,
        options.thresholds());
  }

  /** Each sample's interval histograms, its injectors' runs added up. */
  public static List<Map<String, List<OperationIntervals.Interval>>> intervals(
      List<List<RunRecord.Loaded>> samples) {
    List<Map<String, List<OperationIntervals.Interval>>> out = new ArrayList<>();
    for (List<RunRecord.Loaded> sample : samples) {
      out.add(OperationIntervals.read(sample.stream().map(RegressionCheck::hlog).toList()));
    }
    return out;
  }

  /**
   * One side's runs as samples: complete, each given once, of one workload; runs that overlap in
   * time are the injectors of one test (merged in wall-clock time), the others repeated tests.
   */
  public static List<List<RunRecord.Loaded>> samples(
      List<RunRecord.Loaded> runs, String role, boolean allowDifferentWorkloads) {
    runs.forEach(r -> complete(r, role));
    RunRecord.Loaded first = runs.get(0);
    Set<String> ids = new HashSet<>();
    for (RunRecord.Loaded r : runs) {
      if (!ids.add(r.runId())) {
        throw new IllegalArgumentException(
            "the " + role + " run " + r.runId() + " is given twice; give each run once");
      }
      List<String> d =
          Comparison.workloadDifferences(
              first.run(), "`" + first.runId() + "`", r.run(), "`" + r.runId() + "`");
      if (!d.isEmpty() && !allowDifferentWorkloads) {
        throw new IllegalArgumentException(
            "refusing to take the "
                + role
                + " runs together: they are not the same workload\n  - "
                + String.join("\n  - ", d)
                + "\n(repeat or spread one workload only, or pass --allow-different-workloads)");
      }
    }
    List<RunRecord.Loaded> byStart = new ArrayList<>(runs);
    byStart.sort(Comparator.comparing(r -> String.valueOf(r.run().startedAt())));
    List<List<RunRecord.Loaded>> samples = new ArrayList<>();
    Instant sampleEnd = null;
    for (RunRecord.Loaded r : byStart) {
      Instant start = instant(r.run().startedAt());
      Instant end = instant(r.run().endedAt());
      if (sampleEnd != null && start != null && end != null && start.isBefore(sampleEnd)) {
        samples.get(samples.size() - 1).add(r); // ran at the same time: another injector
        sampleEnd = end.isAfter(sampleEnd) ? end : sampleEnd;
      } else {
        samples.add(new ArrayList<>(List.of(r)));
        sampleEnd = end;
      }
    }
    return samples;
  }

  private static Instant instant(String s) {
    try {
      return s == null ? null : Instant.parse(s);
    } catch (DateTimeParseException e) {
      return null;
    }
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

  /**
   * What may make one run's figures unreliable, from its run record: an injector that was busy (its
   * own queueing shows as latency), a target that is the test double. {@code role} is baseline or
   * candidate.
   */
  public static List<String> caveats(String role, String name, RunFile r) {
    List<String> out = new ArrayList<>();
    InjectorFigures injector = r.injectorProcess();
    if (injector != null && !injector.busyIntervals().isEmpty()) {
      out.add(
          String.format(
              Locale.ROOT,
              "%s `%s`: the injector process used at least %.0f%% of its machine's cores in %d"
                  + " reporting interval(s); latencies there may include the injector's own"
                  + " queueing",
              role,
              name,
              100 * injector.busyShare(),
              injector.busyIntervals().size()));
    }
    if (r.testDouble()) {
      out.add(
          role
              + " `"
              + name
              + "` ran against qharness's test double ("
              + r.target().kind().json()
              + "): its figures are not Qdrant's performance");
    }
    return out;
  }
}
