package io.qharness.run;

import io.qharness.cluster.Target;
import io.qharness.cluster.faults.CommandFaults;
import io.qharness.cluster.faults.DockerComposeFaults;
import io.qharness.cluster.faults.EmbeddedClusterFaults;
import io.qharness.cluster.faults.FaultEvent;
import io.qharness.cluster.faults.FaultInjector;
import io.qharness.cluster.faults.FaultRunner;
import io.qharness.cluster.faults.FaultSchedule;
import io.qharness.config.Catalog;
import io.qharness.config.ConfigException;
import io.qharness.config.Setting;
import io.qharness.config.Settings;
import io.qharness.grpc.NodeAddress;
import io.qharness.results.ResultsLocation;
import io.qharness.spi.EmbeddedCluster;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The fault schedule of a run and the injector that applies it, chosen and checked from the
 * settings: the embedded test cluster's API, docker compose, or the user's commands. Every problem
 * is a {@link ConfigException} naming the setting and the fix, raised before any load.
 */
final class FaultSetup {
  private static final Map<FaultEvent.Action, Setting<String>> COMMANDS =
      new EnumMap<>(
          Map.of(
              FaultEvent.Action.KILL, Catalog.FAULT_KILL_COMMAND,
              FaultEvent.Action.STOP, Catalog.FAULT_STOP_COMMAND,
              FaultEvent.Action.START, Catalog.FAULT_START_COMMAND,
              FaultEvent.Action.PAUSE, Catalog.FAULT_PAUSE_COMMAND,
              FaultEvent.Action.RESUME, Catalog.FAULT_RESUME_COMMAND));

  private FaultSetup() {}

  /** The runner of the run's schedule against its target. */
  static FaultRunner runner(Settings settings, Target target) {
    List<NodeAddress> grpc = target.grpcAddresses().stream().map(NodeAddress::parse).toList();
    return runner(settings, grpc, () -> target.restAddresses(settings), target.embeddedCluster());
  }

  /**
   * Checks the schedule and its injector before the target starts (hosts from the settings, or the
   * embedded cluster's size).
   */
  static void check(Settings settings) {
    if (!settings.isSet(Catalog.FAULTS)) {
      return;
    }
    if (!settings.isSet(Catalog.HOSTS)) {
      FaultSchedule schedule = schedule(settings, settings.get(Catalog.TEST_CLUSTER_NODES));
      kind(settings, true); // refuses injectors that need hosts
      schedule.events(); // the test cluster can apply every action
      return;
    }
    List<NodeAddress> grpc = settings.get(Catalog.HOSTS);
    runner(
            settings,
            grpc,
            () -> Target.restAddresses(settings, grpc.stream().map(NodeAddress::toString).toList()),
            null)
        .close();
  }

  /** {@code rest} is asked only by the command injector (its {restPort}). */
  private static FaultRunner runner(
      Settings settings,
      List<NodeAddress> grpc,
      Supplier<List<String>> rest,
      EmbeddedCluster embedded) {
    FaultSchedule schedule = schedule(settings, grpc.size());
    FaultInjector injector =
        switch (kind(settings, embedded != null || !settings.isSet(Catalog.HOSTS))) {
          case TESTCLUSTER -> embedded == null ? null : new EmbeddedClusterFaults(embedded);
          case COMMAND -> commands(settings, grpc, restAddresses(rest), schedule);
          default -> compose(settings);
        };
    if (injector == null) {
      throw new IllegalStateException("the embedded test cluster is not running yet");
    }
    try {
      return new FaultRunner(schedule, injector);
    } catch (IllegalArgumentException e) {
      throw new ConfigException("faults: " + e.getMessage());
    }
  }

  /**
   * The injector that restarts {@code nodes} (1-based) for a cold start, checked for the events it
   * will apply: a graceful stop where one is configured (the embedded cluster, faultStopCommand),
   * else a kill, then a start.
   */
  static FaultInjector restarter(Settings settings, Target target, List<Integer> nodes) {
    if (settings.isSet(Catalog.FAULTS)) {
      throw new ConfigException(
          "faults: the cold start restarts the nodes itself (coldRestart); drop faults");
    }
    boolean stop = target.embedded() || settings.isSet(Catalog.FAULT_STOP_COMMAND);
    StringBuilder schedule = new StringBuilder();
    for (int n : nodes) {
      schedule.append("0s ").append(stop ? "stop" : "kill").append(" node").append(n).append("; ");
    }
    for (int n : nodes) {
      schedule.append("0s start node").append(n).append("; ");
    }
    List<NodeAddress> grpc = target.grpcAddresses().stream().map(NodeAddress::parse).toList();
    Settings withSchedule =
        settings.withDefault(Catalog.FAULTS, schedule.toString(), "the cold restart");
    try (FaultRunner runner =
        runner(
            withSchedule, grpc, () -> target.restAddresses(settings), target.embeddedCluster())) {
      return runner.injector();
    }
  }

  private static List<NodeAddress> restAddresses(Supplier<List<String>> rest) {
    try {
      return rest.get().stream().map(NodeAddress::parse).toList();
    } catch (IllegalArgumentException e) {
      throw new ConfigException(
          "restHosts: the nodes' REST addresses are needed for {restPort}, and deriving them from"
              + " hosts failed ("
              + e.getMessage()
              + "); give restHosts");
    }
  }

  private static FaultSchedule schedule(Settings settings, int nodes) {
    try {
      return FaultSchedule.parse(settings.get(Catalog.FAULTS), nodes);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(
          "faults (from " + settings.value(Catalog.FAULTS).origin() + "): " + e.getMessage());
    }
  }

  private static Catalog.FaultInjectorKind kind(Settings settings, boolean embedded) {
    Catalog.FaultInjectorKind kind = settings.get(Catalog.FAULT_INJECTOR);
    if (kind == Catalog.FaultInjectorKind.AUTO) {
      boolean commands = COMMANDS.values().stream().anyMatch(settings::isExplicit);
      kind =
          embedded
              ? Catalog.FaultInjectorKind.TESTCLUSTER
              : commands ? Catalog.FaultInjectorKind.COMMAND : Catalog.FaultInjectorKind.COMPOSE;
    }
    if (kind == Catalog.FaultInjectorKind.TESTCLUSTER && !embedded) {
      throw new ConfigException(
          "faultInjector=testcluster needs the embedded test cluster; with hosts given use"
              + " faultInjector=command (processes, systemd, Kubernetes) or compose");
    }
    if (kind != Catalog.FaultInjectorKind.TESTCLUSTER && embedded) {
      throw new ConfigException(
          "faultInjector="
              + kind.name().toLowerCase(Locale.ROOT)
              + " needs hosts (a cluster of your own);"
              + " the embedded test cluster takes faults through its API (faultInjector=auto)");
    }
    return kind;
  }

  private static FaultInjector compose(Settings settings) {
    Path compose = ResultsLocation.resolve(settings.get(Catalog.COMPOSE_FILE));
    try {
      return new DockerComposeFaults(
          List.of(settings.get(Catalog.COMPOSE_COMMAND).trim().split("\\s+")), compose);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(
          "composeFile (from "
              + settings.value(Catalog.COMPOSE_FILE).origin()
              + "): "
              + e.getMessage());
    }
  }

  private static FaultInjector commands(
      Settings settings, List<NodeAddress> grpc, List<NodeAddress> rest, FaultSchedule schedule) {
    Map<FaultEvent.Action, String> templates = new EnumMap<>(FaultEvent.Action.class);
    COMMANDS.forEach(
        (action, setting) -> {
          if (settings.isSet(setting)) {
            templates.put(action, settings.get(setting));
          }
        });
    try {
      CommandFaults c =
          new CommandFaults(templates, grpc, rest, settings.get(Catalog.FAULT_COMMAND_TIMEOUT));
      c.check(schedule);
      return c;
    } catch (IllegalArgumentException e) {
      throw new ConfigException("faults: " + e.getMessage());
    }
  }
}
