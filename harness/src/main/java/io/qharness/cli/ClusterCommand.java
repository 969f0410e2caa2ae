package io.qharness.cli;

import io.grpc.StatusRuntimeException;
import io.qharness.cluster.ClusterInspector;
import io.qharness.cluster.Freshness;
import io.qharness.cluster.Target;
import io.qharness.config.Catalog;
import io.qharness.config.Settings;
import io.qharness.grpc.NodeAddress;
import io.qharness.grpc.QdrantNodes;
import io.qharness.results.Json;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Cluster inspection commands. */
@Command(
    name = "cluster",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Inspect a Qdrant cluster.",
    subcommands = {ClusterCommand.Status.class, ClusterCommand.FreshnessCmd.class})
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

    @Mixin ConnectionOptions connection;

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
      connection.addTo(flags);
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

  @Command(
      name = "freshness",
      mixinStandardHelpOptions = true,
      versionProvider = VersionProvider.class,
      description = {
        "Searchable after insert: writes probe points one at a time (wait=true) through each node"
            + " in turn, then searches",
        "every node for each until it returns it, and deletes it. Prints per node how long after"
            + " the acknowledgement",
        "its searches returned the point. Exit 0 when every node returned every probe, 1 when some"
            + " never did within",
        "--timeout, 2 for a missing collection, 3 when no node answers."
      })
  static final class FreshnessCmd implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(
        names = "--hosts",
        split = ",",
        paramLabel = "HOST:PORT",
        description =
            "gRPC addresses (default: hosts, else the compose layout"
                + " 127.0.0.1:6334,6344,6354).")
    List<String> hosts;

    @Option(
        names = "--collection",
        description = "The collection to probe (default: the collection setting, qharness).")
    String collection;

    @Option(
        names = "--samples",
        defaultValue = "20",
        description = "Probe points, one at a time (default: ${DEFAULT-VALUE}).")
    int samples;

    @Option(
        names = "--interval",
        defaultValue = "200ms",
        converter = DurationConverter.class,
        description = "From one probe to the next (default: ${DEFAULT-VALUE}).")
    Duration interval;

    @Option(
        names = "--timeout",
        defaultValue = "10s",
        converter = DurationConverter.class,
        description = "How long a node may take to return a probe (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Mixin ConnectionOptions connection;

    @Override
    public Integer call() {
      if (samples < 1 || samples > 100_000) {
        throw new ErrorHandler.UserException("--samples must be within 1..100000, got " + samples);
      }
      Map<String, String> flags = new LinkedHashMap<>();
      if (hosts != null) {
        flags.put("hosts", String.join(",", hosts));
      }
      if (collection != null) {
        flags.put("collection", collection);
      }
      connection.addTo(flags);
      Settings settings = CliEnvironment.settings(flags);
      List<NodeAddress> addresses =
          settings.isSet(Catalog.HOSTS)
              ? settings.get(Catalog.HOSTS)
              : NodeAddress.parseList("127.0.0.1:6334,127.0.0.1:6344,127.0.0.1:6354");
      String name = settings.get(Catalog.COLLECTION);
      PrintWriter out = spec.commandLine().getOut();
      List<Freshness.NodeResult> results;
      try (QdrantNodes nodes = new QdrantNodes(addresses, Target.adminConnection(settings))) {
        results =
            new Freshness(nodes, name, timeout, settings.get(Catalog.DEADLINE))
                .measure(samples, interval);
      } catch (IllegalArgumentException e) {
        throw new ErrorHandler.UserException(e.getMessage());
      } catch (IllegalStateException | StatusRuntimeException e) {
        spec.commandLine()
            .getErr()
            .println(
                "qharness: cannot probe collection `"
                    + name
                    + "` at "
                    + addresses
                    + ": "
                    + e.getMessage()
                    + " (is the cluster up? --hosts takes the gRPC ports)");
        return ExitCodes.UNREACHABLE;
      }
      out.printf(
          Locale.ROOT,
          "searchable after insert, collection `%s`: from the write's acknowledgement until each"
              + " node's search returned it%n",
          name);
      boolean allSeen = true;
      for (Freshness.NodeResult r : results) {
        out.println("  " + r.describe());
        allSeen &= r.missed() == 0;
      }
      out.flush();
      return allSeen ? ExitCodes.OK : ExitCodes.FAILED_CHECK;
    }
  }
}
