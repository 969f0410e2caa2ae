package io.qharness.cli;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;

/** Entry point of the {@code qharness} command line. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the CLI and returns its exit code (see {@link ExitCodes}). */
  public static int run(String... args) {
    CommandLine cl = newCommandLine();
    // one writer per stream for every subcommand, flushed before exit: print() of an
    // auto-flushing writer stays in its encoder's buffer, and System.exit would drop it
    cl.setOut(new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true));
    cl.setErr(new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true));
    try {
      return cl.execute(args);
    } finally {
      cl.getOut().flush();
      cl.getErr().flush();
    }
  }

  /** The CLI, starting Gatling JVMs on this JVM's class path. */
  public static CommandLine newCommandLine() {
    return newCommandLine(System.getProperty("java.class.path"));
  }

  /**
   * The CLI, starting Gatling JVMs on {@code gatlingClasspath} (the harness, Gatling and the
   * compiled simulations), for a JVM whose own class path does not show them, such as a test's.
   */
  public static CommandLine newCommandLine(String gatlingClasspath) {
    CliEnvironment.classpath = () -> gatlingClasspath;
    CommandLine cl = new CommandLine(new QharnessCommand());
    RunCommand.addSettingOptions(cl.getSubcommands().get("run").getCommandSpec());
    cl.setExecutionExceptionHandler(new ErrorHandler());
    cl.setParameterExceptionHandler(ErrorHandler::usageError);
    cl.setExitCodeExceptionMapper(ErrorHandler::exitCodeOf);
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    return cl;
  }
}
