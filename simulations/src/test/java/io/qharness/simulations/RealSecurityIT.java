package io.qharness.simulations;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.qharness.results.RunRecord;
import io.qharness.testsupport.LocalQdrantCluster;
import io.qharness.testsupport.RequiresQdrant;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real 3-node Qdrant 1.19 cluster with an API key and TLS on its REST and gRPC ports: a run and
 * cluster status with the right key and CA work; every wrong setting stops before any load with
 * what to change (plain text to TLS, untrusted certificate, wrong key); a write the server refuses
 * as invalid input stops the run at once with the server's message; a missing data set file stops
 * the run before anything starts.
 */
@RequiresQdrant
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RealSecurityIT {
  private static final String KEY = "acceptance-key-93f1";
  @TempDir static Path dir;
  private LocalQdrantCluster cluster;
  private Path cert;

  @BeforeAll
  void start() throws Exception {
    cert = dir.resolve("node.pem");
    Path key = dir.resolve("node.key");
    Process p =
        new ProcessBuilder(
                "openssl",
                "req",
                "-x509",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-days",
                "1",
                "-subj",
                "/CN=qharness-acceptance",
                "-addext",
                "subjectAltName=IP:127.0.0.1,DNS:localhost",
                "-keyout",
                key.toString(),
                "-out",
                cert.toString())
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0)
        .as("openssl: " + out)
        .isTrue();
    cluster =
        LocalQdrantCluster.builder().name("secure").nodes(3).apiKey(KEY).tls(cert, key).start();
  }

  @AfterAll
  void stop() {
    cluster.close();
  }

  private QharnessCli run(String runId, String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "run",
                "--hosts",
                cluster.hosts(),
                "--results-dir",
                dir.resolve("results").toString(),
                "--run-id",
                runId,
                "--progress",
                "false",
                "--points",
                "2000",
                "--duration",
                "5s",
                "--warmup",
                "1s"));
    args.addAll(List.of(more));
    return QharnessCli.run(args.toArray(new String[0]));
  }

  @Test
  void theRightKeyAndCaWorkAndEveryWrongSettingSaysWhatToChange() throws Exception {
    QharnessCli ok = run("secure", "--tls", "true", "--ca-file", cert.toString(), "--api-key", KEY);
    assertThat(ok.code()).as(ok.toString()).isZero();
    JsonNode run = RunRecord.load(dir.resolve("results/secure")).json();
    assertThat(run.path("target").path("qdrantVersion").asText())
        .as("inspected over REST with TLS and the key")
        .isEqualTo("1.19.0");
    assertThat(run.toString()).doesNotContain(KEY);

    QharnessCli status =
        QharnessCli.run(
            "cluster",
            "status",
            "--rest",
            String.join(",", cluster.restAddresses()),
            "--tls",
            "--ca-file",
            cert.toString(),
            "--api-key",
            KEY);
    assertThat(status.code()).as(status.toString()).isZero();

    QharnessCli plain = run("plain", "--api-key", KEY);
    assertThat(plain.code()).as(plain.toString()).isEqualTo(3);
    assertThat(plain.err()).contains("answered with TLS to a plain-text connection: turn tls on");
    QharnessCli untrusted = run("untrusted", "--tls", "true", "--api-key", KEY);
    assertThat(untrusted.code()).isEqualTo(3);
    assertThat(untrusted.err()).contains("certificate is not trusted").contains("--ca-file");
    QharnessCli wrongKey =
        run("wrong-key", "--tls", "true", "--ca-file", cert.toString(), "--api-key", "not-the-key");
    assertThat(wrongKey.code()).isEqualTo(3);
    assertThat(wrongKey.err())
        .contains("authentication failed")
        .contains("API key")
        .doesNotContain("not-the-key");
    QharnessCli restPlain =
        QharnessCli.run(
            "cluster", "status", "--rest", cluster.restAddresses().get(0), "--api-key", KEY);
    assertThat(restPlain.out()).contains("answered with TLS, not plain HTTP: set --tls");
  }

  @Test
  void aWriteRefusedAsInvalidStopsTheRunAtOnceWithTheServersMessage() throws Exception {
    long t0 = System.nanoTime();
    QharnessCli r =
        QharnessCli.run(
            "run",
            "io.qharness.acceptance.WrongDimensionSimulation",
            "--hosts",
            cluster.hosts(),
            "--results-dir",
            dir.resolve("results").toString(),
            "--run-id",
            "wrong-dim",
            "--tls",
            "true",
            "--ca-file",
            cert.toString(),
            "--api-key",
            KEY,
            "--collection",
            "wrong-dim");
    assertThat(r.code()).as(r.toString()).isEqualTo(2);
    assertThat(r.err())
        .contains("the server refused 'upload batch' as invalid input")
        .contains("expected dim: 8, got 16");
    JsonNode run = RunRecord.load(dir.resolve("results/wrong-dim")).json();
    assertThat(run.path("status").asText()).isEqualTo("failed");
    assertThat(run.path("failureKind").asText()).isEqualTo("configuration");
    assertThat((System.nanoTime() - t0) / 1e9)
        .as("stopped at the first refusal, not after 50 writes")
        .isLessThan(60);
  }

  @Test
  void aMissingDataSetFileStopsTheRunBeforeAnythingStarts() {
    QharnessCli r =
        QharnessCli.run(
            "run",
            "--dataset",
            "hdf5:" + dir.resolve("missing.h5"),
            "--results-dir",
            dir.resolve("results").toString(),
            "--run-id",
            "missing");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err())
        .contains("dataset (from --dataset)")
        .contains("missing.h5")
        .contains("does not exist");
    assertThat(dir.resolve("results/missing")).as("no run started").doesNotExist();
    QharnessCli badName = run("bad-name", "--collection", "bad/name");
    assertThat(badName.code()).isEqualTo(2);
    assertThat(badName.err()).contains("'bad/name' for collection").contains("contains '/'");
  }
}
