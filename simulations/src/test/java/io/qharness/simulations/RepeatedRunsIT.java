package io.qharness.simulations;

import static org.assertj.core.api.Assertions.assertThat;

import io.qharness.testcluster.TestCluster;
import io.qharness.testcluster.TestNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The nightly job of docs/regression-jobs.md through the CLI, on the test double: repeated runs
 * promoted to a calibrated baseline, a set of repeated runs compared with it (runs as the samples),
 * a slowed set caught, and the history command over the sets.
 */
class RepeatedRunsIT {
  @TempDir Path results;

  private QharnessCli run(TestCluster cluster, String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "run",
                "--hosts",
                String.join(",", cluster.grpcAddresses()),
                "--rest-hosts",
                String.join(",", cluster.restAddresses()),
                "--results-dir",
                results.toString(),
                "--duration",
                "4s",
                "--warmup",
                "1s",
                "--points",
                "1000",
                "--search-rate",
                "40",
                "--filtered-search-rate",
                "0",
                "--upsert-rate",
                "0",
                "--report-interval",
                "500ms",
                "--progress",
                "false",
                "--no-report",
                "--p99-ms",
                "5000"));
    args.addAll(List.of(more));
    return QharnessCli.run(args.toArray(new String[0]));
  }

  private QharnessCli compare(String candidate, String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "compare",
                candidate,
                "--baseline",
                "nightly",
                "--results-dir",
                results.toString()));
    args.addAll(List.of(more));
    return QharnessCli.run(args.toArray(new String[0]));
  }

  @Test
  void repeatedRunsMakeACalibratedBaselineAndAVerdictOnTheNoiseBetweenRuns() throws Exception {
    try (TestCluster cluster = TestCluster.builder().nodes(3).basePort(0).build().start()) {
      QharnessCli base = run(cluster, "--run-id", "base", "--repeat", "3", "--promote", "nightly");
      assertThat(base.code()).as(base.toString()).isZero();
      for (int i = 1; i <= 3; i++) {
        assertThat(results.resolve("base/runs/base-" + i + "/run.json")).exists();
        assertThat(results.resolve("baselines/nightly/runs/base-" + i + "/run.json")).exists();
      }
      assertThat(results.resolve("cache")).as("one ground-truth cache for the set").isDirectory();
      assertThat(results.resolve("baselines/nightly/calibration.json")).exists();
      assertThat(base.out()).contains("Noise floor from 3 identical runs").contains("| search |");

      // the same workload again: a set judged on the noise between runs (loose tolerances: this
      // machine is shared; the statistics are tested in RunsVerdictTest)
      String[] loose = {
        "-t",
        "p50=100%",
        "-t",
        "p90=100%",
        "-t",
        "p99=200%",
        "-t",
        "p99.9=300%",
        "-t",
        "server-p50=100%",
        "-t",
        "server-p99=200%"
      };
      assertThat(run(cluster, "--run-id", "same", "--repeat", "3").code()).isZero();
      QharnessCli same = compare("same", loose);
      assertThat(same.code()).as(same.toString()).isZero();
      assertThat(same.out())
          .contains("no regression")
          .contains("Judged over 3 baseline and 3 candidate run(s), each run one sample");

      // every call 25 ms slower on every node
      for (TestNode n : cluster.nodes()) {
        n.faults().latency(Duration.ofMillis(25));
      }
      try {
        assertThat(run(cluster, "--run-id", "slow", "--repeat", "3").code()).isZero();
      } finally {
        for (TestNode n : cluster.nodes()) {
          n.faults().clear();
        }
      }
      Path md = results.resolve("compare.md");
      QharnessCli slow = compare("slow", "--markdown", md.toString());
      assertThat(slow.code()).as(slow.toString()).isEqualTo(1);
      assertThat(Files.readString(md)).contains("| search | p50 |").contains("**REGRESSION**");

      // a single run against the set still works; it is judged on the runs too
      assertThat(compare("same/runs/same-1", loose).out())
          .contains("Judged over 3 baseline and 1 candidate run(s)");

      Path html = results.resolve("history.html");
      QharnessCli history =
          QharnessCli.run(
              "history",
              "--results-dir",
              results.toString(),
              "-o",
              html.toString(),
              "--last",
              "10");
      assertThat(history.code()).as(history.toString()).isZero();
      assertThat(history.out())
          .contains("3 run(s) of this workload: a change point needs at least 3 on each side");
      assertThat(Files.readString(html)).contains("<svg");
    }
  }
}
