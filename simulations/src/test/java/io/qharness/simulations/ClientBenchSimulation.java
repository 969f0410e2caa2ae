package io.qharness.simulations;

import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.qharness.protocol.Qdrant.qdrant;

import io.gatling.javaapi.core.PopulationBuilder;
import io.gatling.javaapi.core.Simulation;
import io.qharness.bench.BenchQueries;
import io.qharness.bench.BenchSpec;
import io.qharness.bench.ClientBench;
import io.qharness.bench.ClientCost;
import io.qharness.bench.ProcessCost;
import io.qharness.metrics.OperationSummary;
import io.qharness.metrics.RunListener;
import io.qharness.metrics.RunSummary;
import io.qharness.protocol.OpenLoad;
import io.qharness.protocol.QdrantProtocolBuilder;
import io.qharness.protocol.SearchActionBuilder;
import io.qharness.workload.QuerySet;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;

/**
 * The measured side of the client-cost benchmark: top-k searches through the qharness protocol
 * exactly as workloads send them (open model from the intended start, recall@k of every response,
 * HdrHistogram recording, Gatling's stats engine), a warm-up at the same rate, then the measured
 * window, whose process CPU per search it writes as a {@link ProcessCost}. Started in its own
 * Gatling JVM by {@code qharness selfbench client}, which names it ({@link
 * ClientBench#SIMULATION}): it lives with the simulations, not in the library, so that a user's
 * {@code mvn gatling:test} finds only the user's own.
 */
public class ClientBenchSimulation extends Simulation {
  private static final String MEASURED = "search";
  private final BenchSpec spec = BenchSpec.fromSystemProperties();
  private volatile ProcessCost.Window window;
  private volatile ProcessCost.Closed closed;

  {
    QuerySet queries = BenchQueries.of(spec);
    QdrantProtocolBuilder protocol =
        qdrant()
            .hosts(spec.hosts())
            .collection(spec.collection())
            .gatlingStats(spec.gatlingStats())
            .listeners(
                new RunListener() {
                  @Override
                  public void ended(RunSummary summary) {
                    write(summary.operation(MEASURED));
                  }
                });
    PopulationBuilder warmup =
        scenario("warm-up " + MEASURED)
            .exec(searches("warm-up " + MEASURED, queries, spec.warmupSeconds()))
            .injectOpen(atOnceUsers(1));
    // the window opens as the first measured search is due and closes when the last completed
    PopulationBuilder measured =
        scenario(MEASURED)
            .exec(
                session -> {
                  window = ProcessCost.start();
                  return session;
                })
            .exec(searches(MEASURED, queries, spec.seconds()))
            .exec(
                session -> {
                  closed = window.close();
                  return session;
                })
            .injectOpen(atOnceUsers(1));
    setUp(warmup.andThen(measured)).protocols(protocol);
  }

  private SearchActionBuilder searches(String name, QuerySet queries, int seconds) {
    return qdrant(name)
        .search()
        .queries(queries)
        .limit(spec.k())
        .paced(OpenLoad.constant(spec.rate(), Duration.ofSeconds(seconds)));
  }

  private void write(OperationSummary op) {
    ProcessCost.Closed w = closed == null ? ProcessCost.start().close() : closed;
    ProcessCost cost =
        w.cost(
            spec.gatlingStats() ? ClientCost.QHARNESS : ClientCost.LEAN,
            spec.rate(),
            op == null ? 0 : op.count(),
            op == null ? 0 : op.errors(),
            op == null || op.recallMean() == null ? Double.NaN : op.recallMean());
    try {
      cost.write(spec.out());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
