package io.qharness.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.qharness.testcluster.TestCluster;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The command line as users meet it: help, layered settings, errors and exit codes. */
class CliTest {
  private static final String NOOP = NoopSimulation.class.getName();

  @TempDir Path dir;

  @AfterEach
  void restoreEnvironment() {
    CliEnvironment.env = System::getenv;
    CliEnvironment.systemProperties = System::getProperties;
  }

  static List<List<String>> commandPaths(CommandLine cl, List<String> prefix) {
    List<List<String>> out = new ArrayList<>();
    out.add(prefix);
    cl.getSubcommands()
        .forEach(
            (name, sub) -> {
              if (!name.equals("help")) {
                List<String> p = new ArrayList<>(prefix);
                p.add(name);
                out.addAll(commandPaths(sub, p));
              }
            });
    return out;
  }

  @Test
  void everyCommandRendersHelpAndVersion() {
    List<List<String>> paths = commandPaths(Main.newCommandLine(), List.of());
    assertThat(paths)
        .extracting(p -> String.join(" ", p))
        .contains(
            "run",
            "cluster status",
            "compare",
            "baseline",
            "report",
            "testcluster",
            "selfbench groundtruth");
    for (List<String> path : paths) {
      List<String> args = new ArrayList<>(path);
      args.add("--help");
      // picocli reports a description it cannot format (a bare %) on the JVM's stderr
      PrintStream stderr = System.err;
      ByteArrayOutputStream warnings = new ByteArrayOutputStream();
      Cli r;
      try {
        System.setErr(new PrintStream(warnings, true, StandardCharsets.UTF_8));
        r = Cli.run(args.toArray(new String[0]));
      } finally {
        System.setErr(stderr);
      }
      assertThat(warnings.toString(StandardCharsets.UTF_8)).as(String.join(" ", args)).isEmpty();
      assertThat(r.exitCode()).as(String.join(" ", args)).isZero();
      assertThat(r.out())
          .as(String.join(" ", args))
          .contains("Usage: qharness")
          .contains("--version");
      args.set(args.size() - 1, "--version");
      Cli v = Cli.run(args.toArray(new String[0]));
      assertThat(v.exitCode()).isZero();
      assertThat(v.out()).contains("qharness");
    }
    assertThat(Cli.run("run", "--help").out())
        .contains("--search-rate")
        .contains("--hosts")
        .contains("--dry-run");
  }

  @Test
  void dryRunShowsLayeredPrecedenceAndOrigins() throws Exception {
    Path config = dir.resolve("q.properties");
    Files.writeString(config, "searchRate=30\ntopK=7\nduration=5s\n");
    CliEnvironment.env =
        () ->
            Map.of(
                "QHARNESS_SEARCH_RATE",
                "50",
                "QHARNESS_DURATION",
                "20s",
                "QHARNESS_CONFIG",
                config.toString());
    Properties sys = new Properties();
    sys.setProperty("qharness.upsertRate", "3");
    sys.setProperty("qharness.duration", "30s");
    CliEnvironment.systemProperties = () -> sys;
    Cli r = Cli.run("run", NOOP, "--dry-run", "--duration", "9s", "--api-key", "s3cret");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out()).containsPattern("(?m)^topK +7 +" + Pattern.quote(config.toString()) + "$");
    assertThat(r.out()).containsPattern("(?m)^searchRate +50 +QHARNESS_SEARCH_RATE$");
    assertThat(r.out()).containsPattern("(?m)^upsertRate +3 +-Dqharness.upsertRate$");
    assertThat(r.out()).containsPattern("(?m)^duration +9s +--duration$");
    assertThat(r.out()).containsPattern("(?m)^batchSize +256 +default$");
    assertThat(r.out())
        .containsPattern("(?m)^apiKey +\\*\\*\\* +--api-key$")
        .doesNotContain("s3cret");
    assertThat(r.out()).contains("TEST DOUBLE");
  }

  @Test
  void badFlagsAndValuesGiveTheDocumentedExitCodeAndAClearMessage() throws Exception {
    Cli unknown = Cli.run("run", "--serch-rate", "5");
    assertThat(unknown.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(unknown.err())
        .contains("Unknown option: '--serch-rate'")
        .contains("Did you mean --search-rate?");
    Cli swapped = Cli.run("run", "--duartion=5s");
    assertThat(swapped.err()).contains("Did you mean --duration?");
    Cli faraway = Cli.run("run", "--zzzzzzzz", "1");
    assertThat(faraway.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(faraway.err()).doesNotContain("Did you mean");

    Cli badValue = Cli.run("run", NOOP, "--dry-run", "--search-rate", "fast");
    assertThat(badValue.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(badValue.err())
        .contains("invalid value 'fast' for searchRate from --search-rate")
        .contains("allowed");

    Cli badHosts = Cli.run("run", NOOP, "--dry-run", "--hosts", "http://localhost:6334");
    assertThat(badHosts.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(badHosts.err()).contains("hosts").contains("has a URL scheme").contains("host:port");

    Files.writeString(dir.resolve("bad.properties"), "serchRate=5\n");
    Cli badFile =
        Cli.run("run", NOOP, "--dry-run", "--config", dir.resolve("bad.properties").toString());
    assertThat(badFile.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(badFile.err()).contains("unknown key 'serchRate'");

    Cli missingFile =
        Cli.run("run", NOOP, "--dry-run", "--config", dir.resolve("none.properties").toString());
    assertThat(missingFile.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(missingFile.err()).contains("does not exist");

    Cli unknownSim = Cli.run("run", "--dry-run", "NoSuchSimulation");
    assertThat(unknownSim.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(unknownSim.err())
        .contains("unknown simulation 'NoSuchSimulation'")
        .contains("available");

    Cli noRun =
        Cli.run("compare", "nope", "--baseline", "nightly", "--results-dir", dir.toString());
    assertThat(noRun.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(noRun.err()).contains("no run record 'nope'");

    Cli badThreshold = Cli.run("compare", "a", "-b", "b", "-t", "p98=3%");
    assertThat(badThreshold.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(badThreshold.err()).contains("unknown metric 'p98'");

    Cli unknownCommand = Cli.run("rnu");
    assertThat(unknownCommand.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(unknownCommand.err()).contains("run");
  }

  @Test
  void aPeerNeedsARealClusterAndAnExecutable() throws Exception {
    Cli noHosts = Cli.run("selfbench", "upload", "--peer-bfb", "/bin/true");
    assertThat(noHosts.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(noHosts.err()).contains("--peer-bfb needs --hosts").contains("test double");
    Cli missing =
        Cli.run(
            "selfbench",
            "upload",
            "--hosts",
            "127.0.0.1:6334",
            "--peer-bfb",
            dir.resolve("bfb").toString());
    assertThat(missing.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(missing.err()).contains("is not an executable file").contains("cargo build");
  }

  @Test
  void anUnknownUploadDistributionIsRefusedWithTheChoices() throws Exception {
    Cli r = Cli.run("selfbench", "upload", "--distribution", "zipf");
    assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err())
        .contains("--distribution")
        .contains("'zipf'")
        .contains("uniform, gaussian, clustered");
  }

  @Test
  void aTestClusterOnTakenPortsIsABadInputNotACrash() throws Exception {
    try (java.net.ServerSocket taken =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      Cli r =
          Cli.run(
              "testcluster",
              "--nodes",
              "1",
              "--base-port",
              String.valueOf(taken.getLocalPort()),
              "--duration",
              "1s");
      assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
      assertThat(r.err())
          .contains("could not bind 127.0.0.1:")
          .contains("choose free ports or 0")
          .doesNotContain("internal error")
          .doesNotContain("\tat ");
    }
  }

  @Test
  void unreachableHostsExitWithThreeBeforeAnyLoad() {
    Cli r = Cli.run("run", NOOP, "--hosts", "127.0.0.1:1", "--results-dir", dir.toString());
    assertThat(r.exitCode()).isEqualTo(ExitCodes.UNREACHABLE);
    assertThat(r.err()).contains("127.0.0.1:1").contains("docker compose");
    assertThat(dir).isEmptyDirectory();
  }

  @Test
  void clusterStatusIsHealthyThenUnhealthyWhenANodeStops() {
    try (TestCluster cluster = TestCluster.builder().nodes(3).basePort(0).build().start()) {
      String rest = String.join(",", cluster.restAddresses());
      Cli healthy = Cli.run("cluster", "status", "--rest", rest);
      assertThat(healthy.exitCode()).as(healthy.toString()).isZero();
      assertThat(healthy.out()).contains("Leader").contains("healthy");
      cluster.node(2).stop();
      Cli unhealthy = Cli.run("cluster", "status", "--rest", rest);
      assertThat(unhealthy.exitCode()).as(unhealthy.toString()).isEqualTo(ExitCodes.FAILED_CHECK);
      assertThat(unhealthy.out())
          .contains("UNHEALTHY")
          .contains(cluster.node(2).restAddress() + " unreachable");
      cluster.nodes().forEach(n -> n.stop());
      Cli down = Cli.run("cluster", "status", "--rest", rest);
      assertThat(down.exitCode()).isEqualTo(ExitCodes.UNREACHABLE);
      assertThat(down.err()).contains("no node answered");
    }
  }
}
