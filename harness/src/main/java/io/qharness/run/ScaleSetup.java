package io.qharness.run;

import io.qharness.cluster.Target;
import io.qharness.cluster.faults.CommandFaults;
import io.qharness.cluster.faults.EmbeddedClusterFaults;
import io.qharness.cluster.faults.FaultEvent;
import io.qharness.cluster.faults.FaultInjector;
import io.qharness.cluster.scale.ScaleSchedule;
import io.qharness.config.Catalog;
import io.qharness.config.ConfigException;
import io.qharness.config.Settings;
import io.qharness.grpc.NodeAddress;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A run's scale event, chosen and checked from the settings: the schedule, the scale hosts, and how
 * nodes start and stop (the test double's spares, or the user's commands). Every problem is a
 * {@link ConfigException} naming the setting and the fix, raised before any load.
 */
final class ScaleSetup {
  private static final Pattern NODE = Pattern.compile("node(\\d+)");

  private ScaleSetup() {}

  /**
   * The spare nodes the embedded test cluster needs for the schedule: the highest node it names
   * beyond the cluster's own; 0 with hosts given or without a schedule.
   */
  static int spares(Settings settings) {
    if (!settings.isSet(Catalog.SCALE) || settings.isSet(Catalog.HOSTS)) {
      return 0;
    }
    int max = 0;
    Matcher m = NODE.matcher(settings.get(Catalog.SCALE));
    while (m.find()) {
      max = Math.max(max, Integer.parseInt(m.group(1)));
    }
    return Math.max(0, Math.min(16, max) - settings.get(Catalog.TEST_CLUSTER_NODES));
  }

  static ScaleRun create(Settings settings, Target target, PrintStream out) {
    int members = target.grpcAddresses().size();
    int total = members + target.scaleGrpcAddresses().size();
    ScaleSchedule schedule;
    try {
      schedule = ScaleSchedule.parse(settings.get(Catalog.SCALE), members, total);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(
          "scale (from "
              + settings.value(Catalog.SCALE).origin()
              + "): "
              + e.getMessage()
              + (total == members && !target.embedded()
                  ? "; the nodes that join are given with scaleHosts (their gRPC addresses)"
                  : ""));
    }
    FaultInjector nodes =
        target.embedded()
            ? new EmbeddedClusterFaults(target.embeddedCluster())
            : commands(settings, target, schedule);
    return new ScaleRun(settings, target, schedule, nodes, out);
  }

  /** Start and stop commands over the hosts and then the scale hosts, checked now. */
  private static FaultInjector commands(Settings settings, Target target, ScaleSchedule schedule) {
    Map<FaultEvent.Action, String> templates = new EnumMap<>(FaultEvent.Action.class);
    String start =
        settings.isSet(Catalog.SCALE_START_COMMAND)
            ? settings.get(Catalog.SCALE_START_COMMAND)
            : settings.get(Catalog.FAULT_START_COMMAND);
    boolean joins =
        schedule.steps().stream().anyMatch(s -> s.action() == ScaleSchedule.Action.JOIN);
    if (joins && start == null) {
      throw new ConfigException(
          "scale: a join needs a way to start the node: give scaleStartCommand, e.g."
              + " 'systemctl start qdrant@{n}', 'docker compose -f compose/docker-compose.yml"
              + " --profile scale up -d qdrant_node{n}', or the script that starts it with"
              + " --bootstrap");
    }
    if (start != null) {
      templates.put(FaultEvent.Action.START, start);
    }
    templates.put(FaultEvent.Action.STOP, settings.get(Catalog.SCALE_STOP_COMMAND));
    List<NodeAddress> grpc = new ArrayList<>();
    List<NodeAddress> rest = new ArrayList<>();
    target.grpcAddresses().forEach(a -> grpc.add(NodeAddress.parse(a)));
    target.scaleGrpcAddresses().forEach(a -> grpc.add(NodeAddress.parse(a)));
    target.restAddresses(settings).forEach(a -> rest.add(NodeAddress.parse(a)));
    target.scaleRestAddresses(settings).forEach(a -> rest.add(NodeAddress.parse(a)));
    try {
      return new CommandFaults(templates, grpc, rest, settings.get(Catalog.FAULT_COMMAND_TIMEOUT));
    } catch (IllegalArgumentException e) {
      throw new ConfigException(
          "scale: " + e.getMessage().replace("faultStartCommand", "scaleStartCommand"));
    }
  }
}
