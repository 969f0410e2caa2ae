package io.qharness.protocol;

import static io.qharness.protocol.Qdrant.qdrant;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.qharness.cluster.ClusterInspector;
import io.qharness.config.Settings;
import io.qharness.testcluster.TestCluster;
import io.qharness.workload.vectors.VectorDistance;
import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * API key and TLS to the cluster, with a certificate generated here; every misconfiguration fails
 * clearly.
 */
class SecurityIT {
  private static final String KEY = "k3y-7f2c9a";
  @TempDir static Path certs;
  static File cert;
  static File key;
  static File otherCert;

  private TestCluster cluster;
  private GatlingRuntime gatling;

  /**
   * A self-signed certificate for 127.0.0.1 with openssl (Debian's, always present with the JDK's
   * tools).
   */
  static File[] selfSigned(String name) throws Exception {
    File c = certs.resolve(name + ".pem").toFile();
    File k = certs.resolve(name + ".key").toFile();
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
                "/CN=qharness-test",
                "-addext",
                "subjectAltName=IP:127.0.0.1,DNS:localhost",
                "-keyout",
                k.toString(),
                "-out",
                c.toString())
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("openssl: " + out).isZero();
    return new File[] {c, k};
  }

  @BeforeAll
  static void generate() throws Exception {
    File[] a = selfSigned("node");
    cert = a[0];
    key = a[1];
    otherCert = selfSigned("other")[0];
  }

  /** Builds the runtime and its components, which probe the nodes as a run's start does. */
  private GatlingRuntime start(QdrantProtocolBuilder protocol) {
    gatling = new GatlingRuntime(protocol);
    gatling.components();
    return gatling;
  }

  @AfterEach
  void tearDown() {
    if (gatling != null) {
      gatling.close();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void rightKeyOverTlsWorks() {
    cluster = TestCluster.builder().apiKey(KEY).tls(cert, key).build().start();
    start(
        qdrant()
            .hosts(cluster.grpcAddresses())
            .collection("c")
            .apiKey(KEY)
            .tls(true)
            .caFile(cert.toString()));
    assertThat(
            gatling
                .run(
                    qdrant("create")
                        .createCollection()
                        .vectorSize(4)
                        .distance(VectorDistance.DOT.toProto()))
                .only()
                .ok())
        .isTrue();
  }

  @Test
  void aWrongKeyFailsAsAnAuthenticationErrorAndIsNeverShown() {
    cluster = TestCluster.builder().apiKey(KEY).build().start();
    assertThatThrownBy(
            () ->
                start(
                    qdrant()
                        .hosts(cluster.grpcAddresses())
                        .collection("c")
                        .apiKey("wrong-key-123")))
        .hasMessageContaining("authentication failed")
        .hasMessageContaining("API key")
        .satisfies(
            e -> assertThat(e.getMessage()).doesNotContain("wrong-key-123").doesNotContain(KEY));
    assertThatThrownBy(() -> start(qdrant().hosts(cluster.grpcAddresses()).collection("c")))
        .hasMessageContaining("authentication failed");
  }

  @Test
  void plaintextToATlsClusterFailsClearly() {
    cluster = TestCluster.builder().tls(cert, key).build().start();
    assertThatThrownBy(() -> start(qdrant().hosts(cluster.grpcAddresses()).collection("c")))
        .hasMessageContaining("TLS");
  }

  @Test
  void tlsToAPlaintextClusterFailsClearly() {
    cluster = TestCluster.builder().build().start();
    assertThatThrownBy(
            () ->
                start(
                    qdrant()
                        .hosts(cluster.grpcAddresses())
                        .collection("c")
                        .tls(true)
                        .caFile(cert.toString())))
        .hasMessageContaining("TLS handshake failed")
        .hasMessageContaining("tls");
  }

  @Test
  void anUntrustedCertificateFailsClearly() {
    cluster = TestCluster.builder().tls(cert, key).build().start();
    assertThatThrownBy(
            () ->
                start(
                    qdrant()
                        .hosts(cluster.grpcAddresses())
                        .collection("c")
                        .tls(true)
                        .caFile(otherCert.toString())))
        .hasMessageContaining("certificate")
        .hasMessageContaining("caFile");
  }

  @Test
  void anUnreadableCaFileIsRefusedBeforeConnecting() {
    assertThatThrownBy(
            () ->
                qdrant()
                    .hosts(List.of("127.0.0.1:1"))
                    .tls(true)
                    .caFile("/nonexistent/ca.pem")
                    .protocol())
        .hasMessageContaining("/nonexistent/ca.pem")
        .hasMessageContaining("readable PEM");
  }

  /** cluster status and run records read REST with the same key and TLS the load uses. */
  @Test
  void clusterInspectionUsesTheSameKeyAndTls() {
    cluster = TestCluster.builder().apiKey(KEY).tls(cert, key).build().start();
    List<String> rest = cluster.restAddresses();
    ClusterInspector.Report ok =
        ClusterInspector.of(
                settings(Map.of("apiKey", KEY, "tls", "true", "caFile", cert.toString())),
                Duration.ofSeconds(3))
            .inspect(rest, List.of());
    assertThat(ok.problems()).isEmpty();
    assertThat(ok.testDouble()).isTrue();
    assertThat(ok.nodes())
        .allSatisfy(
            n ->
                assertThat(n.peers().values())
                    .allSatisfy(u -> assertThat(u).startsWith("https://")));

    ClusterInspector.Report untrusted =
        ClusterInspector.of(
                settings(Map.of("apiKey", KEY, "tls", "true", "caFile", otherCert.toString())),
                Duration.ofSeconds(3))
            .inspect(rest, List.of());
    assertThat(untrusted.anyReachable()).isFalse();
    assertThat(untrusted.problems().get(0))
        .contains("certificate is not trusted")
        .contains("--ca-file");

    ClusterInspector.Report plain =
        ClusterInspector.of(settings(Map.of("apiKey", KEY)), Duration.ofSeconds(3))
            .inspect(rest, List.of());
    assertThat(plain.anyReachable()).isFalse();
    assertThat(plain.problems().get(0)).contains("set --tls");

    ClusterInspector.Report wrongKey =
        ClusterInspector.of(
                settings(
                    Map.of("apiKey", "wrong-key-123", "tls", "true", "caFile", cert.toString())),
                Duration.ofSeconds(3))
            .inspect(rest, List.of());
    assertThat(wrongKey.problems().get(0))
        .contains("authentication failed")
        .doesNotContain("wrong-key-123");

    assertThatThrownBy(
            () ->
                ClusterInspector.of(
                    settings(Map.of("caFile", cert.toString())), Duration.ofSeconds(1)))
        .hasMessageContaining("TLS is off");
  }

  private static Settings settings(Map<String, String> flags) {
    return Settings.resolve(Map.of(), new Properties(), flags);
  }
}
