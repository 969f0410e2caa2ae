package io.qharness.simulations;

import static org.assertj.core.api.Assertions.assertThat;

import io.qharness.metrics.LittlesLaw;
import io.qharness.metrics.OperationSummary;
import io.qharness.results.RunFile;
import io.qharness.results.RunRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the default simulation, shortened, the way {@code mvn gatling:test} does (Gatling's own
 * launcher in a fresh JVM) against the embedded test cluster.
 */
class DefaultSimulationIT {

  @Test
  void defaultSimulationShowsOkUpsertsAndSearchesAndNoKo(@TempDir Path results) throws Exception {
    Path log = Path.of("target", "default-simulation-test.log");
    Files.createDirectories(log.getParent());
    Process p =
        GatlingRuns.gatling(
            results,
            log,
            List.of(
                "-Dqharness.duration=6s",
                "-Dqharness.warmup=2s",
                "-Dqharness.hnswM=8",
                "-Dqharness.hnswEf=32",
                "-Dqharness.readConsistency=majority",
                "-Dqharness.quantization=scalar",
                "-Dqharness.rescore=true",
                "-Dqharness.oversampling=2",
                "-Dqharness.points=3000",
                "-Dqharness.searchRate=60",
                "-Dqharness.upsertRate=6",
                "-Dqharness.filteredSearchRate=10",
                "-Dqharness.maxErrorPct=0"));
    boolean finished = p.waitFor(180, TimeUnit.SECONDS);
    if (!finished) {
      p.destroyForcibly();
    }
    assertThat(finished)
        .as(
            "Gatling finished within 180 s; see "
                + log
                + "\n"
                + GatlingRuns.tail(Files.readString(log)))
        .isTrue();
    String output = Files.readString(log);
    assertThat(p.exitValue())
        .as("Gatling exit code (assertions); output in " + log + "\n" + GatlingRuns.tail(output))
        .isZero();
    assertThat(output).contains("EMBEDDED TEST CLUSTER").contains("NOT Qdrant's performance");

    Path runDir;
    try (Stream<Path> dirs = Files.list(results)) {
      runDir =
          dirs.filter(d -> Files.exists(d.resolve(RunRecord.RUN_FILE))).findFirst().orElseThrow();
    }
    RunRecord.Loaded record = RunRecord.load(runDir);
    assertThat(record.complete()).as(record.json().path("status").asText()).isTrue();
    assertThat(record.run().target().kind()).isEqualTo(RunFile.TargetKind.EMBEDDED_TEST_DOUBLE);
    // index settings reach the collection (unset ones keep Qdrant's defaults) and are recorded
    assertThat(record.run().target().collection().hnswM()).isEqualTo(8);
    assertThat(record.run().target().collection().hnswEfConstruct()).isEqualTo(100);
    assertThat(record.run().target().collection().quantization()).isEqualTo("scalar");
    OperationSummary search = record.summary().operation("search");
    OperationSummary upsert = record.summary().operation("upsert");
    OperationSummary upload = record.summary().operation("upload batch");
    assertThat(search.count()).isEqualTo(360);
    // Gatling got every paced response too, the last burst included, before its run ended
    assertThat(output)
        .contains("search: count of successful events is greater than 0.0 : true (actual : 360.0)")
        .contains("upsert: count of successful events is greater than 0.0 : true (actual : 36.0)");
    // the warm-up ran the same load under its own names, outside the measured figures
    assertThat(record.summary().operation("warm-up search").count()).isEqualTo(120);
    assertThat(record.summary().operation("warm-up upsert").count()).isEqualTo(12);
    assertThat(upsert.count()).isEqualTo(36);
    // Little's law over the measured phase: throughput x latency against the calls in flight,
    // read apart; latencies count from the intended start, so never short of them
    LittlesLaw.Check law = record.run().littlesLaw();
    assertThat(law).as("littlesLaw in run.json").isNotNull();
    assertThat(law.measuredInFlight()).isPositive();
    assertThat(law.requestsPerSec()).isBetween(30.0, 90.0); // 76/s, over whole intervals
    assertThat(law.ratio()).isGreaterThan(1 - LittlesLaw.TOLERANCE);
    assertThat(output).contains("Little's law:");
    // what a response carries: top-10 ids and scores, a few bytes each (151 on real Qdrant)
    assertThat(search.meanResponseBytes()).isBetween(50.0, 1000.0);
    assertThat(upsert.meanResponseBytes()).isPositive();
    assertThat(upload.count()).isEqualTo((3000 + 255) / 256);
    OperationSummary filtered = record.summary().operation("filtered search");
    assertThat(filtered.count()).isEqualTo(60);
    // exact search on the test double: recall is measured and perfect, filtered or not
    assertThat(search.recallMean()).isEqualTo(1.0);
    assertThat(filtered.recallMean()).isEqualTo(1.0);
    for (OperationSummary op : record.summary().operations()) {
      assertThat(op.errors()).as("KO of " + op.name()).isZero();
    }
    assertThat(search.latencyOrigin()).isEqualTo("INTENDED_START");
    // what the nodes used, phase by phase, from their /metrics and telemetry (the double's memory
    // gauges are estimates; its process is this one, so no /proc figures)
    RunFile.ServerResources used = record.run().serverResources();
    assertThat(used.phases())
        .extracting(RunFile.Phase::name)
        .containsExactly("upload", "index build", "warm-up", "measured");
    for (RunFile.Phase phase : used.phases()) {
      assertThat(phase.nodes()).hasSize(3).allMatch(n -> n.failure() == null);
      assertThat(phase.nodes()).allMatch(n -> n.cpuSeconds() == null && n.diskBytes() == null);
    }
    RunFile.Phase measured = used.phases().get(3);
    // 3,000 points x replication 2 over the nodes' local replicas
    assertThat(measured.nodes().stream().mapToLong(RunFile.NodeUse::points).sum()).isEqualTo(6000);
    assertThat(measured.nodes()).allMatch(n -> n.allocatedBytes() != null);
    assertThat(used.perPoint().points()).isEqualTo(6000);
    assertThat(used.perPoint().dataBytes()).isEqualTo(128 * 4.0);
    assertThat(used.notes()).anyMatch(n -> n.contains("/proc"));
    // searchable after insert, probed during the measured phase on every node
    RunFile.Freshness fresh = record.run().freshness();
    assertThat(fresh.nodes()).hasSize(3);
    assertThat(fresh.nodes()).allMatch(n -> n.probes() >= 1 && n.missed() == 0);
    assertThat(record.run().indexReadyAfterLoad().ready()).isTrue();
    try (Stream<Path> reports = Files.walk(results.resolve("gatling"), 2)) {
      assertThat(reports.anyMatch(f -> f.getFileName().toString().equals("index.html")))
          .as("Gatling HTML report")
          .isTrue();
    }
  }
}
