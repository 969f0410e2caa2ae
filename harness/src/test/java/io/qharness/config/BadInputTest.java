package io.qharness.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.qharness.run.QharnessRun;
import io.qharness.workload.Dataset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every input class of the harness refuses bad values with a message naming the field, the value
 * and what is allowed: settings (from any layer), data-set specs, fault schedules, hosts.
 */
class BadInputTest {
  @TempDir Path dir;

  /** Settings whose values are free text (names, paths, commands) and so have no wrong shape. */
  private static final Set<String> FREE_TEXT =
      Set.of(
          "config",
          "collection",
          "apiKey",
          "caFile",
          "dataset",
          "sparseDataset",
          "vectorName",
          "resultsDir",
          "cacheDir",
          "composeFile",
          "composeCommand",
          "faults",
          "scale", // checked against the cluster's size before the load, as faults
          "scaleStartCommand",
          "scaleStopCommand",
          "pushJob",
          "pushInstance",
          "runId",
          "prometheusJob",
          "uslRuns",
          "faultKillCommand",
          "faultStopCommand",
          "faultStartCommand",
          "faultPauseCommand",
          "faultResumeCommand",
          "coldCacheCommand");

  private static Settings resolve(Map<String, String> flags) {
    return Settings.resolve(Map.of(), new Properties(), flags);
  }

  @Test
  void everyStructuredSettingRefusesAMalformedValueNamingFieldValueAndAllowed() {
    int checked = 0;
    for (Setting<?> s : Catalog.ALL) {
      if (FREE_TEXT.contains(s.name())) {
        continue;
      }
      String bad = "%%bogus%%";
      Throwable t = Assertions.catchThrowable(() -> resolve(Map.of(s.name(), bad)));
      assertThat(t)
          .as(s.name() + " accepted '" + bad + "'")
          .isInstanceOf(ConfigException.class)
          .hasMessageContaining("for " + s.name() + " from " + s.flag())
          .hasMessageContaining("'" + bad + "'")
          .hasMessageContaining("allowed: " + s.allowed());
      checked++;
    }
    assertThat(checked).isGreaterThan(30);
  }

  @Test
  void outOfRangeValuesAreRefusedFromEveryLayer() throws Exception {
    assertThatThrownBy(
            () ->
                Settings.resolve(Map.of("QHARNESS_SEARCH_RATE", "-5"), new Properties(), Map.of()))
        .hasMessageContaining("'-5' for searchRate from QHARNESS_SEARCH_RATE")
        .hasMessageContaining("0..1000000");
    Properties sys = new Properties();
    sys.setProperty("qharness.shards", "0");
    assertThatThrownBy(() -> Settings.resolve(Map.of(), sys, Map.of()))
        .hasMessageContaining("'0' for shards from -Dqharness.shards")
        .hasMessageContaining("1..1024");
    Path file = Files.writeString(dir.resolve("q.properties"), "duration=forever\n");
    assertThatThrownBy(() -> resolve(Map.of("config", file.toString())))
        .hasMessageContaining("'forever' for duration from " + file);
    assertThatThrownBy(() -> resolve(Map.of("retryBudget", "2")))
        .hasMessageContaining("retryBudget")
        .hasMessageContaining("0..1");
    assertThatThrownBy(() -> resolve(Map.of("efSweep", "16,32,16")))
        .hasMessageContaining("'16,32,16' for efSweep")
        .hasMessageContaining("16 is repeated");
    assertThatThrownBy(() -> resolve(Map.of("efSweep", "16,,32")))
        .hasMessageContaining("empty entry");
    assertThatThrownBy(() -> resolve(Map.of("efSweep", "16,0")))
        .hasMessageContaining("0 is out of range")
        .hasMessageContaining("1..100000");
    assertThat(resolve(Map.of("efSweep", " 64, 16 ")).get(Catalog.EF_SWEEP))
        .containsExactly(64, 16);
    assertThatThrownBy(() -> resolve(Map.of("nosuch", "1")))
        .hasMessageContaining("unknown setting 'nosuch'");
  }

  @Test
  void secretsAreMaskedEvenInErrors() {
    // apiKey is free text, but its value must never be echoed; the same masking applies to any
    // secret
    Setting<?> key = Catalog.API_KEY;
    assertThat(key.secret()).isTrue();
    assertThat(resolve(Map.of("apiKey", "abc")).describe())
        .anySatisfy(
            row -> {
              assertThat(row[0]).isEqualTo("apiKey");
              assertThat(row[1]).isEqualTo("***");
            });
  }

  @Test
  void hostsAreCheckedForShape() {
    assertThatThrownBy(() -> resolve(Map.of("hosts", "http://10.0.0.1:6334")))
        .hasMessageContaining("URL scheme");
    assertThatThrownBy(() -> resolve(Map.of("hosts", "10.0.0.1:grpc")))
        .hasMessageContaining("port 'grpc' is not a number");
    assertThatThrownBy(() -> resolve(Map.of("hosts", "10.0.0.1:70000")))
        .hasMessageContaining("hosts");
    assertThatThrownBy(() -> resolve(Map.of("hosts", " , ")))
        .hasMessageContaining("no node address");
  }

  @Test
  void dataSetSpecsNameTheProblem() throws Exception {
    assertThatThrownBy(() -> Dataset.open("sift.fvecs", 10, 0)).hasMessageContaining("sift.fvecs");
    assertThatThrownBy(() -> Dataset.open("parquet:/x.parquet", 10, 0))
        .hasMessageContaining("parquet");
    assertThatThrownBy(() -> Dataset.open("synthetic:spiral?dim=8", 10, 0))
        .hasMessageContaining("spiral");
    assertThatThrownBy(() -> Dataset.open("synthetic:uniform?dim=0", 10, 0))
        .hasMessageContaining("dim");
    assertThatThrownBy(
            () ->
                Dataset.open(
                    "fvecs:" + dir.resolve("none.fvecs") + "?queries=" + dir.resolve("q.fvecs"),
                    10,
                    0))
        .hasMessageContaining("none.fvecs");
    Path corrupt = Files.write(dir.resolve("bad.fvecs"), new byte[] {1, 2, 3});
    assertThatThrownBy(() -> Dataset.open("fvecs:" + corrupt + "?queries=" + corrupt, 10, 0))
        .hasMessageContaining("bad.fvecs");
  }

  @Test
  void faultSchedulesAreCheckedBeforeTheRunWithTheSettingNamed() {
    Map<String, String> flags =
        Map.of("faults", "10s kill node9", "testClusterNodes", "3", "resultsDir", dir.toString());
    assertThatThrownBy(() -> QharnessRun.start(BadInputTest.class, resolve(flags)))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("faults (from --faults)")
        .hasMessageContaining("node 9 does not exist");
    Map<String, String> latencyOnCompose =
        Map.of(
            "faults",
            "1s latency node1 10ms",
            "hosts",
            "127.0.0.1:1",
            "faultInjector",
            "compose",
            "resultsDir",
            dir.toString());
    assertThatThrownBy(() -> QharnessRun.start(BadInputTest.class, resolve(latencyOnCompose)))
        .hasMessageContaining("docker compose injector cannot latency");
  }

  @Test
  void contradictorySettingsAndMissingFilesStopTheRunBeforeAnythingStarts() {
    assertThatThrownBy(
            () ->
                QharnessRun.start(
                    BadInputTest.class,
                    resolve(
                        Map.of(
                            "writeConsistency",
                            "3",
                            "replication",
                            "2",
                            "resultsDir",
                            dir.toString()))))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("writeConsistency 3 exceeds replication 2");
    assertThatThrownBy(
            () ->
                QharnessRun.start(
                    BadInputTest.class,
                    resolve(
                        Map.of(
                            "dataset",
                            "hdf5:" + dir.resolve("none.h5"),
                            "resultsDir",
                            dir.toString()))))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("dataset (from --dataset)")
        .hasMessageContaining("none.h5");
    assertThat(dir.toFile().list()).as("no run record: nothing started").isEmpty();
  }

  @Test
  void faultCommandsAreCheckedBeforeTheRunWithTheFix() {
    String hosts = "127.0.0.1:2,127.0.0.1:4";
    assertThatThrownBy(
            () ->
                QharnessRun.start(
                    BadInputTest.class,
                    resolve(
                        Map.of(
                            "faults",
                            "5s kill node2; 9s start node2",
                            "hosts",
                            hosts,
                            "faultKillCommand",
                            "kill -9 {pid}",
                            "resultsDir",
                            dir.toString()))))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("no command for start")
        .hasMessageContaining("faultStartCommand");
    assertThatThrownBy(
            () ->
                QharnessRun.start(
                    BadInputTest.class,
                    resolve(
                        Map.of(
                            "faults",
                            "5s kill node2",
                            "hosts",
                            hosts,
                            "faultKillCommand",
                            "kubectl delete pod qdrant-{pod}",
                            "resultsDir",
                            dir.toString()))))
        .hasMessageContaining("unknown placeholder {pod}")
        .hasMessageContaining("{index}");
    assertThatThrownBy(
            () ->
                QharnessRun.start(
                    BadInputTest.class,
                    resolve(
                        Map.of(
                            "faults",
                            "5s kill node2",
                            "hosts",
                            hosts,
                            "faultKillCommand",
                            "no-such-tool-qh {n}",
                            "resultsDir",
                            dir.toString()))))
        .hasMessageContaining("'no-such-tool-qh' is not a command on PATH");
    // {pid} names the local process listening on the node's gRPC port: port 4 has none
    assertThatThrownBy(
            () ->
                QharnessRun.start(
                    BadInputTest.class,
                    resolve(
                        Map.of(
                            "faults",
                            "5s kill node2",
                            "hosts",
                            hosts,
                            "faultKillCommand",
                            "kill -9 {pid}",
                            "resultsDir",
                            dir.toString()))))
        .hasMessageContaining("node2 (127.0.0.1:4)")
        .hasMessageContaining("no process")
        .hasMessageContaining("is the node running");
    assertThatThrownBy(
            () ->
                QharnessRun.start(
                    BadInputTest.class,
                    resolve(
                        Map.of(
                            "faults",
                            "5s kill node1",
                            "hosts",
                            "10.255.255.1:6334",
                            "faultKillCommand",
                            "kill -9 {pid}",
                            "resultsDir",
                            dir.toString()))))
        .hasMessageContaining("is not on this machine");
    assertThatThrownBy(
            () ->
                QharnessRun.start(
                    BadInputTest.class,
                    resolve(
                        Map.of(
                            "faults",
                            "5s kill node1",
                            "faultInjector",
                            "command",
                            "resultsDir",
                            dir.toString()))))
        .hasMessageContaining("faultInjector=command needs hosts");
  }
}
