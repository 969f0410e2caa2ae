package io.qharness.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatling.javaapi.core.Simulation;
import io.qharness.cluster.Target;
import io.qharness.config.Catalog;
import io.qharness.config.Setting;
import io.qharness.config.Settings;
import io.qharness.grpc.NodeAddress;
import io.qharness.grpc.QdrantNodes;
import io.qharness.metrics.InjectorFigures;
import io.qharness.metrics.IntervalLog;
import io.qharness.metrics.ProcessCpu;
import io.qharness.protocol.QdrantUnreachableException;
import io.qharness.results.HarnessCost;
import io.qharness.results.ResultsLocation;
import io.qharness.results.RunFile;
import io.qharness.results.RunFile.Section;
import io.qharness.results.RunRecord;
import io.qharness.results.RunSets;
import io.qharness.run.ClassArchive;
import io.qharness.run.GatlingLauncher;
import io.qharness.run.Injectors;
import io.qharness.run.JvmDefaults;
import io.qharness.run.Preflight;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Runs a Gatling simulation in its own JVM, as {@code mvn gatling:test} does, with the effective
 * settings handed over as system properties, the run record in {@code results/<run-id>/} and the
 * Gatling report inside it. Every catalogued setting is also a flag of this command.
 */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    sortOptions = false,
    description = {
      "Run a simulation against --hosts, or against the embedded test cluster (a TEST DOUBLE) when"
          + " none are given.",
      "Settings, lowest precedence first: defaults < --config file < QHARNESS_* environment <"
          + " -Dqharness.* < flags."
    })
final class RunCommand implements Callable<Integer> {
  static final String SIMULATIONS_PACKAGE = "io.qharness.simulations";
  static final String DEFAULT_SIMULATION = "MixedWorkloadSimulation";

  @Spec CommandSpec spec;

  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "SIMULATION",
      description =
          "Simulation class: a simple name in "
              + SIMULATIONS_PACKAGE
              + " or a fully qualified name (default: "
              + DEFAULT_SIMULATION
              + ").")
  String simulation;

  @Option(
      names = "--dry-run",
      description =
          "Print the effective configuration and where each value came from; run nothing.")
  boolean dryRun;

  @Option(
      names = "--repeat",
      paramLabel = "N",
      description =
          "Run the simulation N times, one after another: a set of repeated runs in"
              + " results/<run-id>/runs/, which compare and baseline take as N samples of the"
              + " noise between runs (default: 1).")
  int repeat = 1;

  @Option(
      names = "--promote",
      paramLabel = "NAME",
      description =
          "After the runs, promote them to baseline NAME; from 3 or more repeated runs a"
              + " calibrated baseline (its noise floor measured and stored).")
  String promote;

  @Option(
      names = "--no-report",
      description =
          "Skip Gatling's HTML report (the run record is still written) and, unless"
              + " gatlingStats is set, Gatling's stats engine: qharness judges the assertions.")
  boolean noReport;

  /** Adds one option per catalogued setting, e.g. --search-rate for searchRate. */
  static void addSettingOptions(CommandSpec spec) {
    for (Setting<?> s : Catalog.ALL) {
      spec.addOption(
          OptionSpec.builder(s.flag())
              .paramLabel("<" + s.name() + ">")
              .type(String.class)
              .description(
                  // picocli formats descriptions: a percent sign in a setting's text is literal
                  (s.description()
                          + " (allowed: "
                          + s.allowed()
                          + (s.defaultText() == null ? "" : "; default " + s.defaultText())
                          + ")")
                      .replace("%", "%%"))
              .build());
    }
  }

  Map<String, String> flags() {
    Map<String, String> flags = new LinkedHashMap<>();
    for (Setting<?> s : Catalog.ALL) {
      OptionSpec o = spec.findOption(s.flag());
      if (o != null && o.getValue() != null) {
        flags.put(s.name(), o.getValue());
      }
    }
    return flags;
  }

  @Override
  public Integer call() throws Exception {
    Settings settings = CliEnvironment.settings(flags());
    String className = simulationClass(simulation == null ? DEFAULT_SIMULATION : simulation);
    String runId =
        settings.isSet(Catalog.RUN_ID)
            ? settings.get(Catalog.RUN_ID)
            : RunRecord.newRunId(className.substring(className.lastIndexOf('.') + 1));
    Path results = ResultsLocation.resolve(settings.get(Catalog.RESULTS_DIR));
    Injectors injectors = Injectors.of(settings);
    Path runDir = injectors.recordDir(results, runId);
    if (dryRun) {
      printDryRun(settings, className, runDir);
      return ExitCodes.OK;
    }
    if (Files.exists(runDir)) {
      throw new ErrorHandler.UserException(
          "run directory " + runDir + " already exists; choose another --run-id");
    }
    if (repeat < 1 || repeat > 1000) {
      throw new ErrorHandler.UserException("--repeat must be within 1..1000, got " + repeat);
    }
    if (repeat > 1 && injectors.several()) {
      throw new ErrorHandler.UserException(
          "--repeat with injectors="
              + injectors.count()
              + ": repeat the whole test instead (each repeat its own runId and startAt)");
    }
    Preflight.check(settings); // files, TLS, faults: before any JVM, cluster or call starts
    if (settings.isSet(Catalog.HOSTS)) {
      probe(settings);
    }
    int code = ExitCodes.OK;
    for (int i = 1; i <= repeat && code == ExitCodes.OK; i++) {
      code =
          repeat == 1
              ? runOnce(settings, className, results, runId, runDir, results.resolve("cache"))
              : runOnce(
                  settings,
                  className,
                  runDir.resolve(RunSets.RUNS),
                  runId + "-" + i,
                  runDir.resolve(RunSets.RUNS).resolve(runId + "-" + i),
                  results.resolve("cache"));
    }
    sayWhatNext(injectors, runDir, runId, code);
    if (code == ExitCodes.OK && promote != null) {
      return spec.root()
          .commandLine()
          .execute(
              "baseline",
              runDir.toString(),
              "--name",
              promote,
              "--force",
              "--results-dir",
              results.toString());
    }
    return code;
  }

  /** After repeated runs or one injector's part: where they are and what to do with them. */
  private void sayWhatNext(Injectors injectors, Path runDir, String runId, int code) {
    if (repeat > 1) {
      spec.commandLine()
          .getOut()
          .println(
              "qharness: "
                  + repeat
                  + " repeated runs in "
                  + runDir
                  + (code == ExitCodes.OK ? "" : " (stopped at a failed run)")
                  + "; compare them as one candidate: qharness compare "
                  + runId
                  + " --baseline <name>");
    }
    if (injectors.several()) {
      spec.commandLine()
          .getOut()
          .println(
              "qharness: injector "
                  + injectors.index()
                  + " of "
                  + injectors.count()
                  + " done; once every injector is, join their parts: qharness merge "
                  + runId);
    }
  }

  /** One run of the simulation in its own Gatling JVM; returns the command's exit code. */
  private int runOnce(
      Settings settings, String className, Path results, String runId, Path runDir, Path cacheDir)
      throws IOException, InterruptedException {
    Optional<ClassArchive> classes =
        ClassArchive.of(
            CliEnvironment.systemProperties.get().getProperty(ClassArchive.DIR_PROPERTY),
            CliEnvironment.classpath.get());
    GatlingLauncher gatling = launcher(settings, className, runDir.resolve("gatling"), classes);
    gatling.property(Catalog.RUN_ID.systemProperty(), runId);
    gatling.property(Catalog.RESULTS_DIR.systemProperty(), results.toString());
    if (!settings.isSet(Catalog.CACHE_DIR)) {
      // repeated runs live in a set's folder; they share the results directory's cache
      gatling.property(Catalog.CACHE_DIR.systemProperty(), cacheDir.toString());
    }
    // without responses in its stats engine Gatling's report would show no Qdrant request
    gatling.noReport(noReport || !settings.get(Catalog.GATLING_STATS));
    if (noReport && settings.value(Catalog.GATLING_STATS).source() == Settings.Source.DEFAULT) {
      // with no report to feed, Gatling's stats would only cost: its log written during the load
      // and read back after it to judge the assertions, which qharness then judges itself
      gatling.property(Catalog.GATLING_STATS.systemProperty(), "false");
    }
    PrintWriter out = spec.commandLine().getOut();
    out.println("qharness: running " + className + " as run " + runId);
    out.flush();
    ProcessCpu before = ProcessCpu.now();
    int code = runToEnd(gatling);
    Path report = gatlingReport(runDir.resolve("gatling"));
    RunFile recorded = recordGatling(runDir, report, code);
    recordCost(runDir, recorded, before, out);
    out.println(
        "qharness: run record "
            + runDir
            + (report == null ? "" : "\nqharness: Gatling report " + report));
    classes.ifPresent(a -> archiveClasses(a, code, out));
    return exitCode(code, recorded);
  }

  /** After the record is written, never counted in the run's cost: see {@link ClassArchive}. */
  private static void archiveClasses(ClassArchive classes, int gatlingCode, PrintWriter out) {
    if (!classes.recorded()) {
      return;
    }
    if (gatlingCode != ExitCodes.OK) {
      classes.discardRecorded(); // the next run records a whole run's classes
      return;
    }
    out.println(
        "qharness: archiving the injector JVM's classes so that later runs start faster (once per"
            + " build, about 20 s)...");
    out.flush();
    classes.archiveRecorded().ifPresent(out::println);
  }

  private void printDryRun(Settings settings, String className, Path runDir) {
    PrintWriter out = spec.commandLine().getOut();
    out.println("simulation: " + className);
    out.println(
        "target:     "
            + (settings.isSet(Catalog.HOSTS)
                ? settings.value(Catalog.HOSTS).text()
                : "embedded test cluster (a Qdrant-compatible TEST DOUBLE; figures are not"
                    + " Qdrant's performance)"));
    out.println("record:     " + runDir);
    out.println();
    out.println(String.format("%-20s %-40s %s", "setting", "value", "from"));
    for (String[] row : settings.describe()) {
      out.println(String.format("%-20s %-40s %s", row[0], row[1], row[2]));
    }
  }

  private static int runToEnd(GatlingLauncher gatling) throws IOException, InterruptedException {
    Process p = gatling.processBuilder().inheritIO().start();
    try {
      return p.waitFor();
    } catch (InterruptedException e) {
      p.destroy();
      throw e;
    }
  }

  /**
   * Adds Gatling's report and exit code to the run's record, and marks a run still "running" as
   * crashed; returns the record as it then stands, or null when there is none.
   */
  private static RunFile recordGatling(Path runDir, Path report, int code) {
    if (!Files.isRegularFile(runDir.resolve(RunRecord.RUN_FILE))) {
      return null; // Gatling failed before the simulation began its record
    }
    RunFile run = RunRecord.load(runDir).run();
    RunRecord record = RunRecord.reopen(runDir);
    if (report != null) {
      record.put(Section.GATLING_REPORT, runDir.relativize(report).toString(), false);
    }
    record.put(Section.GATLING_EXIT_CODE, code, true);
    if (run.status() == RunFile.Status.RUNNING) { // the injector died before it could say so
      record.crashed(code, lastIntervalEnd(runDir));
    }
    return RunRecord.load(runDir).run();
  }

  /** The launcher's CPU already counted in an earlier repeated run's cost. */
  private double launcherCpuCounted;

  /**
   * Adds what the run cost on this machine to its record and says so: the launcher's CPU since the
   * last run (or its start) and the Gatling JVM's, told apart into the load's share and the fixed
   * cost around it.
   */
  private void recordCost(Path runDir, RunFile recorded, ProcessCpu before, PrintWriter out) {
    ProcessCpu after = ProcessCpu.now();
    if (recorded == null || Double.isNaN(after.selfSeconds())) {
      return;
    }
    double launcher = after.selfSeconds() - launcherCpuCounted;
    launcherCpuCounted = after.selfSeconds();
    double gatling = after.childrenSeconds() - before.childrenSeconds();
    InjectorFigures injector = recorded.injectorProcess();
    double load = injector == null ? 0 : injector.cpuSecondsWithRequests();
    InjectorFigures.Measured m = injector == null ? null : injector.measuredPhase();
    HarnessCost cost =
        new HarnessCost(
            launcher + gatling,
            launcher,
            gatling,
            load,
            Math.max(0, launcher + gatling - load),
            m == null ? null : m.cpuMicrosPerRequest());
    RunRecord.reopen(runDir).put(Section.HARNESS_COST, cost, true);
    out.println(HarnessCosts.line(cost));
  }

  /** The scheduled faults that could not be applied, as "EVENT failed: WHY". */
  private static List<String> failedFaults(RunFile recorded) {
    List<String> out = new ArrayList<>();
    if (recorded != null && recorded.faults() != null) {
      recorded
          .faults()
          .forEach(
              f -> {
                if (!f.path("ok").asBoolean(true)) {
                  out.add(
                      f.path("event").asText()
                          + " failed: "
                          + f.path("error").asText()
                          + " (the run did not test what was scheduled)");
                }
              });
    }
    return out;
  }

  /** When the last reporting interval in the run's interval log ended, or null. */
  private static Long lastIntervalEnd(Path runDir) {
    Path log = runDir.resolve(IntervalLog.FILE);
    if (!Files.isRegularFile(log)) {
      return null;
    }
    try {
      return IntervalLog.readUpToCut(log).stream() // the crash may have cut its last line
          .map(IntervalLog.Entry::endMillis)
          .max(Long::compare)
          .orElse(null);
    } catch (RuntimeException e) {
      return null; // unreadable from its first line: the record says no interval was written
    }
  }

  private int exitCode(int gatlingCode, RunFile recorded) {
    PrintWriter err = spec.commandLine().getErr();
    if (recorded != null && recorded.status() == RunFile.Status.CRASHED) {
      err.println("qharness: the run crashed: " + recorded.failure());
      return ExitCodes.INTERNAL;
    }
    if (gatlingCode == 0) {
      List<String> failedFaults = failedFaults(recorded);
      if (!failedFaults.isEmpty()) { // the fault experiment did not happen as scheduled
        failedFaults.forEach(f -> err.println("qharness: fault " + f));
        return ExitCodes.FAILED_CHECK;
      }
      if (recorded != null && recorded.scale() != null && recorded.scale().hasNonNull("failure")) {
        err.println(
            "qharness: the scale event failed: " + recorded.scale().path("failure").asText());
        return ExitCodes.FAILED_CHECK;
      }
      if (coldRestartFailed(recorded, err)) {
        return ExitCodes.FAILED_CHECK;
      }
      return ExitCodes.OK;
    }
    if (recorded != null && recorded.refused()) {
      // refused before any load for its settings (the simulation said why); not a crash
      err.println("qharness: " + recorded.failure());
      return ExitCodes.USAGE;
    }
    if (gatlingCode == 2) {
      coldRestartFailed(recorded, err); // the cause of its failed assertion on the cold searches
      err.println("qharness: the simulation's assertions failed (see the output above)");
      return ExitCodes.FAILED_CHECK;
    }
    err.println("qharness: Gatling exited with code " + gatlingCode + "; see its output above");
    return ExitCodes.INTERNAL;
  }

  /** Says so when a cold start's restart failed (its cold searches were then skipped). */
  private static boolean coldRestartFailed(RunFile recorded, PrintWriter err) {
    if (recorded == null || recorded.coldStart() == null) {
      return false;
    }
    JsonNode failure = recorded.coldStart().path("restart").path("failure");
    if (!failure.isTextual()) {
      return false;
    }
    err.println(
        "qharness: the cold restart failed, so there are no cold searches: " + failure.asText());
    return true;
  }

  /**
   * The Gatling JVM for this run: the launcher's class path (harness, Gatling, compiled
   * simulations), gatlingJavaOpts as JVM options (then the class archive's, unless they choose
   * class sharing themselves), the settings as system properties except secrets, which go in its
   * environment.
   */
  private static GatlingLauncher launcher(
      Settings settings, String className, Path reportsDir, Optional<ClassArchive> classes) {
    GatlingLauncher gatling =
        new GatlingLauncher(CliEnvironment.classpath.get(), className, reportsDir);
    // a data set file's dimension is read later, in the Gatling JVM: size for a large one
    int dim = settings.isSet(Catalog.DATASET) ? 1024 : settings.get(Catalog.DIM);
    gatling.youngMb(
        JvmDefaults.youngMb(
            dim, settings.get(Catalog.BATCH_SIZE), settings.get(Catalog.PARALLELISM)));
    List<String> own =
        settings.isSet(Catalog.GATLING_JAVA_OPTS)
            ? List.of(settings.get(Catalog.GATLING_JAVA_OPTS).trim().split("\\s+"))
            : List.of();
    gatling.jvmOptions(own);
    classes.ifPresent(a -> gatling.jvmOptions(a.options(own)));
    Map<String, Setting<?>> bySystemProperty = new LinkedHashMap<>();
    Catalog.ALL.forEach(s -> bySystemProperty.put(s.systemProperty(), s));
    settings
        .toSystemProperties()
        .forEach(
            (k, v) -> {
              Setting<?> s = bySystemProperty.get(k);
              if (s.secret()) {
                gatling.environment(s.environmentVariable(), v);
              } else {
                gatling.property(k, v);
              }
            });
    return gatling;
  }

  /** Fails fast, with exit code 3, when none of the hosts answers. */
  private static void probe(Settings settings) {
    List<NodeAddress> hosts = settings.get(Catalog.HOSTS);
    try (QdrantNodes nodes = new QdrantNodes(hosts, Target.adminConnection(settings))) {
      List<String> failures = new ArrayList<>();
      boolean any = false;
      for (QdrantNodes.Probe p : nodes.probe(3000)) {
        if (p.reachable()) {
          any = true;
        } else {
          failures.add(p.failure());
        }
      }
      if (!any) {
        throw new QdrantUnreachableException(hosts, failures);
      }
    }
  }

  static Path gatlingReport(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return null;
    }
    try (Stream<Path> s = Files.walk(dir, 2)) {
      return s.filter(f -> f.getFileName().toString().equals("index.html"))
          .findFirst()
          .orElse(null);
    }
  }

  /**
   * Resolves a simulation name to a class that extends Gatling's Simulation, or explains what
   * exists.
   */
  static String simulationClass(String name) {
    List<String> tries =
        name.contains(".")
            ? List.of(name)
            : List.of(
                SIMULATIONS_PACKAGE + "." + name, SIMULATIONS_PACKAGE + "." + name + "Simulation");
    for (String c : tries) {
      try {
        Class<?> k = Class.forName(c, false, Thread.currentThread().getContextClassLoader());
        if (!Simulation.class.isAssignableFrom(k)) {
          throw new ErrorHandler.UserException(
              c
                  + " is not a Gatling simulation (it does not extend"
                  + " io.gatling.javaapi.core.Simulation)");
        }
        return c;
      } catch (ClassNotFoundException e) {
        // next
      }
    }
    throw new ErrorHandler.UserException(
        "unknown simulation '"
            + name
            + "'; available: "
            + String.join(", ", available())
            + " (simulations live in simulations/src/test/java; ./qharness compiles them)");
  }

  static List<String> available() {
    TreeSet<String> names = new TreeSet<>();
    for (String entry : CliEnvironment.classpath.get().split(File.pathSeparator)) {
      Path dir = Path.of(entry).resolve(SIMULATIONS_PACKAGE.replace('.', '/'));
      if (Files.isDirectory(dir)) {
        try (Stream<Path> s = Files.list(dir)) {
          s.map(f -> f.getFileName().toString())
              .filter(f -> f.endsWith("Simulation.class"))
              .forEach(f -> names.add(f.substring(0, f.length() - 6)));
        } catch (IOException e) {
          // an unreadable class path entry lists nothing
        }
      }
    }
    return names.isEmpty()
        ? List.of("(none found on the class path; run ./qharness from the repository)")
        : new ArrayList<>(names);
  }
}
