package io.qharness.cli;

import io.qharness.config.ConfigException;
import io.qharness.protocol.QdrantUnreachableException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

/**
 * Maps failures to one clear line on stderr and a documented exit code; no stack traces for user
 * errors.
 */
final class ErrorHandler implements CommandLine.IExecutionExceptionHandler {
  @Override
  public int handleExecutionException(Exception e, CommandLine cl, CommandLine.ParseResult parsed) {
    int code = exitCodeOf(e);
    String message = e.getMessage() == null ? e.toString() : e.getMessage();
    if (code == ExitCodes.INTERNAL) {
      cl.getErr().println("qharness: internal error: " + e);
      e.printStackTrace(cl.getErr());
    } else {
      cl.getErr().println("qharness: " + message);
    }
    return code;
  }

  static int usageError(CommandLine.ParameterException e, String[] args) {
    CommandLine cl = e.getCommandLine();
    cl.getErr().println("qharness: " + e.getMessage());
    if (!CommandLine.UnmatchedArgumentException.printSuggestions(e, cl.getErr())) {
      List<String> commands = new ArrayList<>(cl.getSubcommands().keySet());
      if (!commands.isEmpty()) {
        cl.getErr().println("Commands: " + String.join(", ", commands) + ".");
      }
      cl.getErr()
          .println("Run '" + cl.getCommandSpec().qualifiedName() + " --help' for the options.");
    }
    return ExitCodes.USAGE;
  }

  static int exitCodeOf(Throwable e) {
    if (e instanceof QdrantUnreachableException || e instanceof UnreachableException) {
      return ExitCodes.UNREACHABLE;
    }
    if (e instanceof ConfigException
        || e instanceof IllegalArgumentException
        || e instanceof UncheckedIOException
        || e instanceof UserException) {
      return ExitCodes.USAGE;
    }
    return ExitCodes.INTERNAL;
  }

  /** A failure caused by the user's input, reported as one line with exit code 2. */
  static final class UserException extends RuntimeException {
    UserException(String message) {
      super(message);
    }
  }

  /** The target could not be reached; exit code 3. */
  static final class UnreachableException extends RuntimeException {
    UnreachableException(String message) {
      super(message);
    }
  }
}
