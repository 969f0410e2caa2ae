package io.qharness.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.qharness.metrics.OperationSummary;
import io.qharness.metrics.RunSummary;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExpectationTest {
  private static OperationSummary op(String name, long count, long errors, long p99Micros) {
    return new OperationSummary(
        name,
        "SEND_TIME",
        count,
        errors,
        count == 0 ? 0 : (double) errors / count,
        10,
        10,
        p99Micros / 2,
        p99Micros,
        p99Micros,
        p99Micros,
        p99Micros,
        p99Micros / 2.0,
        null,
        null,
        null,
        0,
        0,
        0,
        0,
        0,
        List.of(),
        null,
        null);
  }

  private static RunSummary summary(OperationSummary... ops) {
    return new RunSummary(0, 1, List.of("n1"), List.of(ops));
  }

  @Test
  void errorsAreCountedOverEveryOperation() {
    RunSummary s = summary(op("search", 900, 0, 1000), op("upsert", 100, 20, 1000));
    assertThat(Expectation.errorsAtMost(1.5).failure().apply(s)).contains("2.00 % of 1000");
    assertThat(Expectation.errorsAtMost(2.0).failure().apply(s)).isNull(); // at most, as lte
    assertThat(Expectation.errorsAtMost(2.5).failure().apply(s)).isNull();
  }

  @Test
  void anOperationMustSucceedAtLeastOnce() {
    RunSummary s = summary(op("search", 10, 10, 1000));
    assertThat(Expectation.succeeded("search").failure().apply(s)).contains("no successful");
    assertThat(Expectation.succeeded("upsert").failure().apply(s)).contains("'upsert'");
    assertThat(Expectation.succeeded("search").failure().apply(summary(op("search", 10, 9, 1))))
        .isNull();
  }

  @Test
  void p99IsJudgedInMillisecondsAsGatlingDoes() {
    RunSummary s = summary(op("search", 100, 0, 49_999));
    assertThat(Expectation.p99Below("search", 50).failure().apply(s)).isNull();
    assertThat(Expectation.p99Below("search", 49.5).failure().apply(s)).isNull(); // ceil, as before
    assertThat(Expectation.p99Below("search", 40).failure().apply(s))
        .isEqualTo("'search' p99 was 50.0 ms");
  }

  @Test
  void gatlingJudgesWhileItHasTheResponsesAndQharnessWhenItHasNot() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    List<Expectation> conditions =
        List.of(Expectation.errorsAtMost(1), Expectation.p99Below("search", 10));

    RunExpectations byGatling = new RunExpectations(true, out);
    assertThat(byGatling.add(conditions)).hasSize(2);
    assertThat(byGatling.failures()).isEmpty();

    RunExpectations byQharness = new RunExpectations(false, out);
    assertThat(byQharness.add(conditions)).isEmpty(); // nothing for Gatling to judge on
    assertThat(byQharness.failures()).singleElement().asString().contains("has not ended");
    byQharness.summary(summary(op("search", 100, 0, 20_000)));
    assertThat(byQharness.failures())
        .containsExactly("'search' p99 < 10 ms: 'search' p99 was 20.0 ms");
    assertThat(bytes.toString(StandardCharsets.UTF_8))
        .contains("qharness: assertion failed: 'search' p99 < 10 ms");
  }
}
