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
    String meant = closestOption(e);
    if (meant != null) {
      cl.getErr().println("Did you mean " + meant + "?");
    } else if (!CommandLine.UnmatchedArgumentException.printSuggestions(e, cl.getErr())) {
      List<String> commands = new ArrayList<>(cl.getSubcommands().keySet());
      if (!commands.isEmpty()) {
        cl.getErr().println("Commands: " + String.join(", ", commands) + ".");
      }
      cl.getErr()
          .println("Run '" + cl.getCommandSpec().qualifiedName() + " --help' for the options.");
    }
    return ExitCodes.USAGE;
  }

  /**
   * The option a mistyped one most likely meant: the only option within two edits of it (a letter
   * left out, added, changed or two swapped), or null.
   */
  static String closestOption(CommandLine.ParameterException e) {
    if (!(e instanceof CommandLine.UnmatchedArgumentException u) || !u.isUnknownOption()) {
      return null;
    }
    String typed = null;
    for (String arg : u.getUnmatched()) {
      if (arg.startsWith("-")) {
        typed = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
        break;
      }
    }
    if (typed == null) {
      return null;
    }
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    boolean tie = false;
    for (String option : e.getCommandLine().getCommandSpec().optionsMap().keySet()) {
      int d = editDistance(typed, option);
      if (d < bestDistance) {
        best = option;
        bestDistance = d;
        tie = false;
      } else if (d == bestDistance) {
        tie = true;
      }
    }
    return bestDistance <= 2 && !tie ? best : null;
  }

  /** Optimal string alignment distance: insertions, deletions, substitutions, adjacent swaps. */
  static int editDistance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1
            && j > 1
            && a.charAt(i - 1) == b.charAt(j - 2)
            && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
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
