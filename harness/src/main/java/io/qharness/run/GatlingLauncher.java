package io.qharness.run;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The command line of a Gatling JVM running one simulation, as {@code mvn gatling:test} starts it:
 * the JVM options Gatling and qharness need, the class path, the settings as system properties and
 * Gatling's own arguments. Secrets go in {@link #environment()}, never on a command line other
 * users of the machine can read. {@code qharness run} and the tests start simulations through it.
 */
public final class GatlingLauncher {
  /** The SIMD distance kernels' incubating module, as pom.xml gives Gatling. */
  static final String MODULES = "--add-modules=jdk.incubator.vector";

  private final String classpath;
  private final String simulation;
  private final Path reportsDir;
  private final List<String> jvmOptions = new ArrayList<>();
  private final Map<String, String> properties = new LinkedHashMap<>();
  private final Map<String, String> environment = new LinkedHashMap<>();
  private boolean noReport;
  private int youngMb = JvmDefaults.MIN_YOUNG_MB;

  /**
   * @param classpath the harness, Gatling and the compiled simulations
   * @param simulation the simulation's class name
   * @param reportsDir where Gatling writes its report folder
   */
  public GatlingLauncher(String classpath, String simulation, Path reportsDir) {
    this.classpath = classpath;
    this.simulation = simulation;
    this.reportsDir = reportsDir;
  }

  /** Extra JVM options, e.g. {@code -Xmx1g}. */
  public GatlingLauncher jvmOptions(List<String> options) {
    jvmOptions.addAll(options);
    return this;
  }

  /** A {@code -Dname=value} system property of the Gatling JVM. */
  public GatlingLauncher property(String name, String value) {
    properties.put(name, value);
    return this;
  }

  /** An environment variable of the Gatling JVM (for secrets). */
  public GatlingLauncher environment(String name, String value) {
    environment.put(name, value);
    return this;
  }

  /**
   * The default young generation ({@link JvmDefaults#youngMb}), unless the options size the heap.
   */
  public GatlingLauncher youngMb(int mb) {
    this.youngMb = mb;
    return this;
  }

  /** Skip Gatling's HTML report. */
  public GatlingLauncher noReport(boolean skip) {
    this.noReport = skip;
    return this;
  }

  /** The full command line. */
  public List<String> command() {
    List<String> options = new ArrayList<>();
    // as gatling-maven-plugin: Gatling's stats writer needs it
    options.add("--add-opens=java.base/java.lang=ALL-UNNAMED");
    if (jvmOptions.stream().noneMatch(o -> o.startsWith("-Djava.util.prefs.PreferencesFactory="))) {
      options.add(InjectorPreferences.OPTION); // no release check over the internet per run
    }
    options.addAll(JvmDefaults.with(jvmOptions, youngMb));
    List<String> cmd =
        new ArrayList<>(javaCommand(options, classpath, properties, "io.gatling.app.Gatling"));
    cmd.add("-s");
    cmd.add(simulation);
    cmd.add("-rf");
    cmd.add(reportsDir.toString());
    if (noReport) {
      cmd.add("-nr");
    }
    return cmd;
  }

  /**
   * A JVM of this machine's Java running {@code mainClass} with qharness's modules (the SIMD
   * distance kernels, as pom.xml gives Gatling), the options, class path and system properties.
   */
  public static List<String> javaCommand(
      List<String> jvmOptions, String classpath, Map<String, String> properties, String mainClass) {
    List<String> cmd = new ArrayList<>();
    cmd.add(java());
    cmd.add(MODULES);
    cmd.addAll(jvmOptions);
    cmd.add("-cp");
    cmd.add(classpath);
    properties.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
    cmd.add(mainClass);
    return cmd;
  }

  /** This machine's Java: the one the launcher runs on. */
  static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /** The environment variables to add to the JVM's. */
  public Map<String, String> environment() {
    return Map.copyOf(environment);
  }

  /** A process builder for the JVM, its environment set (malloc's defaults unless given). */
  public ProcessBuilder processBuilder() {
    ProcessBuilder pb = JvmDefaults.environment(new ProcessBuilder(command()));
    pb.environment().putAll(environment);
    return pb;
  }
}
