package io.qharness.protocol;

import io.gatling.core.action.Action;
import io.gatling.core.structure.ScenarioContext;
import io.gatling.javaapi.core.ActionBuilder;
import io.qharness.protocol.action.WaitForGreenAction;
import java.time.Duration;

/**
 * Wait until the collection is Green (Qdrant finished optimising and indexing), polling its status;
 * the whole wait is reported as one request.
 */
public final class WaitForGreenActionBuilder implements ActionBuilder {
  private final String requestName;
  private final Expr<String> collection;
  private final Duration timeout;
  private final Duration pollInterval;

  WaitForGreenActionBuilder(String requestName) {
    this(requestName, null, Duration.ofMinutes(10), Duration.ofMillis(250));
  }

  private WaitForGreenActionBuilder(String requestName, Expr<String> collection, Duration timeout, Duration poll) {
    this.requestName = requestName;
    this.collection = collection;
    this.timeout = timeout;
    this.pollInterval = poll;
  }

  public WaitForGreenActionBuilder collection(String name) {
    return new WaitForGreenActionBuilder(requestName, Expr.constant(name), timeout, pollInterval);
  }

  /** Give up (KO) after this long; default 10 minutes. */
  public WaitForGreenActionBuilder timeout(Duration d) {
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException("timeout must be positive, got " + d);
    }
    return new WaitForGreenActionBuilder(requestName, collection, d, pollInterval);
  }

  public WaitForGreenActionBuilder pollInterval(Duration d) {
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException("poll interval must be positive, got " + d);
    }
    return new WaitForGreenActionBuilder(requestName, collection, timeout, d);
  }

  @Override
  public io.gatling.core.action.builder.ActionBuilder asScala() {
    return new io.gatling.core.action.builder.ActionBuilder() {
      @Override
      public Action build(ScenarioContext ctx, Action next) {
        QdrantComponents components = ctx.protocolComponentsRegistry().components(QdrantProtocol.KEY);
        return new WaitForGreenAction(requestName, collection, timeout, pollInterval, ctx, next, components);
      }
    };
  }
}
