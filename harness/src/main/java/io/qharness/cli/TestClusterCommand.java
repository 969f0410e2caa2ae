package io.qharness.cli;

import io.qharness.cluster.Target;
import io.qharness.config.Durations;
import io.qharness.spi.EmbeddedCluster;
import io.qharness.spi.EmbeddedClusterProvider;
import java.io.File;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Starts the embedded Qdrant-compatible test cluster on its own, for any Qdrant client to use. */
@Command(
    name = "testcluster",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Start the embedded Qdrant-compatible test cluster (a TEST DOUBLE, not Qdrant) on loopback"
          + " ports.",
      "Node i serves REST (metrics, cluster state) on base+10i and gRPC on base+10i+1, as compose/"
          + " maps real Qdrant."
    })
final class TestClusterCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--nodes",
      defaultValue = "3",
      description = "Number of nodes, 1..16 (default: ${DEFAULT-VALUE}).")
  int nodes;

  @Option(
      names = "--base-port",
      defaultValue = "6333",
      description = "REST port of the first node; 0 picks free ports (default: ${DEFAULT-VALUE}).")
  int basePort;

  @Option(
      names = "--api-key",
      description = "Require this API key (api-key header or Bearer token).")
  String apiKey;

  @Option(
      names = "--tls-cert",
      description = "PEM certificate chain: serve gRPC and REST over TLS (with --tls-key).")
  File tlsCert;

  @Option(names = "--tls-key", description = "PEM private key for --tls-cert.")
  File tlsKey;

  @Option(
      names = "--duration",
      description =
          "Stop by itself after this long, e.g. 30s or 10m (default: run until interrupted).",
      converter = DurationConverter.class)
  Duration duration;

  @Option(
      names = "--optimisation-delay",
      description =
          "Report collections Yellow for this long after each write, e.g. 2s (default: none).",
      converter = DurationConverter.class)
  Duration optimisationDelay;

  @Override
  public Integer call() throws InterruptedException {
    if ((tlsCert == null) != (tlsKey == null)) {
      throw new ErrorHandler.UserException(
          "--tls-cert and --tls-key go together; give both or neither");
    }
    for (File f : new File[] {tlsCert, tlsKey}) {
      if (f != null && !f.canRead()) {
        throw new ErrorHandler.UserException("cannot read " + f + "; give a readable PEM file");
      }
    }
    EmbeddedClusterProvider provider = Target.embeddedProvider();
    EmbeddedCluster cluster =
        provider.start(
            new EmbeddedClusterProvider.Options(
                nodes,
                basePort,
                apiKey,
                tlsCert == null ? null : tlsCert.toPath(),
                tlsKey == null ? null : tlsKey.toPath()));
    CountDownLatch stopped = new CountDownLatch(1);
    Thread hook =
        new Thread(
            () -> {
              cluster.close();
              stopped.countDown();
            },
            "qharness-testcluster-stop");
    Runtime.getRuntime().addShutdownHook(hook);
    if (optimisationDelay != null) {
      cluster.optimisationDelay(optimisationDelay);
    }
    PrintWriter out = spec.commandLine().getOut();
    out.println("qharness test cluster: " + provider.description() + ", not Qdrant.");
    out.println("Its latencies say nothing about Qdrant's performance.");
    for (EmbeddedCluster.Node n : cluster.nodes()) {
      out.printf(
          "  %s  peer %d  gRPC %s  REST %s://%s  (metrics: /metrics)%n",
          n.name(),
          n.peerId(),
          n.grpcAddress(),
          tlsCert != null ? "https" : "http",
          n.restAddress());
    }
    out.println(
        "Target it with: -Dqharness.hosts="
            + String.join(",", cluster.grpcAddresses())
            + (tlsCert != null ? " -Dqharness.tls=true -Dqharness.caFile=" + tlsCert : ""));
    out.println(
        duration == null
            ? "Stop with Ctrl-C."
            : "Stopping by itself after " + Durations.format(duration) + ".");
    out.flush();
    if (duration == null) {
      stopped.await();
    } else if (!stopped.await(duration.toMillis(), TimeUnit.MILLISECONDS)) {
      Runtime.getRuntime().removeShutdownHook(hook);
      cluster.close();
      out.println("qharness test cluster stopped.");
    }
    return ExitCodes.OK;
  }
}
