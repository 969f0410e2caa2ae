package io.qharness.simulations;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.qharness.testcluster.TestCluster;
import io.qharness.testcluster.TestNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scheduled regression job end to end through the CLI: run, promote a baseline, run again,
 * compare (pass), slow the cluster down, run, compare (regression, exit 1, JUnit failure), report.
 */
class CliWorkflowIT {
  @TempDir Path results;

  QharnessCli run(TestCluster cluster, String runId, String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "run", "MixedWorkloadSimulation",
                "--hosts", String.join(",", cluster.grpcAddresses()),
                "--rest-hosts", String.join(",", cluster.restAddresses()),
                "--results-dir", results.toString(),
                "--run-id", runId,
                "--duration", "8s",
                "--warmup", "1s",
                "--points", "1500",
                "--search-rate", "50",
                "--filtered-search-rate", "0",
                "--upsert-rate", "5",
                "--report-interval", "1s",
                "--progress", "false",
                "--p99-ms", "5000"));
    int i = 0;
    while (i < more.length) {
      if (i + 1 == more.length || more[i + 1].startsWith("--")) {
        args.add(more[i++]); // a flag without a value
        continue;
      }
      int at = args.indexOf(more[i]); // flag, value: replaces the default above
      if (at >= 0) {
        args.set(at + 1, more[i + 1]);
      } else {
        args.addAll(List.of(more[i], more[i + 1]));
      }
      i += 2;
    }
    return QharnessCli.run(args.toArray(new String[0]));
  }

  @Test
  void runBaselineCompareAndReport() throws Exception {
    ObjectMapper json = new ObjectMapper();
    try (TestCluster cluster = TestCluster.builder().nodes(3).basePort(0).build().start()) {
      QharnessCli first = run(cluster, "first");
      assertThat(first.code()).as(first.toString()).isZero();
      JsonNode run = json.readTree(results.resolve("first/run.json").toFile());
      assertThat(run.path("status").asText()).isEqualTo("complete");
      assertThat(run.path("target").path("qdrantVersion").asText())
          .isEqualTo(TestCluster.EMULATED_QDRANT_VERSION);
      assertThat(run.path("target").path("nodes")).hasSize(3);
      assertThat(run.path("target").path("collection").path("replicas"))
          .as("4 shards x replication 2")
          .hasSize(8);
      assertThat(results.resolve("first").resolve(run.path("gatlingReport").asText())).exists();
      assertThat(results.resolve("first/histograms.hlog")).exists();

      QharnessCli promote =
          QharnessCli.run(
              "baseline", "first", "--name", "nightly", "--results-dir", results.toString());
      assertThat(promote.code()).as(promote.toString()).isZero();
      assertThat(results.resolve("baselines/nightly/run.json")).exists();
      assertThat(results.resolve("baselines/nightly/gatling")).doesNotExist();
      assertThat(
              QharnessCli.run(
                      "baseline", "first", "--name", "nightly", "--results-dir", results.toString())
                  .err())
          .contains("--force");

      // a second run on the same cluster: same workload, noise only (latency tolerances wide: this
      // machine is shared; the statistics themselves are tested in ComparisonTest)
      assertThat(run(cluster, "same").code()).isZero();
      // the double's server times are a fraction of a millisecond: as noisy here as the others.
      // Its server p99 of a few dozen upserts is one GC pause or not (0.34 vs 1.85 ms between
      // identical runs in CI), so it is not judged here; ComparisonTest tests server verdicts
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
        "server-p99=off"
      };
      List<String> args =
          new ArrayList<>(
              List.of(
                  "compare", "same", "--baseline", "nightly", "--results-dir", results.toString()));
      args.addAll(List.of(loose));
      QharnessCli pass = QharnessCli.run(args.toArray(new String[0]));
      assertThat(pass.code()).as(pass.toString()).isZero();
      assertThat(pass.out()).contains("no regression");

      // the same cluster, 25 ms slower on every call
      for (TestNode n : cluster.nodes()) {
        n.faults().latency(Duration.ofMillis(25));
      }
      assertThat(run(cluster, "slow").code()).isZero();
      Path junit = results.resolve("compare.xml");
      Path markdown = results.resolve("compare.md");
      args =
          new ArrayList<>(
              List.of(
                  "compare",
                  "slow",
                  "--baseline",
                  "nightly",
                  "--results-dir",
                  results.toString(),
                  "--junit",
                  junit.toString(),
                  "--markdown",
                  markdown.toString()));
      args.addAll(List.of(loose));
      QharnessCli regression = QharnessCli.run(args.toArray(new String[0]));
      assertThat(regression.code()).as(regression.toString()).isEqualTo(1);
      assertThat(Files.readString(markdown))
          .contains("| search | p50 |")
          .contains("**REGRESSION**")
          .contains("**Caveats**")
          .contains("ran against qharness's test double (external-test-double)");
      assertThat(Files.readString(junit)).contains("<failure message=\"search p50 regressed");

      // different workloads are refused, naming the difference
      for (TestNode n : cluster.nodes()) {
        n.faults().clear();
      }
      List<String> other =
          new ArrayList<>(
              List.of(
                  "run",
                  "--hosts",
                  String.join(",", cluster.grpcAddresses()),
                  "--rest-hosts",
                  String.join(",", cluster.restAddresses()),
                  "--results-dir",
                  results.toString(),
                  "--run-id",
                  "other",
                  "--duration",
                  "3s",
                  "--warmup",
                  "0s",
                  "--points",
                  "1500",
                  "--search-rate",
                  "80",
                  "--progress",
                  "false",
                  "--no-report"));
      assertThat(QharnessCli.run(other.toArray(new String[0])).code()).isZero();
      QharnessCli refused =
          QharnessCli.run(
              "compare", "other", "--baseline", "nightly", "--results-dir", results.toString());
      assertThat(refused.code()).isEqualTo(2);
      assertThat(refused.err())
          .contains("refusing to compare")
          .contains("searchRate: baseline 50, candidate 80");

      QharnessCli report = QharnessCli.run("report", "slow", "--results-dir", results.toString());
      assertThat(report.code()).as(report.toString()).isZero();
      assertThat(Files.readString(results.resolve("slow/report.md")))
          .contains("## Summary")
          .contains("## Per interval")
          .contains("### search")
          .contains("Injector process: mean")
          .contains("CPU µs per request");
    }
  }

  /**
   * Without Gatling's stats engine (the lean mode) qharness judges the run's assertions itself: a
   * run that meets them passes, one that misses its p99 fails as Gatling's assertions would, and
   * the record says what the run cost on this machine either way.
   */
  @Test
  void qharnessJudgesTheAssertionsWhenGatlingHasNoStats() throws Exception {
    ObjectMapper json = new ObjectMapper();
    try (TestCluster cluster = TestCluster.builder().nodes(1).basePort(0).build().start()) {
      String[] lean = {"--gatling-stats", "false", "--duration", "3s"};
      QharnessCli ok = run(cluster, "lean-ok", lean);
      assertThat(ok.code()).as(ok.toString()).isZero();
      JsonNode run = json.readTree(results.resolve("lean-ok/run.json").toFile());
      assertThat(run.path("status").asText()).isEqualTo("complete");
      assertThat(run.has("gatlingReport")).as("no empty Gatling report").isFalse();
      JsonNode cost = run.path("harnessCost");
      assertThat(cost.path("totalCpuSeconds").asDouble()).isPositive();
      assertThat(cost.path("totalCpuSeconds").asDouble())
          .isCloseTo(
              cost.path("launcherCpuSeconds").asDouble()
                  + cost.path("gatlingJvmCpuSeconds").asDouble(),
              org.assertj.core.api.Assertions.within(0.02));
      assertThat(cost.path("loadCpuSeconds").asDouble())
          .isPositive()
          .isLessThan(cost.path("gatlingJvmCpuSeconds").asDouble());
      assertThat(run.path("upload").path("points").asLong()).isEqualTo(1500);
      assertThat(run.path("upload").path("cpuMicrosPerPoint").asDouble()).isPositive();

      QharnessCli missed =
          run(
              cluster,
              "lean-missed",
              "--gatling-stats",
              "false",
              "--duration",
              "3s",
              "--p99-ms",
              "0.001");
      assertThat(missed.code()).as(missed.toString()).isEqualTo(1);
      assertThat(missed.err()).contains("assertions failed");
      assertThat(
              json.readTree(results.resolve("lean-missed/run.json").toFile())
                  .path("status")
                  .asText())
          .as("judged after the record was sealed: a failed run, not a crash")
          .isEqualTo("complete");

      // no Gatling report to feed: no Gatling stats either, unless they are asked for
      QharnessCli quiet =
          run(cluster, "quiet-missed", "--no-report", "--duration", "3s", "--p99-ms", "0.001");
      assertThat(quiet.code()).as(quiet.toString()).isEqualTo(1);
      assertThat(quiet.err()).contains("assertions failed");
      assertThat(config(json, "quiet-missed").path("gatlingStats").asText()).isEqualTo("false");
      QharnessCli asked =
          run(cluster, "quiet-stats", "--no-report", "--gatling-stats", "true", "--duration", "3s");
      assertThat(asked.code()).as(asked.toString()).isZero();
      assertThat(config(json, "quiet-stats").path("gatlingStats").asText()).isEqualTo("true");
    }
  }

  private JsonNode config(ObjectMapper json, String runId) throws IOException {
    return json.readTree(results.resolve(runId).resolve("run.json").toFile()).path("config");
  }
}
