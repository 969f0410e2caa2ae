package io.qharness.run;

import static io.gatling.javaapi.core.CoreDsl.details;
import static io.gatling.javaapi.core.CoreDsl.global;

import io.gatling.javaapi.core.Assertion;
import io.qharness.metrics.OperationSummary;
import io.qharness.metrics.RunSummary;
import java.util.Locale;
import java.util.function.Function;

/**
 * What a run must show to pass, judged either by Gatling's assertions (over its stats engine) or,
 * when the run logs nothing to Gatling ({@code gatlingStats=false}), by qharness over its own
 * summary: the same condition either way. Give them to {@link QharnessRun#assertions}.
 *
 * @param description the condition, for people
 * @param gatling the same condition as a Gatling assertion
 * @param failure the reason the summary fails it, or null when it holds
 */
public record Expectation(
    String description, Assertion gatling, Function<RunSummary, String> failure) {

  /** At most {@code percent} % of all requests failed. */
  public static Expectation errorsAtMost(double percent) {
    return new Expectation(
        String.format(Locale.ROOT, "failed requests <= %s %%", percent),
        global().failedRequests().percent().lte(percent),
        s -> {
          long count = s.operations().stream().mapToLong(OperationSummary::count).sum();
          long errors = s.operations().stream().mapToLong(OperationSummary::errors).sum();
          double pct = count == 0 ? 0 : 100.0 * errors / count;
          return pct <= percent
              ? null
              : String.format(Locale.ROOT, "%.2f %% of %d requests failed", pct, count);
        });
  }

  /** At least one {@code operation} request succeeded. */
  public static Expectation succeeded(String operation) {
    return new Expectation(
        "'" + operation + "' succeeded at least once",
        details(operation).successfulRequests().count().gt(0L),
        s -> {
          OperationSummary o = s.operation(operation);
          return o != null && o.count() > o.errors()
              ? null
              : "no successful '" + operation + "' request";
        });
  }

  /** The 99th percentile of {@code operation}'s latency is below {@code ms}. */
  public static Expectation p99Below(String operation, double ms) {
    int bound = (int) Math.ceil(ms);
    return new Expectation(
        "'" + operation + "' p99 < " + bound + " ms",
        details(operation).responseTime().percentile(99.0).lt(bound),
        s -> {
          OperationSummary o = s.operation(operation);
          if (o == null) {
            return "no '" + operation + "' request";
          }
          return o.p99Micros() < bound * 1000L
              ? null
              : String.format(
                  Locale.ROOT, "'%s' p99 was %.1f ms", operation, o.p99Micros() / 1000.0);
        });
  }
}
