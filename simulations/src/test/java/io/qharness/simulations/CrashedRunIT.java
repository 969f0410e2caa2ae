package io.qharness.simulations;

import static org.assertj.core.api.Assertions.assertThat;

import io.qharness.metrics.IntervalLog;
import io.qharness.results.RunFile;
import io.qharness.results.RunRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run whose injector dies mid-run (the Gatling JVM killed with SIGKILL, as the out-of-memory
 * killer would): the record says crashed, with the exit code and how far the run got, and compare,
 * baseline and history treat it as no result.
 */
class CrashedRunIT {
  @TempDir Path dir;

  @Test
  void aKilledInjectorLeavesACrashedRecordThatNoVerdictUses() throws Exception {
    Path results = dir.resolve("results");
    CompletableFuture<QharnessCli> run =
        CompletableFuture.supplyAsync(
            () ->
                QharnessCli.run(
                    "run",
                    "--results-dir",
                    results.toString(),
                    "--run-id",
                    "doomed",
                    "--points",
                    "2000",
                    "--warmup",
                    "0s",
                    "--duration",
                    "60s",
                    "--report-interval",
                    "1s",
                    "--progress",
                    "false"));
    Path log = results.resolve("doomed").resolve(IntervalLog.FILE);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (!(Files.isRegularFile(log) && Files.size(log) > 2000)) { // a few intervals written
      assertThat(System.nanoTime()).as("the run reports intervals").isLessThan(deadline);
      Thread.sleep(200);
    }
    // the run's Gatling JVM: the one Java process this test's JVM started
    ProcessHandle gatling =
        ProcessHandle.current()
            .descendants()
            .filter(p -> p.info().command().orElse("").endsWith("/java"))
            .findFirst()
            .orElseThrow();
    gatling.destroyForcibly();

    QharnessCli r = run.get(60, TimeUnit.SECONDS);
    assertThat(r.code()).as(r.toString()).isEqualTo(4);
    assertThat(r.err()).contains("the run crashed").contains("exit code 137");
    RunRecord.Loaded rec = RunRecord.load(results.resolve("doomed"));
    assertThat(rec.run().status()).isEqualTo(RunFile.Status.CRASHED);
    assertThat(rec.run().failure())
        .contains("died with exit code 137 (killed: SIGKILL")
        .containsPattern("the last reporting interval written ended at \\S+ \\([0-9.]+ s after");
    assertThat(rec.complete()).isFalse();

    QharnessCli compare =
        QharnessCli.run(
            "compare", "doomed", "--baseline", "doomed", "--results-dir", results.toString());
    assertThat(compare.code()).isEqualTo(2);
    assertThat(compare.err()).contains("status crashed").contains("exit code 137");
    QharnessCli baseline =
        QharnessCli.run(
            "baseline", "doomed", "--name", "never", "--results-dir", results.toString());
    assertThat(baseline.code()).isEqualTo(2);
    assertThat(baseline.err()).contains("status crashed");
    QharnessCli history = QharnessCli.run("history", "--results-dir", results.toString());
    assertThat(history.code()).isEqualTo(2);
    assertThat(history.err()).contains("no complete run").contains("doomed (crashed: ");
  }
}
