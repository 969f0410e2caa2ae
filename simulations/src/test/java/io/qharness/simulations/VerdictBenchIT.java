package io.qharness.simulations;

import static org.assertj.core.api.Assertions.assertThat;

import io.qharness.metrics.OperationSummary;
import io.qharness.results.RunRecord;
import io.qharness.testsupport.LocalQdrantCluster;
import io.qharness.testsupport.RequiresQdrant;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How far a nightly job can trust compare's verdicts on the real Qdrant from ../shared: the share
 * of A/A comparisons flagged (identical runs, nothing changed) and of comparisons with a known
 * slow-down caught. The slow-down is a duty cycle on every node: SIGSTOP for {@code pauseMicros} of
 * every {@code periodMicros} (default 1 of 5 ms), which makes most searches slower by a similar
 * share. The workload is search-only by default ({@code -Dqharness.bench.readOnly=false}: the
 * default mixed one).
 *
 * <p>A benchmark, not a test: about 20 minutes; it runs only with {@code -Dqharness.bench=verdicts}
 * and prints its figures (also to target/verdict-bench.md):
 *
 * <pre>
 * QDRANT_BIN=../shared/qdrant/qdrant mvn -B verify -pl simulations -am -Dqharness.bench=verdicts \
 *     -Dit.test=VerdictBenchIT -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dfailsafe.failIfNoSpecifiedTests=false
 * </pre>
 */
@RequiresQdrant
class VerdictBenchIT {
  @TempDir Path dir;

  private static int setting(String name, int def) {
    return Integer.getInteger("qharness.bench." + name, def);
  }

  @Test
  void falseAlarmsAndDetections() throws Exception {
    Assumptions.assumeTrue(
        "verdicts".equals(System.getProperty("qharness.bench")),
        "VerdictBenchIT is a 20-minute benchmark: run it with -Dqharness.bench=verdicts");
    int baseRuns = setting("baseRuns", 5);
    int aaRuns = setting("aaRuns", 10);
    int slowRuns = setting("slowRuns", 10);
    int pauseMicros =
        setting("pauseMicros", 850); // about +20 % search p50 on a quiet 2-core machine
    int periodMicros = setting("periodMicros", 5000);
    boolean readOnly = !"false".equals(System.getProperty("qharness.bench.readOnly"));
    String duration = System.getProperty("qharness.bench.duration", "20s");
    Path results = dir.resolve("results");
    StringBuilder report = new StringBuilder();
    try (LocalQdrantCluster cluster =
        LocalQdrantCluster.builder().name("verdicts").nodes(3).start()) {
      List<String> common =
          List.of(
              "--hosts",
              cluster.hosts(),
              "--results-dir",
              results.toString(),
              "--progress",
              "false",
              "--no-report",
              "--p99-ms",
              "100000",
              "--max-error-pct",
              "100");
      QharnessCli load = cli(common, "LoadSimulation", "--run-id", "load");
      assertThat(load.code()).as(load.toString()).isZero();
      List<String> repeated =
          new ArrayList<>(List.of("--upload", "false", "--duration", duration, "--warmup", "5s"));
      if (readOnly) {
        // upserts wake the optimizer at random moments: noise that is not the server's speed
        repeated.addAll(List.of("--upsert-rate", "0", "--filtered-search-rate", "0"));
      }
      QharnessCli base =
          cli(
              common,
              repeated,
              "--repeat",
              Integer.toString(baseRuns),
              "--run-id",
              "base",
              "--promote",
              "bench");
      assertThat(base.code()).as(base.toString()).isZero();
      report.append(base.out().substring(Math.max(0, base.out().indexOf("Noise floor"))));
      QharnessCli aa =
          cli(common, repeated, "--repeat", Integer.toString(aaRuns), "--run-id", "aa");
      assertThat(aa.code()).as(aa.toString()).isZero();
      QharnessCli slow;
      Process pauser = dutyCycle(cluster, pauseMicros, periodMicros);
      try {
        slow = cli(common, repeated, "--repeat", Integer.toString(slowRuns), "--run-id", "slow");
      } finally {
        pauser.destroy(); // its trap resumes every node
        pauser.waitFor();
        for (int i = 0; i < cluster.nodes().size(); i++) {
          cluster.resume(i);
        }
      }
      assertThat(slow.code()).as(slow.toString()).isZero();

      List<Path> aaDirs = runs(results.resolve("aa"));
      List<Path> slowDirs = runs(results.resolve("slow"));
      report.append(
          String.format(
              Locale.ROOT,
              "%nInjected slow-down: every node stopped %d µs of every %d µs (%s workload). Search"
                  + " latency, geometric mean over %d slowed runs / %d A/A runs: p50 %+.1f %%,"
                  + " p90 %+.1f %%, p99 %+.1f %%, mean %+.1f %%%n%n",
              pauseMicros,
              periodMicros,
              readOnly ? "search-only" : "default mixed",
              slowDirs.size(),
              aaDirs.size(),
              effect(slowDirs, aaDirs, OperationSummary::p50Micros),
              effect(slowDirs, aaDirs, OperationSummary::p90Micros),
              effect(slowDirs, aaDirs, OperationSummary::p99Micros),
              effect(slowDirs, aaDirs, OperationSummary::meanMicros)));
      report.append(
          "| candidate runs | A/A comparisons | flagged (false alarms) | slowed comparisons |"
              + " flagged (detected) |\n|---|---|---|---|---|\n");
      Map<String, Integer> alarmsByMetric = new TreeMap<>();
      for (int n : new int[] {1, 3, 5}) {
        int[] fp = rate(groups(aaDirs, n), results, alarmsByMetric);
        int[] tp = rate(groups(slowDirs, n), results, new TreeMap<>());
        report.append(
            String.format(
                Locale.ROOT,
                "| %d | %d | %d (%.0f %%) | %d | %d (%.0f %%) |%n",
                n,
                fp[1],
                fp[0],
                100.0 * fp[0] / fp[1],
                tp[1],
                tp[0],
                100.0 * tp[0] / tp[1]));
      }
      report.append("\nA/A false alarms by metric (all group sizes): ").append(alarmsByMetric);
      report.append('\n');
      // the old way, for contrast: one A/A run against one baseline run, on intervals
      int oldAlarms = 0;
      for (Path a : aaDirs) {
        if (compare(results, List.of(a.toString()), runs(results.resolve("base")).get(0)).code()
            == 1) {
          oldAlarms++;
        }
      }
      report.append(
          String.format(
              Locale.ROOT,
              "%nOne run against one (reporting intervals as samples): %d of %d A/A runs flagged%n",
              oldAlarms,
              aaDirs.size()));
    }
    System.out.println(report);
    Files.writeString(Path.of("target", "verdict-bench.md"), report.toString());
  }

  private static QharnessCli cli(List<String> common, Object... more) {
    List<String> args = new ArrayList<>(List.of("run"));
    List<String> rest = new ArrayList<>();
    for (Object o : more) {
      if (o instanceof List<?> l) {
        l.forEach(x -> rest.add(x.toString()));
      } else {
        rest.add(o.toString());
      }
    }
    if (!rest.isEmpty() && !rest.get(0).startsWith("--")) {
      args.add(rest.remove(0)); // the simulation
    }
    args.addAll(common);
    args.addAll(rest);
    return QharnessCli.run(args.toArray(new String[0]));
  }

  /** Up to 60 groups of {@code n} runs (every one when fewer), drawn with a fixed seed. */
  private static List<List<String>> groups(List<Path> runs, int n) {
    List<List<String>> out = new ArrayList<>();
    SplittableRandom r = new SplittableRandom(n);
    if (n == 1) {
      runs.forEach(p -> out.add(List.of(p.toString())));
      return out;
    }
    for (int g = 0; g < 60; g++) {
      List<Path> pool = new ArrayList<>(runs);
      List<String> group = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        group.add(pool.remove(r.nextInt(pool.size())).toString());
      }
      out.add(group);
    }
    return out;
  }

  /** {flagged, compared} for each group against the calibrated baseline; counts flagged metrics. */
  private static int[] rate(
      List<List<String>> groups, Path results, Map<String, Integer> flaggedMetrics) {
    int flagged = 0;
    for (List<String> g : groups) {
      QharnessCli c = compare(results, g, null);
      assertThat(c.code()).as("compare exit code: " + c).isIn(0, 1);
      flagged += c.code();
      for (String line : c.out().split("\\R")) {
        if (line.contains("**REGRESSION**")) {
          String[] cells = line.split("\\|");
          flaggedMetrics.merge(cells[1].trim() + " " + cells[2].trim(), 1, Integer::sum);
        }
      }
    }
    return new int[] {flagged, groups.size()};
  }

  private static QharnessCli compare(Path results, List<String> candidates, Path baselineRun) {
    List<String> args = new ArrayList<>(List.of("compare"));
    args.addAll(candidates);
    args.addAll(
        List.of(
            "--baseline",
            baselineRun == null ? "bench" : baselineRun.toString(),
            "--results-dir",
            results.toString()));
    return QharnessCli.run(args.toArray(new String[0]));
  }

  private static List<Path> runs(Path set) throws Exception {
    try (var s = Files.list(set.resolve("runs"))) {
      return s.filter(p -> Files.isRegularFile(p.resolve("run.json"))).sorted().toList();
    }
  }

  /** The change in percent of the geometric mean of a search figure, slowed runs over A/A runs. */
  private static double effect(
      List<Path> slowed, List<Path> aa, ToDoubleFunction<OperationSummary> figure) {
    return 100 * (geoMean(slowed, figure) / geoMean(aa, figure) - 1);
  }

  private static double geoMean(List<Path> runs, ToDoubleFunction<OperationSummary> figure) {
    double sum = 0;
    for (Path p : runs) {
      sum += Math.log(figure.applyAsDouble(RunRecord.load(p).summary().operation("search")));
    }
    return Math.exp(sum / runs.size());
  }

  /**
   * Stops every node for {@code pauseMicros} of every {@code periodMicros}, from one bash loop of
   * built-ins (a process per signal could not keep a 5 ms cycle). Evenly spread short pauses slow
   * most searches a little, as a costlier server would, rather than a few a lot. The loop ends and
   * resumes the nodes when destroyed or when this JVM goes away.
   */
  private Process dutyCycle(LocalQdrantCluster cluster, int pauseMicros, int periodMicros)
      throws Exception {
    Path script = dir.resolve("duty-cycle.sh");
    Files.writeString(
        script,
        String.join(
            "\n",
            "pause=$1; rest=$2; watch=$3; shift 3",
            "trap 'kill -CONT \"$@\" 2>/dev/null; exit 0' TERM INT HUP",
            "exec 3<> <(:)", // a pipe nobody writes: read -t sleeps without a fork
            "while kill -0 \"$watch\" 2>/dev/null; do",
            "  kill -STOP \"$@\" 2>/dev/null; read -t \"$pause\" -u 3",
            "  kill -CONT \"$@\" 2>/dev/null; read -t \"$rest\" -u 3",
            "done",
            "kill -CONT \"$@\" 2>/dev/null",
            ""));
    List<String> cmd =
        new ArrayList<>(
            List.of(
                "bash",
                script.toString(),
                String.format(Locale.ROOT, "%.6f", pauseMicros / 1e6),
                String.format(Locale.ROOT, "%.6f", (periodMicros - pauseMicros) / 1e6),
                Long.toString(ProcessHandle.current().pid())));
    cluster.nodes().forEach(n -> cmd.add(Long.toString(n.pid())));
    return new ProcessBuilder(cmd).redirectErrorStream(true).start();
  }
}
