package io.qharness.run;

import java.util.function.Supplier;

/** A main class for {@link ClassArchiveTest}'s JVMs: loads itself and a lambda, prints a line. */
public final class ArchiveProbe {
  private ArchiveProbe() {}

  public static void main(String[] args) {
    Supplier<String> line = () -> "probe ran";
    System.out.println(line.get());
  }
}
