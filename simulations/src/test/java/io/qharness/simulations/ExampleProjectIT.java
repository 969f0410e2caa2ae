package io.qharness.simulations;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.qharness.metrics.OperationSummary;
import io.qharness.results.RunRecord;
import io.qharness.testsupport.LocalQdrantCluster;
import io.qharness.testsupport.RequiresQdrant;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * examples/gatling-project, a Gatling project of a user's own that depends on the installed
 * qharness artifacts, run with {@code mvn gatling:test} as README says: against the embedded test
 * double, and against a real 3-node Qdrant cluster. The artifacts must be this build's: README's
 * test command ({@code mvn -B install}) installs them before the simulations module's tests run.
 */
class ExampleProjectIT {
  private static final Path CHECKOUT =
      Path.of(System.getProperty("qharness.checkout", "..")).toAbsolutePath().normalize();
  private static final Path PROJECT = CHECKOUT.resolve("examples").resolve("gatling-project");
  private static final String VERSION = System.getProperty("qharness.version", "");
  private static final Path REPO =
      Path.of(
          System.getProperty(
              "maven.repo.local", System.getProperty("user.home") + "/.m2/repository"));

  @BeforeAll
  static void theInstalledArtifactsAreThisBuilds() throws IOException {
    Path built = CHECKOUT.resolve("harness/target/qharness-" + VERSION + ".jar");
    Path installed =
        REPO.resolve("io/qharness/qharness/" + VERSION + "/qharness-" + VERSION + ".jar");
    boolean current =
        !VERSION.isEmpty()
            && Files.isRegularFile(built)
            && Files.isRegularFile(installed)
            && Files.mismatch(built, installed) == -1;
    String why =
        "examples/gatling-project builds against the installed artifacts, and "
            + installed
            + " is not this build's harness jar: run README's test command, mvn -B install";
    if (!current && System.getenv("CI") != null) {
      throw new IllegalStateException(why);
    }
    if (!current) {
      System.out.println("qharness: skipping ExampleProjectIT: " + why);
    }
    Assumptions.assumeTrue(current, why);
  }

  @Test
  void theExampleRunsOnTheEmbeddedTestDouble() throws Exception {
    String runId = "example-embedded-" + System.currentTimeMillis();
    Run r = gatlingTest(runId, List.of());
    assertThat(r.code).as(r.output).isZero();
    assertThat(r.output).contains("embedded TEST DOUBLE").contains("BUILD SUCCESS");
    checkRecord(runId);
  }

  @Test
  @RequiresQdrant
  void theExampleRunsOnARealCluster() throws Exception {
    try (LocalQdrantCluster cluster =
        LocalQdrantCluster.builder().name("example").nodes(3).start()) {
      String runId = "example-real-" + System.currentTimeMillis();
      Run r = gatlingTest(runId, List.of("-Dqharness.hosts=" + cluster.hosts()));
      assertThat(r.code).as(r.output).isZero();
      assertThat(r.output).doesNotContain("embedded TEST DOUBLE").contains("BUILD SUCCESS");
      checkRecord(runId);
      System.out.println("real Qdrant, examples/gatling-project: " + summaryLine(runId));
    }
  }

  private static void checkRecord(String runId) {
    RunRecord.Loaded rec = RunRecord.load(PROJECT.resolve("results").resolve(runId));
    OperationSummary search = rec.summary().operation("search");
    assertThat(search.count()).isPositive();
    assertThat(search.errors()).isZero();
    assertThat(search.recallMean()).isGreaterThan(0.97);
    assertThat(rec.summary().operation("upsert").count()).isPositive();
    JsonNode audit = rec.json().path("audit");
    assertThat(audit.path("missing").asLong()).as(audit.toString()).isZero();
    assertThat(audit.path("distinctIds").asLong()).isPositive();
  }

  private static String summaryLine(String runId) {
    OperationSummary search =
        RunRecord.load(PROJECT.resolve("results").resolve(runId)).summary().operation("search");
    return String.format(
        "search p50 %.2f ms p99 %.2f ms recall %.4f over %d searches",
        search.p50Micros() / 1000.0,
        search.p99Micros() / 1000.0,
        search.recallMean(),
        search.count());
  }

  private record Run(int code, String output) {}

  /** {@code mvn gatling:test} in the example, with this build's Maven and local repository. */
  private static Run gatlingTest(String runId, List<String> more) throws Exception {
    Path mvn = Path.of(System.getProperty("maven.home", ""), "bin", "mvn");
    Assumptions.assumeTrue(Files.isExecutable(mvn), "no Maven at maven.home: run through mvn");
    List<String> cmd =
        new ArrayList<>(
            List.of(
                mvn.toString(),
                "-B",
                "-ntp",
                "-Dmaven.repo.local=" + REPO,
                "gatling:test",
                "-Dqharness.runId=" + runId,
                "-Dqharness.points=2000",
                "-Dqharness.duration=6s",
                "-Dqharness.searchRate=50",
                "-Dqharness.upsertRate=5",
                "-Dqharness.p99Ms=60000"));
    cmd.addAll(more);
    Path log = Files.createTempFile("example-project", ".log");
    Process p =
        new ProcessBuilder(cmd)
            .directory(PROJECT.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    if (!p.waitFor(10, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new AssertionError("mvn gatling:test in the example did not end within 10 min: " + log);
    }
    String out = Files.readString(log);
    return new Run(p.exitValue(), out);
  }
}
