package io.qharness.protocol;

import io.gatling.core.action.Action;
import io.gatling.core.structure.ScenarioContext;
import io.gatling.javaapi.core.ActionBuilder;
import io.qharness.protocol.internal.Expr;
import io.qharness.protocol.internal.QdrantComponents;
import io.qharness.protocol.internal.QdrantProtocol;
import io.qharness.protocol.internal.WaitForGreenAction;
import java.time.Duration;

/**
 * Wait until the collection is ready: every node reports it Green with no optimiser error and an
 * empty update queue, its indexed vector count has stopped moving, and the protocol's {@link
 * ReadinessCheck} (if any) holds, for {@code stablePolls} polls in a row. One Green answer from one
 * node is no proof: each node answers for its own replicas, and the optimiser may not have started.
 * The whole wait is reported as one request, the index build time.
 */
public final class WaitForGreenActionBuilder implements ActionBuilder {
  private final String requestName;
  private final Expr<String> collection;
  private final Duration timeout;
  private final Duration pollInterval;
  private final int stablePolls;

  WaitForGreenActionBuilder(String requestName) {
    this(requestName, null, Duration.ofMinutes(10), Duration.ofMillis(500), 3);
  }

  private WaitForGreenActionBuilder(
      String requestName,
      Expr<String> collection,
      Duration timeout,
      Duration poll,
      int stablePolls) {
    this.requestName = requestName;
    this.collection = collection;
    this.timeout = timeout;
    this.pollInterval = poll;
    this.stablePolls = stablePolls;
  }

  /** The collection to wait for, instead of the protocol's. */
  public WaitForGreenActionBuilder collection(String name) {
    return new WaitForGreenActionBuilder(
        requestName, Expr.constant(name), timeout, pollInterval, stablePolls);
  }

  /** How many polls in a row must find the collection ready (default 3). */
  public WaitForGreenActionBuilder stablePolls(int n) {
    if (n < 1) {
      throw new IllegalArgumentException("stable polls must be at least 1, got " + n);
    }
    return new WaitForGreenActionBuilder(requestName, collection, timeout, pollInterval, n);
  }

  /** Give up (KO) after this long; default 10 minutes. */
  public WaitForGreenActionBuilder timeout(Duration d) {
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException("timeout must be positive, got " + d);
    }
    return new WaitForGreenActionBuilder(requestName, collection, d, pollInterval, stablePolls);
  }

  /** How often to poll the nodes (default 500 ms). */
  public WaitForGreenActionBuilder pollInterval(Duration d) {
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException("poll interval must be positive, got " + d);
    }
    return new WaitForGreenActionBuilder(requestName, collection, timeout, d, stablePolls);
  }

  @Override
  public io.gatling.core.action.builder.ActionBuilder asScala() {
    return new io.gatling.core.action.builder.ActionBuilder() {
      @Override
      public Action build(ScenarioContext ctx, Action next) {
        QdrantComponents components =
            ctx.protocolComponentsRegistry().components(QdrantProtocol.KEY);
        return new WaitForGreenAction(
            requestName, collection, timeout, pollInterval, stablePolls, ctx, next, components);
      }
    };
  }
}
