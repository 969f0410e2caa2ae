package io.qharness.cli;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.logging.Level;
import java.util.logging.Logger;
import picocli.CommandLine;

/** Entry point of the {@code qharness} command line. */
public final class Main {
  private Main() {}

  /**
   * grpc-java logs through java.util.logging, at INFO, whether epoll is there: noise on every
   * command. Held here because JUL keeps its loggers weakly, and would drop the level with them.
   */
  private static final Logger GRPC_TRANSPORT_INFO =
      Logger.getLogger("io.grpc.netty.shaded.io.grpc.netty");

  public static void main(String[] args) {
    GRPC_TRANSPORT_INFO.setLevel(Level.WARNING);
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
