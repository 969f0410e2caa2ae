package io.qharness.run;

import io.gatling.javaapi.core.Assertion;
import io.qharness.metrics.RunListener;
import io.qharness.metrics.RunSummary;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * A run's {@link Expectation}s: handed to Gatling as assertions while responses go to its stats
 * engine; judged by qharness over its own summary when they do not ({@code gatlingStats=false}),
 * with the exit code Gatling gives failed assertions (2), so {@code mvn gatling:test} and {@code
 * qharness run} fail the same way either way.
 */
final class RunExpectations implements RunListener {
  /** Gatling's exit code for failed assertions, which qharness run and the Maven plugin read. */
  static final int ASSERTIONS_FAILED = 2;

  private final boolean gatlingJudges;
  private final PrintStream out;
  private final List<Expectation> expectations = new ArrayList<>();
  private volatile RunSummary summary;

  RunExpectations(boolean gatlingJudges, PrintStream out) {
    this.gatlingJudges = gatlingJudges;
    this.out = out;
  }

  /** Keeps the expectations; the Gatling assertions to give setUp (none when qharness judges). */
  List<Assertion> add(List<Expectation> more) {
    expectations.addAll(more);
    return gatlingJudges ? more.stream().map(Expectation::gatling).toList() : List.of();
  }

  /** The run's summary, once it has ended. */
  void summary(RunSummary s) {
    this.summary = s;
  }

  /** Runs after the record is sealed: judges, and ends the JVM as Gatling would on a failure. */
  @Override
  public void ended(RunSummary s) {
    summary(s);
    if (!failures().isEmpty()) {
      out.flush();
      System.exit(ASSERTIONS_FAILED);
    }
  }

  /**
   * The failed expectations, as "condition: why", once the run has ended; empty when Gatling judges
   * them or all hold.
   */
  List<String> failures() {
    if (gatlingJudges || expectations.isEmpty()) {
      return List.of();
    }
    RunSummary s = summary;
    if (s == null) {
      return List.of("the run has not ended: nothing to judge its assertions on yet");
    }
    List<String> failed = new ArrayList<>();
    for (Expectation e : expectations) {
      String why = e.failure().apply(s);
      if (why != null) {
        failed.add(e.description() + ": " + why);
      }
    }
    if (failed.isEmpty()) {
      out.println(
          "qharness: "
              + expectations.size()
              + " assertion(s) hold (judged by qharness: gatlingStats=false)");
    }
    failed.forEach(f -> out.println("qharness: assertion failed: " + f));
    return failed;
  }
}
