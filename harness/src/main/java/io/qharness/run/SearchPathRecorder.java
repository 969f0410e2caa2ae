package io.qharness.run;

import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.scenario;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.PopulationBuilder;
import io.qharness.cluster.NodeTelemetry;
import io.qharness.cluster.SearchPathShares;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which search path (HNSW, plain scan, exact) served each phase of a run, measured on the server:
 * at each mark it reads every node's per-segment search counters, and the difference between two
 * marks is the window's {@link SearchPathShares}. The mark is a one-user population to chain
 * between phases with {@code andThen}, so it reads the counters exactly at the phase boundary.
 */
public final class SearchPathRecorder {
  private final NodeTelemetry telemetry;
  private final List<String> restAddresses;
  private final Map<String, SearchPathShares> windows = new LinkedHashMap<>();
  private String open;
  private SearchPathShares.Snapshot openedAt;

  SearchPathRecorder(NodeTelemetry telemetry, List<String> restAddresses) {
    this.telemetry = telemetry;
    this.restAddresses = List.copyOf(restAddresses);
  }

  /**
   * A population that ends the window open so far (if any) and opens {@code window} (null: opens
   * none). Chain it between phases: {@code phase.andThen(paths.mark("search ef=32"))}.
   */
  public PopulationBuilder mark(String window) {
    String name = "search paths: " + (window == null ? "end" : window);
    return scenario(name)
        .exec(
            session -> {
              markNow(window);
              return session;
            })
        .injectOpen(atOnceUsers(1));
  }

  /**
   * The same mark as a step of a chain, for a user that runs it when the phase before is over: no
   * population of its own, so no wait for the injector's next tick.
   */
  public ChainBuilder markStep(String window) {
    return exec(
        session -> {
          markNow(window);
          return session;
        });
  }

  /** Ends the open window and opens {@code window} (null: none), reading the counters now. */
  public synchronized void markNow(String window) {
    SearchPathShares.Snapshot now = SearchPathShares.Snapshot.of(telemetry.readAll(restAddresses));
    if (open != null) {
      windows.put(open, SearchPathShares.between(openedAt, now));
    }
    open = window;
    openedAt = now;
  }

  /** Ends the open window, if any, now. */
  public synchronized void end() {
    if (open != null) {
      markNow(null);
    }
  }

  /** The closed windows in the order they ran. */
  public synchronized Map<String, SearchPathShares> windows() {
    return Map.copyOf(windows);
  }

  /** One closed window, or null when it was never measured. */
  public synchronized SearchPathShares window(String name) {
    return windows.get(name);
  }
}
