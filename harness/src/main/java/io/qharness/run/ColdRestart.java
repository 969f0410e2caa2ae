package io.qharness.run;

import io.qharness.cluster.LocalProcess;
import io.qharness.cluster.QdrantRest;
import io.qharness.cluster.Target;
import io.qharness.cluster.faults.FaultEvent;
import io.qharness.cluster.faults.FaultInjector;
import io.qharness.config.Catalog;
import io.qharness.config.ConfigException;
import io.qharness.config.Settings;
import io.qharness.grpc.NodeAddress;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

/**
 * Restarts the nodes of a cold start: every node (node1 first, the bootstrap peer) or one, stopped
 * gracefully where a stop is configured (else killed), an optional command run while they are down
 * (to empty the OS page cache), then started one after the other, each waited for until its {@code
 * /readyz} answers. Blocking: run it off Gatling's threads.
 */
final class ColdRestart {
  private static final Duration DOWN_WAIT = Duration.ofSeconds(60);
  private static final Duration READY_WAIT = Duration.ofSeconds(180);

  /** What the restart did and how long it took; {@code failure} is null when it worked. */
  record Result(
      List<Integer> nodes,
      String how,
      double downSeconds,
      double startToReadySeconds,
      String cacheCommand,
      String cacheOutcome,
      String failure) {}

  private final Settings settings;
  private final Target target;
  private final List<Integer> nodes;

  ColdRestart(Settings settings, Target target) {
    this.settings = settings;
    this.target = target;
    this.nodes = nodes(settings.get(Catalog.COLD_RESTART), target.grpcAddresses().size());
  }

  /** coldRestart: "all" is every node in order, "nodeN" one of them. */
  static List<Integer> nodes(String spec, int count) {
    String s = spec.trim().toLowerCase(Locale.ROOT);
    if (s.equals("all")) {
      List<Integer> all = new ArrayList<>();
      for (int n = 1; n <= count; n++) {
        all.add(n);
      }
      return all;
    }
    if (s.matches("node\\d+")) {
      int n = Integer.parseInt(s.substring(4));
      if (n >= 1 && n <= count) {
        return List.of(n);
      }
    }
    throw new ConfigException(
        "coldRestart="
            + spec
            + ": use all, or one of the target's "
            + count
            + " nodes: node1"
            + (count > 1 ? " .. node" + count : ""));
  }

  List<Integer> nodes() {
    return nodes;
  }

  /** Checks the injector can stop and start these nodes (before any load). */
  FaultInjector injector() {
    return FaultSetup.restarter(settings, target, nodes);
  }

  /** The nodes were left alone, for the reason given. */
  Result notRestarted(String why) {
    return new Result(nodes, "not restarted", 0, -1, null, null, why);
  }

  Result restart(FaultInjector injector) {
    boolean stop = target.embedded() || settings.isSet(Catalog.FAULT_STOP_COMMAND);
    FaultEvent.Action down = stop ? FaultEvent.Action.STOP : FaultEvent.Action.KILL;
    String how = down.label() + ", then start";
    long t0 = System.nanoTime();
    String cache =
        settings.isSet(Catalog.COLD_CACHE_COMMAND)
            ? settings.get(Catalog.COLD_CACHE_COMMAND)
            : null;
    String cacheOutcome = null;
    try {
      List<LocalProcess> processes = new ArrayList<>();
      for (int n : nodes) {
        if (!target.embedded()) {
          LocalProcess p = LocalProcess.serving(target.restAddresses(settings).get(n - 1));
          if (p != null) {
            processes.add(p);
          }
        }
        injector.apply(new FaultEvent(Duration.ZERO, down, n, null));
      }
      if (!target.embedded()) {
        for (int n : nodes) {
          awaitDown(n);
        }
        awaitExit(processes);
      }
      double downSeconds = (System.nanoTime() - t0) / 1e9;
      if (cache != null) {
        cacheOutcome = runCacheCommand(cache);
      }
      long t1 = System.nanoTime();
      // all started before any is waited for: a node's /readyz waits for its peers' consensus
      for (int n : nodes) {
        injector.apply(new FaultEvent(Duration.ZERO, FaultEvent.Action.START, n, null));
      }
      for (int n : nodes) {
        awaitReady(n);
      }
      return new Result(
          nodes,
          how,
          round(downSeconds),
          round((System.nanoTime() - t1) / 1e9),
          cache,
          cacheOutcome,
          null);
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      String why = e.getMessage() == null ? e.toString() : e.getMessage();
      return new Result(
          nodes,
          how,
          round((System.nanoTime() - t0) / 1e9),
          -1,
          cache,
          cacheOutcome,
          target.embedded() ? why : why + ". " + nodesNow());
    }
  }

  /** Which nodes answer now, so a failed restart says what it left behind. */
  private String nodesNow() {
    List<String> up = new ArrayList<>();
    List<String> down = new ArrayList<>();
    for (int n = 1; n <= target.grpcAddresses().size(); n++) {
      boolean answers = accepts(NodeAddress.parse(target.restAddresses(settings).get(n - 1)));
      (answers ? up : down).add("node" + n);
    }
    return "Nodes accepting connections now: "
        + (up.isEmpty() ? "none" : String.join(", ", up))
        + (down.isEmpty() ? "" : "; not: " + String.join(", ", down));
  }

  /**
   * Until neither the node's gRPC nor its REST port accepts a connection: a stopping Qdrant closes
   * gRPC first, and a start before the REST port is free fails with "Address already in use".
   */
  private void awaitDown(int n) throws IOException, InterruptedException {
    List<NodeAddress> ports =
        List.of(
            NodeAddress.parse(target.grpcAddresses().get(n - 1)),
            NodeAddress.parse(target.restAddresses(settings).get(n - 1)));
    long until = System.nanoTime() + DOWN_WAIT.toNanos();
    while (System.nanoTime() < until) {
      if (ports.stream().noneMatch(ColdRestart::accepts)) {
        return;
      }
      TimeUnit.MILLISECONDS.sleep(100);
    }
    throw new IOException(
        "node"
            + n
            + " ("
            + ports
            + ") still accepts connections "
            + DOWN_WAIT.toSeconds()
            + " s after it was stopped; check faultStopCommand");
  }

  /**
   * Until the stopped processes of this machine have exited: a stopping Qdrant closes its ports
   * before it releases its WAL lock, and one started meanwhile panics ("Can't init WAL").
   */
  private static void awaitExit(List<LocalProcess> processes)
      throws IOException, InterruptedException {
    long until = System.nanoTime() + DOWN_WAIT.toNanos();
    for (LocalProcess p : processes) {
      if (!p.exitedBy(until)) {
        throw new IOException(
            "process "
                + p.pid()
                + " still runs "
                + DOWN_WAIT.toSeconds()
                + " s after it was stopped; check faultStopCommand");
      }
    }
  }

  private static boolean accepts(NodeAddress a) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(a.host(), a.port()), 500);
      return true;
    } catch (IOException refused) {
      return false;
    }
  }

  private void awaitReady(int n) throws IOException, InterruptedException {
    String rest = target.restAddresses(settings).get(n - 1);
    QdrantRest http = QdrantRest.of(settings, Duration.ofSeconds(2));
    long until = System.nanoTime() + READY_WAIT.toNanos();
    String last = "no answer";
    while (System.nanoTime() < until) {
      try {
        http.getTextAsync(rest, "/readyz").join();
        return;
      } catch (CompletionException e) {
        last = String.valueOf(e.getCause() == null ? e : e.getCause().getMessage());
      }
      TimeUnit.MILLISECONDS.sleep(100);
    }
    throw new IOException(
        "node"
            + n
            + " ("
            + rest
            + ") was not ready "
            + READY_WAIT.toSeconds()
            + " s after its start: "
            + last
            + "; check faultStartCommand");
  }

  /** Runs the command with sh; "ok", or what went wrong (the restart goes on: it is said). */
  private static String runCacheCommand(String command) {
    try {
      Process p = new ProcessBuilder("sh", "-c", command).redirectErrorStream(true).start();
      String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return "timed out after 60 s";
      }
      return p.exitValue() == 0
          ? "ok"
          : "exit " + p.exitValue() + (output.isEmpty() ? "" : ": " + output);
    } catch (IOException e) {
      return "could not run: " + e.getMessage();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    }
  }

  private static double round(double v) {
    return Math.round(v * 100) / 100.0;
  }
}
