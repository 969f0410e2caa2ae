package io.qharness.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.qharness.metrics.RunSummary;
import io.qharness.results.Json;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A distributed test's injectors each write their own run record; compare merges them per side
 * interval by interval, and refuses merges that are not one test.
 */
class CompareInjectorsTest {
  @TempDir Path results;

  private static final long T0 = 1_764_000_000_000L;

  /**
   * A complete run record of one injector: {@code seconds} 1-s intervals of searches from {@code
   * startMs}, ending on whole seconds.
   */
  private void injector(
      String id,
      long startMs,
      int seconds,
      int perSecond,
      double latencyMs,
      double searchRate,
      long seed)
      throws Exception {
    Path dir = Files.createDirectories(results.resolve(id));
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("searchRate", Double.toString(searchRate));
    config.put("runId", id);
    Map<String, Object> run = new LinkedHashMap<>();
    run.put("runId", id);
    run.put("workload", "io.qharness.simulations.MixedWorkloadSimulation");
    run.put("status", "complete");
    run.put("startedAt", Instant.ofEpochMilli(startMs).toString());
    run.put("endedAt", Instant.ofEpochMilli(startMs + seconds * 1000L + 1000).toString());
    run.put("config", config);
    run.put("target", Map.of("kind", "qdrant"));
    Json.MAPPER.writeValue(dir.resolve("run.json").toFile(), run);
    Json.MAPPER.writeValue(
        dir.resolve("summary.json").toFile(),
        new RunSummary(startMs, startMs + seconds * 1000L, List.of(), List.of()));
    Random random = new Random(seed);
    try (PrintStream out =
        new PrintStream(dir.resolve("histograms.hlog").toFile(), StandardCharsets.UTF_8)) {
      HistogramLogWriter w = new HistogramLogWriter(out);
      w.outputLogFormatVersion();
      w.outputStartTime(startMs);
      w.setBaseTime(startMs);
      w.outputLegend();
      long end =
          (startMs / 1000 + 1)
              * 1000; // the first interval ends on the next whole second, as the sampler aligns it
      long start = startMs;
      for (int i = 0; i < seconds; i++) {
        Histogram h = new Histogram(3);
        for (int n = 0; n < perSecond; n++) {
          h.recordValue((long) (latencyMs * 1000 * (0.8 + 0.4 * random.nextDouble())));
        }
        h.setStartTimeStamp(start);
        h.setEndTimeStamp(end + random.nextInt(4)); // a few ms of scheduling jitter
        h.setTag("ok:search@127.0.0.1%3A6334");
        w.outputIntervalHistogram(h);
        start = end;
        end += 1000;
      }
    }
  }

  private Cli compare(String... args) {
    List<String> all = new ArrayList<>(List.of("compare"));
    all.addAll(List.of(args));
    all.addAll(List.of("--results-dir", results.toString(), "--resamples", "300"));
    return Cli.run(all.toArray(new String[0]));
  }

  @Test
  void injectorRunsAreMergedPerSideAndOnlyWhenTheyAreOneTest() throws Exception {
    // baseline: two injectors started 300 ms apart, 400 searches/s each at about 2 ms
    injector("base-a", T0 + 100, 20, 400, 2.0, 400, 1);
    injector("base-b", T0 + 400, 20, 400, 2.0, 400, 2);
    // candidate: the same two-injector test a minute later
    injector("cand-a", T0 + 60_200, 20, 400, 2.0, 400, 3);
    injector("cand-b", T0 + 60_700, 20, 400, 2.0, 400, 4);

    Cli same = compare("cand-a", "cand-b", "-b", "base-a,base-b");
    assertThat(same.exitCode()).as(same.toString()).isZero();
    assertThat(same.out())
        .contains("cand-a + cand-b")
        .contains("base-a + base-b")
        .contains("no regression");
    // merged, the throughput is both injectors' (about 800/s), not one's
    assertThat(same.out()).containsPattern("\\| search \\| throughput \\| (79\\d|80\\d)\\.\\d/s");

    // one candidate injector against a two-injector baseline: not the same test
    Cli fewer = compare("cand-a", "-b", "base-a", "-b", "base-b");
    assertThat(fewer.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(fewer.err()).contains("injector runs per test: 2 in `base-a`, 1 in `cand-a`");
    // forced, it shows the halved throughput as the regression it would be
    Cli forced = compare("cand-a", "-b", "base-a,base-b", "--allow-different-workloads");
    assertThat(forced.exitCode()).as(forced.toString()).isEqualTo(ExitCodes.FAILED_CHECK);
    assertThat(forced.out()).contains("| search | throughput |").contains("**REGRESSION**");

    // runs at different times are repeated tests, not one test's injectors: here one injector
    // each, against a two-injector baseline
    Cli apart = compare("cand-a", "base-b", "-b", "base-a,base-b");
    assertThat(apart.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(apart.err()).contains("injector runs per test: 2 in `base-a`, 1 in");
    injector("cand-c", T0 + 60_300, 20, 400, 2.0, 999, 5);
    Cli mixed = compare("cand-a", "cand-c", "-b", "base-a,base-b");
    assertThat(mixed.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(mixed.err())
        .contains("not the same workload")
        .contains("searchRate: `cand-a` 400.0, `cand-c` 999.0");
    Cli twice = compare("cand-a", "cand-a", "-b", "base-a,base-b");
    assertThat(twice.err()).contains("given twice");
  }
}
