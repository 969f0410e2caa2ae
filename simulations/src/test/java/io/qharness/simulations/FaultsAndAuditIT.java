package io.qharness.simulations;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.qharness.metrics.IntervalLog;
import io.qharness.metrics.OperationSummary;
import io.qharness.report.OperationIntervals;
import io.qharness.results.RunRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seed's promise under test: with replication 2, killing one of three nodes mid-run keeps
 * searches going (failover, counted) and loses no acknowledged write; with replication 1 the same
 * fault makes shards unavailable, and the error report and the write audit say so plainly.
 */
class FaultsAndAuditIT {
  @TempDir Path dir;

  RunRecord.Loaded run(String name, int replication) throws Exception {
    return run(name, replication, "3s kill node2");
  }

  RunRecord.Loaded run(String name, int replication, String faults) throws Exception {
    Path results = dir.resolve(name);
    Path log = Path.of("target", "faults-" + name + ".log");
    Files.createDirectories(log.getParent());
    Process p =
        GatlingRuns.gatling(
            results,
            log,
            List.of(
                "-Dqharness.runId=" + name,
                "-Dqharness.replication=" + replication,
                "-Dqharness.duration=8s",
                "-Dqharness.warmup=0s",
                "-Dqharness.points=3000",
                "-Dqharness.searchRate=60",
                "-Dqharness.filteredSearchRate=0",
                "-Dqharness.upsertRate=10",
                "-Dqharness.progress=false",
                "-Dqharness.maxErrorPct=100",
                "-Dqharness.p99Ms=60000",
                "-Dqharness.faults=" + faults));
    boolean finished = p.waitFor(180, TimeUnit.SECONDS);
    if (!finished) {
      p.destroyForcibly();
    }
    String output = Files.readString(log);
    assertThat(finished).as("finished; see " + log).isTrue();
    assertThat(p.exitValue()).as("exit code; output:\n" + GatlingRuns.tail(output)).isZero();
    return RunRecord.load(results.resolve(name));
  }

  @Test
  void replicationTwoSurvivesAKilledNodeWithoutLosingAcknowledgedWrites() throws Exception {
    RunRecord.Loaded r = run("rf2", 2);
    assertThat(r.complete()).isTrue();
    JsonNode faults = r.json().path("faults");
    assertThat(faults).hasSize(1);
    assertThat(faults.get(0).path("event").asText()).isEqualTo("+3s kill node2");
    assertThat(faults.get(0).path("ok").asBoolean()).isTrue();

    OperationSummary search = r.summary().operation("search");
    assertThat(search.count()).isEqualTo(480);
    // calls that hit the dying node are retried elsewhere: few or no errors, and the retries
    // counted
    assertThat(search.errors()).as("search errors").isLessThanOrEqualTo(5);
    long retries = r.summary().operations().stream().mapToLong(OperationSummary::retries).sum();
    assertThat(retries).as("failover retries").isPositive();

    JsonNode audit = r.json().path("audit");
    assertThat(audit.path("distinctIds").asLong()).isEqualTo(3000);
    assertThat(audit.path("missing").asLong()).isZero();
    assertThat(audit.path("vectorMismatches").asLong()).isZero();
    assertThat(audit.path("unverifiable").asLong()).isZero();
    assertThat(audit.path("vectorsChecked").asBoolean()).isTrue();

    // with faults and no reportInterval given, the run reports every second
    assertThat(Files.readString(Path.of("target", "faults-rf2.log")))
        .contains("reporting every 1s");
    List<OperationIntervals.Interval> intervals =
        OperationIntervals.read(List.of(r.dir().resolve(IntervalLog.FILE))).get("search");
    assertThat(intervals).hasSizeGreaterThanOrEqualTo(8);
    assertThat(
            intervals.subList(0, intervals.size() - 1)) // the last one ends with the run: partial
        .allSatisfy(
            i ->
                assertThat(i.endMillis() - i.startMillis())
                    .as("interval length, ms")
                    .isBetween(500L, 1500L));
    JsonNode impact = r.json().path("faultImpact");
    assertThat(impact)
        .anySatisfy(
            e -> {
              assertThat(e.path("operation").asText()).isEqualTo("search");
              assertThat(e.path("fault").asText()).isEqualTo("+3s kill node2");
              assertThat(e.path("before").path("requests").asLong()).isPositive();
              assertThat(e.path("during").path("requests").asLong()).isPositive();
            });
  }

  @Test
  void aFrozenNodeIsEjectedItsCallsServedElsewhereAndItComesBackAfterTheResume() throws Exception {
    RunRecord.Loaded r = run("frozen", 2, "2s pause node2; 5s resume node2");
    OperationSummary search = r.summary().operation("search");
    assertThat(search.count()).isEqualTo(480);
    assertThat(search.errors()).as("the frozen node's calls are retried elsewhere").isZero();
    assertThat(search.retries()).isPositive();
    JsonNode events = r.json().path("nodeHealth").path("events");
    assertThat(events).hasSize(2);
    assertThat(events.get(0).path("kind").asText()).isEqualTo("ejected");
    assertThat(events.get(0).path("detail").asText()).startsWith("no answer for 1.");
    assertThat(events.get(1).path("kind").asText()).isEqualTo("readmitted");
    assertThat(events.get(0).path("node").asText()).isEqualTo(events.get(1).path("node").asText());
    assertThat(r.json().path("faultCauses").toString())
        .contains("node2 (")
        .contains("ejected at")
        .contains("re-admitted at")
        .contains("after +5s resume node2")
        .contains("were cut off when qharness ejected it");
    assertThat(r.json().path("audit").path("missing").asLong()).isZero();
    assertThat(Files.readString(Path.of("target", "faults-frozen.log")))
        .contains("node health (outlier ejection on; times from the start of the run):");
  }

  @Test
  void replicationOneShowsTheUnavailableShardsHonestly() throws Exception {
    RunRecord.Loaded r = run("rf1", 1);
    OperationSummary search = r.summary().operation("search");
    assertThat(search.errors())
        .as("searches fail while shards of the killed node are unavailable")
        .isPositive();
    JsonNode audit = r.json().path("audit");
    assertThat(audit.path("unverifiable").asLong())
        .as("points on the dead node's shards cannot be read back")
        .isPositive();
    assertThat(audit.path("missing").asLong()).as("no point readable is missing").isZero();
    // one shard of four is down: the others' points are still verified
    assertThat(audit.path("verified").asLong()).isBetween(1000L, 2900L);
    assertThat(audit.path("verified").asLong() + audit.path("unverifiable").asLong())
        .isEqualTo(3000);
    assertThat(audit.path("unavailable").toString()).contains("no active replica for shard");
    assertThat(Files.readString(Path.of("target", "faults-rf1.log"))).contains("UNVERIFIABLE");
  }
}
