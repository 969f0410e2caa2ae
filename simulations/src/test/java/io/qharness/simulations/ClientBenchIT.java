package io.qharness.simulations;

import static org.assertj.core.api.Assertions.assertThat;

import io.qharness.bench.ClientCost;
import io.qharness.bench.ProcessCost;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code selfbench client} end to end against its stub server: the floor, qharness and qharness
 * without Gatling's stats each send every search of the window in their own JVM and report their
 * own CPU and memory; {@code compare} judges two records by their ratios to the floor.
 */
class ClientBenchIT {
  @TempDir Path dir;

  static ClientCost bench(Path results, String... more) throws IOException {
    List<String> args =
        new java.util.ArrayList<>(
            List.of(
                "selfbench",
                "client",
                "--rates",
                "200",
                "--warmup",
                "2s",
                "--duration",
                "5s",
                "--results-dir",
                results.toString()));
    args.addAll(List.of(more));
    QharnessCli r = QharnessCli.run(args.toArray(new String[0]));
    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.out()).contains("x floor").contains("client-cost.json");
    try (Stream<Path> s = Files.list(results)) {
      Path run = s.filter(p -> p.getFileName().toString().contains("clientcost")).findFirst().get();
      return ClientCost.read(run);
    }
  }

  static void assertEverySearchCounted(ProcessCost c, boolean recall) {
    // 5 s at 200/s: every search of the window, none lost, none failed
    assertThat(c.requests()).as(c.client()).isBetween(990L, 1010L);
    assertThat(c.errors()).as(c.client()).isZero();
    assertThat(c.cpuSeconds()).as(c.client()).isPositive();
    assertThat(c.cpuMicrosPerRequest()).as(c.client()).isBetween(1.0, 100_000.0);
    assertThat(c.peakRssBytes()).as(c.client()).isGreaterThan(10L << 20);
    if (recall) {
      assertThat(c.meanRecall()).as(c.client()).isGreaterThan(0.9);
    } else {
      assertThat(c.meanRecall()).as(c.client()).isNaN();
    }
  }

  @Test
  void everyClientMeasuresItsOwnWindowAndCompareJudgesTheRatios() throws IOException {
    ClientCost cost = bench(dir.resolve("a"));
    assertThat(cost.target()).isEqualTo("stub");
    assertThat(cost.rows()).hasSize(1);
    ClientCost.Row row = cost.rows().get(0);
    assertEverySearchCounted(row.floor(), false);
    assertEverySearchCounted(row.qharness(), true);
    assertEverySearchCounted(row.lean(), true);
    assertThat(row.qharness().meanRecall()).isEqualTo(1.0);

    Path baseline = dir.resolve("a").resolve(onlyRun(dir.resolve("a")));
    QharnessCli same = QharnessCli.run("compare", baseline.toString(), "-b", baseline.toString());
    assertThat(same.code()).as(same.toString()).isZero();
    assertThat(same.out()).contains("harness cost").containsPattern("qharness .* pass");

    // a baseline whose floor cost twice as much: the candidate's ratio doubled
    Path cheaper = dir.resolve("cheaper");
    ProcessCost f = row.floor();
    new ClientCost(
            1,
            cost.target(),
            cost.machine(),
            cost.settings(),
            List.of(
                new ClientCost.Row(
                    row.rate(),
                    new ProcessCost(
                        f.client(),
                        f.rate(),
                        f.requests(),
                        f.errors(),
                        f.seconds(),
                        2 * f.cpuSeconds(),
                        f.rssBytes(),
                        f.peakRssBytes(),
                        f.meanRecall()),
                    row.qharness(),
                    row.lean())))
        .write(cheaper);
    QharnessCli worse = QharnessCli.run("compare", baseline.toString(), "-b", cheaper.toString());
    assertThat(worse.code()).as(worse.toString()).isEqualTo(1);
    assertThat(worse.out()).containsPattern("qharness .* REGRESSION");

    QharnessCli mixed =
        QharnessCli.run("compare", baseline.toString(), "-b", dir.resolve("nothing").toString());
    assertThat(mixed.code()).isEqualTo(2);
  }

  @Test
  void badRatesAreUsageErrors() {
    QharnessCli r = QharnessCli.run("selfbench", "client", "--rates", "0");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("--rates must be searches per second");
  }

  static String onlyRun(Path results) throws IOException {
    try (Stream<Path> s = Files.list(results)) {
      return s.filter(p -> Files.isRegularFile(p.resolve(ClientCost.FILE)))
          .findFirst()
          .orElseThrow()
          .getFileName()
          .toString();
    }
  }

  /**
   * {@code selfbench upload} against the embedded test double: the floor and qharness each upload
   * every point, in their own JVM, and report their own CPU per point and memory.
   */
  @Test
  void uploadBenchMeasuresBothSidesOverTheSamePoints() throws IOException {
    QharnessCli r =
        QharnessCli.run(
            "selfbench",
            "upload",
            "--points",
            "3000",
            "--dim",
            "64",
            "--batch-size",
            "100",
            "--results-dir",
            dir.toString());
    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.out()).contains("x floor").contains("upload-cost.json").contains("not Qdrant");
    Path record;
    try (Stream<Path> s = Files.list(dir)) {
      record =
          s.filter(p -> p.getFileName().toString().contains("uploadcost"))
              .findFirst()
              .get()
              .resolve("upload-cost.json");
    }
    var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(record.toFile());
    assertThat(json.path("distribution").asText())
        .as("a run's default data")
        .isEqualTo("clustered");
    for (String side : List.of("floor", "qharness")) {
      var c = json.path(side);
      assertThat(c.path("requests").asLong()).as(side + " points").isEqualTo(3000);
      assertThat(c.path("errors").asLong()).as(side).isZero();
      assertThat(c.path("cpuSeconds").asDouble()).as(side).isPositive();
      assertThat(c.path("peakRssBytes").asLong()).as(side).isGreaterThan(10L << 20);
    }
  }
}
