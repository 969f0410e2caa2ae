package io.qharness.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.qharness.results.MachineInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The client-cost record: ratios to the floor, the table, and the verdict between two records. */
class ClientCostTest {
  @TempDir Path dir;

  private static ProcessCost cost(String client, double cpuMicros) {
    double recall = client.equals(ClientCost.FLOOR) ? Double.NaN : 1;
    return new ProcessCost(
        client, 500, 10_000, 0, 20, cpuMicros * 10_000 / 1e6, 250L << 20, -1, recall);
  }

  private static ClientCost record(double floor, double qharness, double lean) {
    return new ClientCost(
        1,
        "stub",
        MachineInfo.current(),
        "test",
        List.of(
            new ClientCost.Row(
                500,
                cost(ClientCost.FLOOR, floor),
                cost(ClientCost.QHARNESS, qharness),
                cost(ClientCost.LEAN, lean))));
  }

  @Test
  void ratiosAreToTheFloorOfTheSameRow() {
    ClientCost.Row row = record(200, 300, 150).rows().get(0);
    assertThat(row.ratio()).isEqualTo(1.5);
    assertThat(row.leanRatio()).isEqualTo(0.75);
    assertThat(row.floor().cpuMicrosPerRequest())
        .isCloseTo(200, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(row.floor().achievedRate()).isEqualTo(500);
  }

  @Test
  void theTableShowsEveryClientWithItsRatioAndMemory() {
    String t = record(200, 300, 150).table();
    assertThat(t).containsPattern("(?m)^ +500 +floor +500\\.0 +200\\.0 +1\\.00 +250 +- +0 +-$");
    assertThat(t)
        .containsPattern("(?m)^ +500 +qharness +500\\.0 +300\\.0 +1\\.50 +250 .* 1\\.000$");
    assertThat(t).containsPattern("(?m)^ +500 +qh-lean +500\\.0 +150\\.0 +0\\.75 ");
  }

  @Test
  void aRatioRiseBeyondTheToleranceRegressesEvenWhenTheMachineGotFaster() {
    ClientCost baseline = record(200, 300, 150);
    // everything ran faster (another machine state), but qharness lost ground to the floor
    ClientCost candidate = record(100, 200, 75);
    ClientCost.Verdict v = ClientCost.compare(baseline, candidate, 0.15);
    assertThat(v.regression()).isTrue();
    assertThat(String.join("\n", v.lines()))
        .containsPattern("qharness +1\\.50 +2\\.00 +\\+33\\.3% +REGRESSION")
        .containsPattern("qh-lean +0\\.75 +0\\.75 +\\+0\\.0% +pass");
  }

  @Test
  void theSameRatiosOnASlowerMachinePass() {
    ClientCost.Verdict v = ClientCost.compare(record(200, 300, 150), record(400, 630, 300), 0.15);
    assertThat(v.regression()).isFalse();
  }

  @Test
  void anOverloadedRateIsMarkedAndNotJudged() {
    ProcessCost failing = new ProcessCost(ClientCost.QHARNESS, 500, 10_000, 500, 20, 9, -1, -1, 1);
    ProcessCost behind = new ProcessCost(ClientCost.LEAN, 500, 8_000, 0, 20, 1, -1, -1, 1);
    assertThat(failing.overloaded()).isTrue();
    assertThat(behind.overloaded()).isTrue();
    assertThat(cost(ClientCost.FLOOR, 100).overloaded()).isFalse();
    ClientCost bad =
        new ClientCost(
            1,
            "stub",
            MachineInfo.current(),
            "test",
            List.of(new ClientCost.Row(500, cost(ClientCost.FLOOR, 100), failing, behind)));
    assertThat(bad.table()).contains("qharness*").contains("* overloaded");
    ClientCost.Verdict v = ClientCost.compare(record(200, 300, 150), bad, 0.15);
    assertThat(v.regression()).isFalse();
    assertThat(String.join("\n", v.lines())).contains("overloaded in the candidate: not judged");
  }

  @Test
  void aRecordRoundTripsThroughItsFile() {
    record(200, 300, 150).write(dir);
    ClientCost back = ClientCost.read(dir);
    assertThat(back.rows().get(0).ratio()).isEqualTo(1.5);
    assertThat(ClientCost.read(dir.resolve("none"))).isNull();
  }

  @Test
  void aCorruptRecordNamesTheFileAndTheFix() throws IOException {
    Files.writeString(dir.resolve(ClientCost.FILE), "{\"rows\": [");
    assertThatThrownBy(() -> ClientCost.read(dir))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(ClientCost.FILE)
        .hasMessageContaining("rerun selfbench");
  }
}
