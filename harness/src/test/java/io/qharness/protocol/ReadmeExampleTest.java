package io.qharness.protocol;

import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.qharness.protocol.Qdrant.qdrant;
import static io.qharness.protocol.Qdrant.recall;
import static io.qharness.protocol.Qdrant.resultCount;
import static org.assertj.core.api.Assertions.assertThat;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.qharness.workload.QuerySet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * README's DSL example is this class's, compiled here: the front door cannot show code that does
 * not build.
 */
class ReadmeExampleTest {
  /** The example in a simulation, as a user writes it; compiled, never run (no cluster). */
  static final class Example extends Simulation {
    private final QuerySet queries = new QuerySet(new float[][] {{1, 0}}, null, "example");

    {
      // readme:start
      QdrantProtocolBuilder protocol =
          qdrant()
              .hosts("127.0.0.1:6334", "127.0.0.1:6344", "127.0.0.1:6354")
              .nodeSelection(
                  NodeSelection.ROUND_ROBIN) // or STICKY: one coordinator per virtual user
              .deadline(Duration.ofSeconds(5))
              .collection("bench");

      ScenarioBuilder search =
          scenario("search")
              .exec(
                  qdrant("search")
                      .search()
                      .queries(queries) // round-robin query vectors; with ground truth: recall@k
                      .limit(10)
                      .hnswEf(128)
                      .check(resultCount().is(10), recall().atLeast(0.9))
                      .paced(
                          OpenLoad.constant(
                              200,
                              Duration.ofMinutes(2)))); // open model, latency from intended start

      setUp(search.injectOpen(atOnceUsers(1))).protocols(protocol);
      // readme:end
    }
  }

  @Test
  void readmesExampleIsTheCompiledOne() throws Exception {
    String readme = Files.readString(Path.of("..", "README.md"));
    int section = readme.indexOf("## Writing simulations");
    int start = readme.indexOf("```java\n", section) + "```java\n".length();
    String shown = readme.substring(start, readme.indexOf("```", start));
    String source =
        Files.readString(Path.of("src/test/java/io/qharness/protocol/ReadmeExampleTest.java"));
    String compiled =
        source.substring(
            source.indexOf("// readme:start") + "// readme:start".length(),
            source.indexOf("// readme:end"));
    assertThat(normalise(shown))
        .as("README's DSL example and the one compiled here")
        .isEqualTo(normalise(compiled));
  }

  /**
   * Only the tokens count: the formatter lays the compiled copy out, README keeps its own layout.
   */
  private static String normalise(String code) {
    return code.replaceAll("\\s+", "");
  }
}
