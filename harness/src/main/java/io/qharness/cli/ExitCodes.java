package io.qharness.cli;

/** Exit codes of every qharness command; README documents the same table. */
public final class ExitCodes {
  private ExitCodes() {}

  /** Success; for compare: no regression; for cluster status: healthy. */
  public static final int OK = 0;

  /**
   * compare: a regression was found; cluster status: the cluster is unhealthy; run: assertions
   * failed.
   */
  public static final int FAILED_CHECK = 1;

  /**
   * Bad input: an unknown flag, an invalid value, an unreadable or corrupt file, mismatched runs.
   */
  public static final int USAGE = 2;

  /** The target cluster could not be reached. */
  public static final int UNREACHABLE = 3;

  /** An unexpected internal error (a bug: please report it with the message). */
  public static final int INTERNAL = 4;
}
