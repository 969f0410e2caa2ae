package io.qharness.cli;

import io.qharness.cluster.ClusterInspector;
import io.qharness.cluster.Target;
import io.qharness.config.Catalog;
import io.qharness.config.Settings;
import io.qharness.grpc.NodeAddress;
import io.qharness.results.Json;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Cluster inspection commands. */
@Command(
    name = "cluster",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Inspect a Qdrant cluster.",
    subcommands = {ClusterCommand.Status.class})
final class ClusterCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  @Command(
      name = "status",
      mixinStandardHelpOptions = true,
      versionProvider = VersionProvider.class,
      description = {
        "Peers, Raft state (leader, term, commit), and per collection its status and shard"
            + " placement, read over REST",
        "from every node. Exit 0 when healthy; 1 when a node is unreachable, Raft has no single"
            + " leader or a stopped",
        "consensus thread, a collection is red, or a replica is Dead or a shard has no serving"
            + " replica; 3 when no node",
        "answers. Replicas catching up (Partial, Recovery, ...) and shard transfers are warnings."
      })
  static final class Status implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(
        names = "--rest",
        split = ",",
        paramLabel = "HOST:PORT",
        description =
            "REST addresses of the nodes (default: restHosts, else the gRPC --hosts/hosts with port"
                + " - 1, else the compose layout 127.0.0.1:6333,6343,6353).")
    List<String> rest;

    @Option(
        names = "--hosts",
        split = ",",
        paramLabel = "HOST:PORT",
        description = "gRPC addresses; REST is taken as port - 1.")
    List<String> hosts;

    @Option(
        names = "--collection",
        description = "Only these collections (default: all).",
        split = ",")
    List<String> collections;

    @Option(
        names = "--api-key",
        description = "API key (or QHARNESS_API_KEY).",
        arity = "0..1",
        interactive = false)
    String apiKey;

    @Option(
        names = "--tls",
        description = "REST over TLS (Qdrant with service.enable_tls; or QHARNESS_TLS=true).")
    Boolean tls;

    @Option(
        names = "--ca-file",
        paramLabel = "PEM",
        description = "CA certificate to trust for TLS (or QHARNESS_CA_FILE).")
    String caFile;

    @Option(
        names = "--timeout",
        defaultValue = "3s",
        converter = DurationConverter.class,
        description = "Per request (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(names = "--json", description = "Print the report as JSON.")
    boolean json;

    @Override
    public Integer call() throws Exception {
      Map<String, String> flags = new LinkedHashMap<>();
      if (hosts != null) {
        flags.put("hosts", String.join(",", hosts));
      }
      if (apiKey != null) {
        flags.put("apiKey", apiKey);
      }
      if (tls != null) {
        flags.put("tls", tls.toString());
      }
      if (caFile != null) {
        flags.put("caFile", caFile);
      }
      Settings settings = CliEnvironment.settings(flags);
      List<String> addresses = new ArrayList<>();
      if (rest != null) {
        for (String r : rest) {
          addresses.add(NodeAddress.parse(r).toString());
        }
      } else if (settings.isSet(Catalog.HOSTS) || settings.isSet(Catalog.REST_HOSTS)) {
        List<String> grpc = new ArrayList<>();
        if (settings.isSet(Catalog.HOSTS)) {
          settings.get(Catalog.HOSTS).forEach(a -> grpc.add(a.toString()));
        }
        addresses.addAll(Target.restAddresses(settings, grpc));
      } else {
        addresses.addAll(List.of("127.0.0.1:6333", "127.0.0.1:6343", "127.0.0.1:6353"));
      }
      ClusterInspector.Report report =
          ClusterInspector.of(settings, timeout).inspect(addresses, collections);
      if (json) {
        spec.commandLine()
            .getOut()
            .println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(report));
      } else {
        spec.commandLine().getOut().print(ClusterInspector.format(report));
      }
      spec.commandLine().getOut().flush();
      if (!report.anyReachable()) {
        spec.commandLine()
            .getErr()
            .println(
                "qharness: no node answered at "
                    + String.join(", ", addresses)
                    + "; start a cluster (docker compose -f compose/docker-compose.yml up -d, or"
                    + " ./qharness testcluster) or give --rest");
        return ExitCodes.UNREACHABLE;
      }
      return report.healthy() ? ExitCodes.OK : ExitCodes.FAILED_CHECK;
    }
  }
}
