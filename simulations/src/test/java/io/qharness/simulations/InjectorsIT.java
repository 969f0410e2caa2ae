package io.qharness.simulations;

import static org.assertj.core.api.Assertions.assertThat;

import io.qharness.metrics.OperationSummary;
import io.qharness.results.RunRecord;
import io.qharness.testcluster.TestCluster;
import io.qharness.testsupport.LocalQdrantCluster;
import io.qharness.testsupport.RequiresQdrant;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One run sent by three injector processes, started the way the Helm chart starts them (the same
 * runId and startAt, injectorIndex 0..2), merged by {@code qharness merge}: the merged record has
 * the single-injector run's arrivals exactly (the shares interleave), its latency within the noise,
 * a clean write audit, and compare and report read it like any run. A stale startAt and a missing
 * part are refused with the fix.
 */
class InjectorsIT {
  @TempDir Path dir;

  private record Target(String hosts, String restHosts) {}

  @Test
  void threeInjectorsOnTheTestDoubleMergeIntoTheSingleInjectorsRun() throws Exception {
    try (TestCluster cluster = TestCluster.builder().nodes(3).basePort(0).build().start()) {
      check(
          new Target(
              String.join(",", cluster.grpcAddresses()), String.join(",", cluster.restAddresses())),
          "double");
    }
  }

  @Test
  @RequiresQdrant
  void threeInjectorsOnRealQdrantMergeIntoTheSingleInjectorsRun() throws Exception {
    try (LocalQdrantCluster cluster =
        LocalQdrantCluster.builder().name("injectors").nodes(3).start()) {
      check(new Target(cluster.hosts(), String.join(",", cluster.restAddresses())), "real");
    }
  }

  private void check(Target t, String name) throws Exception {
    Path results = dir.resolve("results");
    Path logs = Files.createDirectories(Path.of("target", "injectors-test", name));
    GatlingRuns.succeeded(
        GatlingRuns.gatling(
            LoadSimulation.class, results, logs.resolve("load.log"), props(t, "load"), Map.of()),
        logs.resolve("load.log"),
        180);

    Instant startAt = Instant.now().plusSeconds(45);
    List<Process> injectors = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      injectors.add(
          GatlingRuns.gatling(
              MixedWorkloadSimulation.class,
              results,
              logs.resolve("injector-" + i + ".log"),
              props(
                  t,
                  "three",
                  "-Dqharness.injectors=3",
                  "-Dqharness.injectorIndex=" + i,
                  "-Dqharness.startAt=" + startAt),
              Map.of()));
    }
    for (int i = 0; i < 3; i++) {
      GatlingRuns.succeeded(injectors.get(i), logs.resolve("injector-" + i + ".log"), 240);
      RunRecord.Loaded part =
          RunRecord.load(results.resolve("three").resolve("injectors").resolve("" + i));
      assertThat(part.json().path("load").path("search").asText())
          .endsWith("injector " + i + " of 3 sends every 3rd arrival");
      assertThat(part.run().injectors().startAt()).isEqualTo(startAt.toString());
    }
    QharnessCli merge = QharnessCli.run("merge", "three", "--results-dir", results.toString());
    assertThat(merge.code()).as(merge.toString()).isZero();
    assertThat(merge.out()).contains("3 injectors' parts of run three joined");
    RunRecord.Loaded merged = RunRecord.load(results.resolve("three"));

    GatlingRuns.succeeded(
        GatlingRuns.gatling(
            MixedWorkloadSimulation.class,
            results,
            logs.resolve("single.log"),
            props(t, "single"),
            Map.of()),
        logs.resolve("single.log"),
        240);
    RunRecord.Loaded single = RunRecord.load(results.resolve("single"));

    OperationSummary m = merged.summary().operation("search");
    OperationSummary s = single.summary().operation("search");
    assertThat(m.count()).as("the shares interleave into the whole schedule").isEqualTo(s.count());
    assertThat(merged.summary().operation("upsert").count())
        .isEqualTo(single.summary().operation("upsert").count());
    assertThat(m.errors()).isZero();
    assertThat(m.recallMean()).isEqualTo(1.0);
    assertThat(m.throughputPerSec()).isCloseTo(s.throughputPerSec(), withinPercent(10));
    // three injector JVMs and the cluster share this machine's 2 cores, the single run has them
    // to itself: latency is compared loosely here (the merge's exactness is RunMergeTest's)
    assertThat(m.p50Micros())
        .as("p50 of the same order as one injector's")
        .isBetween(s.p50Micros() / 10, s.p50Micros() * 10);
    assertThat(merged.json().path("audit").path("missing").asLong()).isZero();
    assertThat(merged.json().path("audit").path("vectorMismatches").asLong()).isZero();
    assertThat(merged.json().path("audit").path("distinctIds").asLong()).isPositive();
    assertThat(merged.run().injectors().parts()).hasSize(3);
    System.out.printf(
        "%s: 3 injectors merged: %d searches, p50 %.2f ms p99 %.2f ms, %.1f/s; one injector: %d,"
            + " p50 %.2f ms p99 %.2f ms, %.1f/s%n",
        name,
        m.count(),
        m.p50Micros() / 1000.0,
        m.p99Micros() / 1000.0,
        m.throughputPerSec(),
        s.count(),
        s.p50Micros() / 1000.0,
        s.p99Micros() / 1000.0,
        s.throughputPerSec());

    // the merged run compares like any run
    QharnessCli compare =
        QharnessCli.run("compare", "three", "-b", "single", "--results-dir", results.toString());
    assertThat(compare.code()).as(compare.toString()).isIn(0, 1);
    assertThat(compare.out()).contains("search");

    if (name.equals("double")) {
      refusals(t, results);
    }
  }

  private void refusals(Target t, Path results) throws Exception {
    QharnessCli stale =
        QharnessCli.run(
            "run",
            "--hosts",
            t.hosts(),
            "--results-dir",
            results.toString(),
            "--run-id",
            "stale",
            "--upload",
            "false",
            "--injectors",
            "2",
            "--start-at",
            Instant.now().minusSeconds(30).toString());
    assertThat(stale.code()).as(stale.toString()).isEqualTo(2);
    assertThat(stale.toString()).contains("passed").contains("give a later one");

    Files.createDirectories(results.resolve("partial").resolve("injectors"));
    Files.walk(results.resolve("three").resolve("injectors").resolve("0"))
        .forEach(
            p -> {
              try {
                Path to =
                    results
                        .resolve("partial/injectors/0")
                        .resolve(results.resolve("three/injectors/0").relativize(p));
                if (Files.isDirectory(p)) {
                  Files.createDirectories(to);
                } else {
                  Files.copy(p, to);
                }
              } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
              }
            });
    QharnessCli partial = QharnessCli.run("merge", "partial", "--results-dir", results.toString());
    assertThat(partial.code()).isEqualTo(2);
    assertThat(partial.toString()).contains("injector 1 of 3 has no record");
  }

  private static org.assertj.core.data.Percentage withinPercent(double p) {
    return org.assertj.core.data.Percentage.withPercentage(p);
  }

  private static List<String> props(Target t, String runId, String... more) {
    List<String> p =
        new ArrayList<>(
            List.of(
                "-Dqharness.hosts=" + t.hosts(),
                "-Dqharness.restHosts=" + t.restHosts(),
                "-Dqharness.runId=" + runId,
                "-Dqharness.points=2000",
                "-Dqharness.progress=false",
                "-Dqharness.reportInterval=1s",
                "-Dqharness.duration=10s",
                "-Dqharness.warmup=8s",
                "-Dqharness.searchRate=150",
                "-Dqharness.filteredSearchRate=0",
                "-Dqharness.upsertRate=15",
                "-Dqharness.p99Ms=60000"));
    if (!runId.equals("load")) {
      p.add("-Dqharness.upload=false");
    }
    p.addAll(List.of(more));
    return p;
  }
}
