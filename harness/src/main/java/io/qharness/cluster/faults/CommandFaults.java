package io.qharness.cluster.faults;

import io.qharness.cluster.ListeningProcess;
import io.qharness.cluster.LocalProcess;
import io.qharness.grpc.NodeAddress;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Faults through commands the user gives per action, for Qdrant run as processes, systemd units or
 * Kubernetes pods: each is a shell command template run with {@code sh -c}, with placeholders for
 * the node, e.g. {@code kill -9 {pid}}, {@code systemctl stop qdrant@{n}}, {@code kubectl delete
 * pod qdrant-{index}}. Placeholders: {node} (node2), {n} (2), {index} (1, from 0), {host}, {port}
 * (gRPC), {restPort}, and {pid}: the process on this machine listening on the node's gRPC port,
 * looked up when the fault fires (a restarted node has a new one). Everything is checked before the
 * run.
 */
public final class CommandFaults implements FaultInjector {
  /** Placeholders a template may use. */
  public static final Set<String> PLACEHOLDERS =
      Set.of("node", "n", "index", "host", "port", "restPort", "pid");

  private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z]+)}");

  /** Shell builtins a template may start with: not files on PATH, but always there in sh. */
  private static final Set<String> BUILTINS =
      Set.of("kill", "exec", "eval", "cd", "echo", "test", "[", "true", "false", ":", "sleep");

  private final Map<FaultEvent.Action, String> templates;
  private final List<NodeAddress> grpc;
  private final List<NodeAddress> rest;
  private final Duration timeout;
  private final Map<Integer, Long> signalled = new ConcurrentHashMap<>(); // node -> stopped pid

  /**
   * @param templates a command per action (actions without one cannot be scheduled)
   * @param grpc the nodes' gRPC addresses, node1 first
   * @param rest their REST addresses, same order
   */
  public CommandFaults(
      Map<FaultEvent.Action, String> templates,
      List<NodeAddress> grpc,
      List<NodeAddress> rest,
      Duration timeout) {
    this.templates = new EnumMap<>(FaultEvent.Action.class);
    templates.forEach(
        (a, t) -> {
          if (t != null && !t.isBlank()) {
            this.templates.put(a, t.trim());
          }
        });
    this.grpc = List.copyOf(grpc);
    this.rest = List.copyOf(rest);
    this.timeout = timeout;
    this.templates.forEach((a, t) -> checkTemplate(a, t));
  }

  @Override
  public String name() {
    return "command";
  }

  @Override
  public boolean supports(FaultEvent.Action action) {
    return templates.containsKey(action);
  }

  /**
   * What a schedule needs, checked now, before any load: a command for each action it uses (naming
   * the setting to give), and for {pid} commands a local process behind each node they touch.
   * Throws IllegalArgumentException naming the problem and the fix.
   */
  public void check(FaultSchedule schedule) {
    for (FaultEvent e : schedule.events()) {
      String t = templates.get(e.action());
      if (t == null) {
        throw new IllegalArgumentException(
            "fault event '"
                + e.describe()
                + "': no command for "
                + e.action().label()
                + "; give one with "
                + setting(e.action())
                + " (e.g. "
                + example(e.action())
                + ")");
      }
    }
    for (FaultEvent e : schedule.events()) {
      if (templates.get(e.action()).contains("{pid}") && !e.action().recovery) {
        pid(e.node()); // throws when no local process serves the node now
      }
    }
  }

  /** The setting that holds the command of an action. */
  public static String setting(FaultEvent.Action a) {
    return "fault"
        + Character.toUpperCase(a.label().charAt(0))
        + a.label().substring(1)
        + "Command";
  }

  private static String example(FaultEvent.Action a) {
    return switch (a) {
      case START -> "'systemctl start qdrant@{n}', or the script that starts the node";
      case STOP -> "'kill -TERM {pid}' or 'systemctl stop qdrant@{n}'";
      case KILL ->
          "'kill -9 {pid}' or 'kubectl delete pod qdrant-{index} --grace-period=0 --force'";
      case PAUSE -> "'kill -STOP {pid}'";
      case RESUME -> "'kill -CONT {pid}'";
      default -> "a shell command";
    };
  }

  private void checkTemplate(FaultEvent.Action action, String template) {
    if (action == FaultEvent.Action.LATENCY || action == FaultEvent.Action.CLEAR) {
      throw new IllegalArgumentException(
          "the command injector has no "
              + action.label()
              + " command (latency faults need the embedded test cluster)");
    }
    Matcher m = PLACEHOLDER.matcher(template);
    while (m.find()) {
      if (!PLACEHOLDERS.contains(m.group(1))) {
        throw new IllegalArgumentException(
            setting(action)
                + " '"
                + template
                + "': unknown placeholder {"
                + m.group(1)
                + "}; known: "
                + String.join(
                    ", ", PLACEHOLDERS.stream().sorted().map(p -> "{" + p + "}").toList()));
      }
    }
    String program = template.split("\\s+")[0];
    if (!BUILTINS.contains(program) && !executable(program)) {
      throw new IllegalArgumentException(
          setting(action)
              + " '"
              + template
              + "': '"
              + program
              + "' is not "
              + (program.contains("/") ? "an executable file" : "a command on PATH")
              + "; install it or give its full path");
    }
  }

  private static boolean executable(String program) {
    if (program.contains("/")) {
      return Files.isExecutable(Path.of(program));
    }
    String path = System.getenv("PATH");
    for (String dir : path == null ? new String[0] : path.split(File.pathSeparator)) {
      if (Files.isExecutable(Path.of(dir, program))) {
        return true;
      }
    }
    return false;
  }

  /** The PID behind node {@code n} (1-based): the local process listening on its gRPC port. */
  long pid(int n) {
    NodeAddress a = grpc.get(n - 1);
    if (!ListeningProcess.isLocal(a.host())) {
      throw new IllegalArgumentException(
          "node"
              + n
              + " ("
              + a
              + ") is not on this machine, so {pid} cannot name its process;"
              + " use a command that reaches the node itself, e.g. 'ssh "
              + a.host()
              + " systemctl kill -s KILL qdrant'");
    }
    OptionalLong pid = ListeningProcess.pid(a.port());
    if (pid.isEmpty()) {
      throw new IllegalArgumentException(
          "node"
              + n
              + " ("
              + a
              + "): no process of this machine visible to qharness listens on port "
              + a.port()
              + ", so {pid} has nothing to name; is the node running (and as this user)?");
    }
    return pid.getAsLong();
  }

  /** The command an event runs, placeholders filled in ({pid} looked up now). */
  public String command(FaultEvent e) {
    return command(e, null);
  }

  /** The command with {pid} as given, or looked up when null. */
  private String command(FaultEvent e, Long pid) {
    String t = templates.get(e.action());
    if (t == null) {
      throw new IllegalArgumentException(
          "no command for " + e.action().label() + " (" + setting(e.action()) + ")");
    }
    NodeAddress g = grpc.get(e.node() - 1);
    StringBuilder out = new StringBuilder();
    Matcher m = PLACEHOLDER.matcher(t);
    while (m.find()) {
      String value =
          switch (m.group(1)) {
            case "node" -> "node" + e.node();
            case "n" -> Integer.toString(e.node());
            case "index" -> Integer.toString(e.node() - 1);
            case "host" -> g.host();
            case "port" -> Integer.toString(g.port());
            case "restPort" -> Integer.toString(rest.get(e.node() - 1).port());
            case "pid" -> Long.toString(pid == null ? pid(e.node()) : pid);
            default -> m.group();
          };
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    m.appendTail(out);
    return out.toString();
  }

  @Override
  public String describe(FaultEvent e) {
    return templates.containsKey(e.action())
        ? templates.get(e.action())
        : FaultInjector.super.describe(e);
  }

  @Override
  public void apply(FaultEvent e) throws IOException, InterruptedException {
    boolean down = e.action() == FaultEvent.Action.STOP || e.action() == FaultEvent.Action.KILL;
    Long pid = down && templates.get(e.action()).contains("{pid}") ? pid(e.node()) : null;
    String cmd = command(e, pid);
    Process p =
        new ProcessBuilder("sh", "-c", cmd)
            .redirectErrorStream(true)
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
            .start();
    if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      p.destroyForcibly();
      throw new IOException(
          "'"
              + cmd
              + "' did not finish within "
              + timeout.toSeconds()
              + " s (faultCommandTimeout)");
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    if (p.exitValue() != 0) {
      throw new IOException(
          "'"
              + cmd
              + "' failed with exit code "
              + p.exitValue()
              + (out.isEmpty() ? "" : ": " + out));
    }
    if (pid != null) {
      signalled.put(e.node(), pid);
    }
  }

  /**
   * A start waits until the process a stop or kill of this run signalled has exited. A Qdrant
   * stopping on SIGTERM serves its busy client connections (a Prometheus scraping it every few
   * seconds) for up to 30 s, and one started before it exits panics on the WAL lock it still holds.
   */
  @Override
  public void awaitApplicable(FaultEvent e) throws IOException, InterruptedException {
    if (e.action() != FaultEvent.Action.START) {
      return;
    }
    int node = e.node();
    Long pid = signalled.remove(node);
    if (pid == null) {
      return;
    }
    if (!new LocalProcess(pid).exitedBy(System.nanoTime() + timeout.toNanos())) {
      throw new IOException(
          "node"
              + node
              + "'s process "
              + pid
              + ", stopped by this run, still runs "
              + timeout.toSeconds()
              + " s later, and a node started now would panic on the WAL lock it holds; give it"
              + " longer (faultCommandTimeout), or kill it (faultKillCommand 'kill -9 {pid}')");
    }
  }

  /** The actions with a command, for the run record. */
  public List<String> configured() {
    List<String> out = new ArrayList<>();
    templates.forEach((a, t) -> out.add(a.label() + ": " + t));
    return out;
  }
}
