package io.qharness.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A real Qdrant cluster of N processes on loopback, in the seed's bootstrap topology: node1
 * bootstraps, the others join it. Ports are picked free at run time in Qdrant's layout (REST p,
 * gRPC p+1, peer-to-peer p+2), storage lives under {@code target/qdrant-clusters/}, and every start
 * goes through the node's {@code start.sh}, which a fault injector can call too. PIDs are those of
 * the qdrant processes themselves. A watchdog kills the nodes if this JVM dies; {@link #close()}
 * stops everything and deletes the storage (logs stay for post-mortems).
 */
public final class LocalQdrantCluster implements AutoCloseable {
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
  private static final Pattern PEER_URI = Pattern.compile("\"uri\"\\s*:");
  private static final Pattern LEADER = Pattern.compile("\"leader\"\\s*:\\s*(\\d+)");

  private final Path dir;
  private final List<Node> nodes = new ArrayList<>();
  private final List<Node> spares = new ArrayList<>();
  private final String apiKey;
  private final Path tlsCert;
  private final HttpClient http;
  private final String scheme;
  private Process watchdog;

  /** One node: its ports, its folder, and the PID of its qdrant process while it runs. */
  public static final class Node {
    private final int index;
    private final int restPort;
    private final Path dir;

    Node(int index, int restPort, Path dir) {
      this.index = index;
      this.restPort = restPort;
      this.dir = dir;
    }

    /** 0-based position; qharness calls it {@code node<index+1>}. */
    public int index() {
      return index;
    }

    public String name() {
      return "node" + (index + 1);
    }

    public int restPort() {
      return restPort;
    }

    public int grpcPort() {
      return restPort + 1;
    }

    public int p2pPort() {
      return restPort + 2;
    }

    public String grpcAddress() {
      return "127.0.0.1:" + grpcPort();
    }

    public String restAddress() {
      return "127.0.0.1:" + restPort;
    }

    /** The script that starts this node in the background and writes {@link #pidFile()}. */
    public Path startScript() {
      return dir.resolve("start.sh");
    }

    public Path pidFile() {
      return dir.resolve("qdrant.pid");
    }

    public Path logFile() {
      return dir.resolve("qdrant.log");
    }

    /** The PID of the qdrant process last started, or -1. */
    public long pid() {
      try {
        return Files.exists(pidFile()) ? Long.parseLong(Files.readString(pidFile()).trim()) : -1;
      } catch (IOException | NumberFormatException e) {
        return -1;
      }
    }

    public boolean alive() {
      long pid = pid();
      return pid > 0 && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    /** The last lines of the node's log. */
    public String logTail() {
      try {
        String s = Files.readString(logFile(), StandardCharsets.UTF_8);
        return s.length() > 4000 ? s.substring(s.length() - 4000) : s;
      } catch (IOException e) {
        return "(no log)";
      }
    }
  }

  /** Options of a cluster. */
  public static final class Builder {
    private int nodes = 3;
    private int spares;
    private String name = "cluster";
    private String apiKey;
    private Path tlsCert;
    private Path tlsKey;
    private final Map<String, String> env = new LinkedHashMap<>();

    public Builder nodes(int n) {
      if (n < 1 || n > 16) {
        throw new IllegalArgumentException("1..16 nodes, got " + n);
      }
      this.nodes = n;
      return this;
    }

    /**
     * Nodes beyond {@link #nodes}, prepared (ports, storage folder, start script with --bootstrap)
     * but not started: a test starts one to make it join the cluster.
     */
    public Builder spares(int n) {
      if (n < 0 || nodes + n > 16) {
        throw new IllegalArgumentException(
            "at most 16 nodes with the spares, got " + nodes + " + " + n);
      }
      this.spares = n;
      return this;
    }

    /** A label for the cluster's folder under target/qdrant-clusters/. */
    public Builder name(String name) {
      this.name = name;
      return this;
    }

    public Builder apiKey(String key) {
      this.apiKey = key;
      return this;
    }

    /** Serve REST and gRPC over TLS with this PEM certificate and key. */
    public Builder tls(Path cert, Path key) {
      this.tlsCert = cert.toAbsolutePath();
      this.tlsKey = key.toAbsolutePath();
      return this;
    }

    /** Any other Qdrant setting as its {@code QDRANT__...} environment variable. */
    public Builder env(String name, String value) {
      env.put(name, value);
      return this;
    }

    /**
     * Starts node1, then each peer, and waits until every node is ready and the cluster has a
     * leader.
     */
    public LocalQdrantCluster start() {
      LocalQdrantCluster c = new LocalQdrantCluster(this);
      try {
        c.startAll(this);
        return c;
      } catch (RuntimeException e) {
        c.close();
        throw e;
      }
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  private LocalQdrantCluster(Builder b) {
    String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("HHmmss-SSS"));
    this.dir =
        Path.of(
                "target",
                "qdrant-clusters",
                b.name + "-" + stamp + "-" + ProcessHandle.current().pid())
            .toAbsolutePath();
    this.apiKey = b.apiKey;
    this.tlsCert = b.tlsCert;
    this.scheme = b.tlsCert == null ? "http" : "https";
    HttpClient.Builder hb = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2));
    if (b.tlsCert != null) {
      hb.sslContext(Trust.of(b.tlsCert));
    }
    this.http = hb.build();
  }

  private void startAll(Builder b) {
    Path binary = QdrantBinary.require();
    try {
      Files.createDirectories(dir);
      int[] bases = FreePorts.triples(b.nodes + b.spares);
      for (int i = 0; i < b.nodes + b.spares; i++) {
        Node n = new Node(i, bases[i], Files.createDirectories(dir.resolve("node" + (i + 1))));
        (i < b.nodes ? nodes : spares).add(n);
        writeStartScript(n, binary, b);
      }
      watchdog = startWatchdog();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    for (Node n : nodes) {
      launch(n);
      awaitReady(n);
    }
    awaitFormed();
  }

  private void writeStartScript(Node n, Path binary, Builder b) throws IOException {
    Map<String, String> env = new LinkedHashMap<>();
    env.put(
        "QDRANT__SERVICE__HOST",
        "127.0.0.1"); // Qdrant listens on 0.0.0.0 unless told: keep tests on loopback
    env.put("QDRANT__CLUSTER__ENABLED", "true");
    env.put("QDRANT__TELEMETRY_DISABLED", "true");
    env.put("QDRANT__SERVICE__HTTP_PORT", Integer.toString(n.restPort()));
    env.put("QDRANT__SERVICE__GRPC_PORT", Integer.toString(n.grpcPort()));
    env.put("QDRANT__CLUSTER__P2P__PORT", Integer.toString(n.p2pPort()));
    env.put("QDRANT__STORAGE__STORAGE_PATH", n.dir.resolve("storage").toString());
    env.put("QDRANT__STORAGE__SNAPSHOTS_PATH", n.dir.resolve("snapshots").toString());
    if (b.apiKey != null) {
      env.put("QDRANT__SERVICE__API_KEY", b.apiKey);
    }
    if (b.tlsCert != null) {
      env.put("QDRANT__SERVICE__ENABLE_TLS", "true");
      env.put("QDRANT__TLS__CERT", b.tlsCert.toString());
      env.put("QDRANT__TLS__KEY", b.tlsKey.toString());
    }
    env.putAll(b.env);
    StringBuilder s = new StringBuilder("#!/bin/sh\n");
    s.append("# Starts Qdrant ")
        .append(n.name())
        .append(" in the background on its own storage; its PID goes to qdrant.pid.\n");
    s.append("cd \"$(dirname \"$0\")\" || exit 1\n");
    env.forEach((k, v) -> s.append("export ").append(k).append("='").append(v).append("'\n"));
    String uri = "--uri http://127.0.0.1:" + n.p2pPort();
    if (n.index == 0) {
      s.append("set -- ").append(uri).append('\n');
    } else {
      // a node with Raft state rejoins by itself; only a fresh one needs the bootstrap peer
      s.append("if [ -f storage/raft_state.json ]; then set -- ")
          .append(uri)
          .append("; else set -- --bootstrap http://127.0.0.1:")
          .append(nodes.get(0).p2pPort())
          .append(' ')
          .append(uri)
          .append("; fi\n");
    }
    s.append("'").append(binary).append("' \"$@\" >> qdrant.log 2>&1 < /dev/null &\n");
    s.append("echo $! > qdrant.pid\n");
    Files.writeString(n.startScript(), s.toString());
    Files.setPosixFilePermissions(n.startScript(), PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  /**
   * Kills the nodes when this JVM goes away without closing the cluster (a crashed or killed test
   * run).
   */
  private Process startWatchdog() throws IOException {
    String script =
        "while kill -0 "
            + ProcessHandle.current().pid()
            + " 2>/dev/null; do sleep 1; done; "
            + "for f in '"
            + dir
            + "'/node*/qdrant.pid; do [ -f \"$f\" ] && kill -9 \"$(cat \"$f\")\" 2>/dev/null; done";
    return new ProcessBuilder("sh", "-c", script)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .redirectError(ProcessBuilder.Redirect.DISCARD)
        .start();
  }

  private void launch(Node n) {
    try {
      Files.deleteIfExists(n.pidFile());
      Process p =
          new ProcessBuilder("sh", n.startScript().toString())
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(n.dir.resolve("start.out").toFile()))
              .start();
      if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IllegalStateException(
            n.startScript() + " failed; see " + n.dir.resolve("start.out"));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private void awaitReady(Node n) {
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!n.alive()) {
        throw new IllegalStateException(
            n.name() + " (qdrant) exited at start; log " + n.logFile() + ":\n" + n.logTail());
      }
      HttpResponse<String> r = get(n, "/readyz");
      if (r != null && r.statusCode() == 200) {
        return;
      }
      sleep(100);
    }
    throw new IllegalStateException(
        n.name()
            + " not ready within "
            + READY_TIMEOUT.toSeconds()
            + " s; log "
            + n.logFile()
            + ":\n"
            + n.logTail());
  }

  /** Until the first node knows every peer and a leader. */
  private void awaitFormed() {
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    String last = "no answer";
    while (System.nanoTime() < deadline) {
      HttpResponse<String> r = get(nodes.get(0), "/cluster");
      if (r != null && r.statusCode() == 200) {
        last = r.body();
        if (count(PEER_URI, last) == nodes.size() && LEADER.matcher(last).find()) {
          return;
        }
      }
      sleep(100);
    }
    throw new IllegalStateException(
        "cluster not formed within " + READY_TIMEOUT.toSeconds() + " s; last /cluster: " + last);
  }

  private static int count(Pattern p, String s) {
    Matcher m = p.matcher(s);
    int n = 0;
    while (m.find()) {
      n++;
    }
    return n;
  }

  /** GET over REST with the cluster's key; null when the node does not answer. */
  public HttpResponse<String> get(Node n, String path) {
    return request(n, "GET", path, null);
  }

  /**
   * A REST call with the cluster's key and a JSON body (null: none); null when the node does not
   * answer.
   */
  public HttpResponse<String> request(Node n, String method, String path, String json) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(scheme + "://" + n.restAddress() + path))
            .timeout(Duration.ofSeconds(5))
            .method(
                method,
                json == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(json));
    if (json != null) {
      b.header("content-type", "application/json");
    }
    if (apiKey != null) {
      b.header("api-key", apiKey);
    }
    try {
      return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  public List<Node> nodes() {
    return List.copyOf(nodes);
  }

  /** The spare nodes, prepared but not started (see {@link Builder#spares}). */
  public List<Node> spares() {
    return List.copyOf(spares);
  }

  public Node node(int index) {
    return nodes.get(index);
  }

  public List<String> grpcAddresses() {
    return nodes.stream().map(Node::grpcAddress).toList();
  }

  public List<String> restAddresses() {
    return nodes.stream().map(Node::restAddress).toList();
  }

  /** gRPC addresses as qharness's {@code hosts} setting takes them. */
  public String hosts() {
    return String.join(",", grpcAddresses());
  }

  /** The cluster's folder: node folders with start scripts, logs and (while running) storage. */
  public Path dir() {
    return dir;
  }

  /** The CA file clients must trust, when the cluster serves TLS. */
  public Path tlsCert() {
    return tlsCert;
  }

  /** SIGKILL: the node dies at once, as in a crash. */
  public void kill(int index) {
    signal(nodes.get(index), "KILL");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (nodes.get(index).alive() && System.nanoTime() < deadline) {
      sleep(20);
    }
  }

  /** SIGSTOP: the node freezes, holding its connections (a hung process, a long GC-like stall). */
  public void pause(int index) {
    signal(nodes.get(index), "STOP");
  }

  /** SIGCONT after {@link #pause}. */
  public void resume(int index) {
    signal(nodes.get(index), "CONT");
  }

  /** Starts a node that is not running (again, on its storage) and waits until it is ready. */
  public void restart(int index) {
    Node n = nodes.get(index);
    if (n.alive()) {
      kill(index);
    }
    launch(n);
    awaitReady(n);
  }

  /**
   * Waits until a node started by someone else (e.g. a fault injector running start.sh) answers
   * ready.
   */
  public void awaitReady(int index) {
    awaitReady(nodes.get(index));
  }

  private static void signal(Node n, String signal) {
    long pid = n.pid();
    if (pid <= 0) {
      throw new IllegalStateException(n.name() + " has no PID (never started?)");
    }
    try {
      Process p =
          new ProcessBuilder("kill", "-" + signal, Long.toString(pid))
              .redirectErrorStream(true)
              .start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IllegalStateException(
            "kill -" + signal + " " + pid + " (" + n.name() + ") failed: " + out);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** Kills every node (a stopped one too), then deletes the storage; logs and scripts stay. */
  @Override
  public void close() {
    if (watchdog != null) {
      watchdog.destroyForcibly();
    }
    List<Node> all = new ArrayList<>(nodes);
    all.addAll(spares);
    for (Node n : all) {
      long pid = n.pid();
      if (pid > 0) {
        ProcessHandle.of(pid)
            .ifPresent(
                h -> {
                  h.destroyForcibly();
                  h.onExit().orTimeout(10, TimeUnit.SECONDS).exceptionally(t -> null).join();
                });
      }
      deleteTree(n.dir.resolve("storage"));
      deleteTree(n.dir.resolve("snapshots"));
    }
  }

  private static void deleteTree(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> s = Files.walk(root)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // best effort: target/ is cleaned by mvn clean
    }
  }

  /** A client trust store holding one PEM certificate, for REST over TLS. */
  static final class Trust {
    static SSLContext of(Path pem) {
      try (var in = Files.newInputStream(pem)) {
        var cert = CertificateFactory.getInstance("X.509").generateCertificate(in);
        var ks = KeyStore.getInstance(KeyStore.getDefaultType());
        ks.load(null, null);
        ks.setCertificateEntry("qdrant", cert);
        var tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
      } catch (IOException | GeneralSecurityException e) {
        throw new IllegalStateException("cannot trust " + pem + ": " + e.getMessage(), e);
      }
    }
  }
}
