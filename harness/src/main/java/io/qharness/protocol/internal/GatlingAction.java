package io.qharness.protocol.internal;

import io.gatling.commons.util.Clock;
import io.gatling.core.action.Action;
import io.gatling.core.action.BlockExit;
import io.gatling.core.action.ExitableAction;
import io.gatling.core.session.Session;
import io.gatling.core.stats.StatsEngine;
import io.gatling.core.structure.ScenarioContext;
import io.netty.channel.EventLoop;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Java side of Gatling's Scala {@code ExitableAction} trait: the trait's mixin plumbing (logger
 * field, the stacked {@code !} overrides) written out once, so that Qdrant actions are plain Java.
 * {@code !} keeps Gatling's semantics: block exits first (exitBlockOnFail, tryMax), then crash
 * protection, then a hop onto the virtual user's event loop before {@link #execute}.
 */
public abstract class GatlingAction implements ExitableAction {
  private static final Logger LOG = LoggerFactory.getLogger(GatlingAction.class);
  private final String name;
  private final Action next;
  private final StatsEngine statsEngine;
  private final Clock clock;
  private com.typesafe.scalalogging.Logger logger;

  protected GatlingAction(String name, ScenarioContext ctx, Action next) {
    this.name = name;
    this.next = next;
    this.statsEngine = ctx.coreComponents().statsEngine();
    this.clock = ctx.coreComponents().clock();
    this.logger = com.typesafe.scalalogging.Logger.apply(LoggerFactory.getLogger(getClass()));
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Action next() {
    return next;
  }

  @Override
  public StatsEngine statsEngine() {
    return statsEngine;
  }

  @Override
  public Clock clock() {
    return clock;
  }

  @Override
  public com.typesafe.scalalogging.Logger logger() {
    return logger;
  }

  @Override
  public void com$typesafe$scalalogging$StrictLogging$_setter_$logger_$eq(
      com.typesafe.scalalogging.Logger l) {
    this.logger = l;
  }

  /**
   * Gatling's {@code !} for an ExitableAction, written out: javac cannot see the Scala traits'
   * synthetic super-accessors, so the stacked overrides are inlined here (Gatling 3.15 semantics).
   */
  @Override
  public void $bang(Session session) {
    scala.Option<BlockExit> exit = BlockExit.mustExit(session);
    if (exit.isDefined()) {
      exit.get().exitBlock(statsEngine, clock.nowMillis());
      return;
    }
    try {
      EventLoop loop = session.eventLoop();
      if (loop.inEventLoop()) {
        execute(session);
      } else if (!loop.isShutdown()) {
        loop.execute(() -> $bang(session));
      }
    } catch (IllegalStateException e) {
      if (!"cannot enqueue after timer shutdown".equals(e.getMessage())) {
        crashed(session, e);
      }
    } catch (RuntimeException e) {
      crashed(session, e);
    }
  }

  private void crashed(Session session, RuntimeException e) {
    LOG.error("'{}' crashed with '{}', forwarding to the next one", name, e.toString(), e);
    next.$bang(session.markAsFailed());
  }

  /** Never called: {@link #$bang} above replaces the trait chain that would call it. */
  public void io$gatling$core$action$ExitableAction$$super$$bang(Session session) {
    $bang(session);
  }

  /** Never called: {@link #$bang} above replaces the trait chain that would call it. */
  public void io$gatling$core$action$ChainableAction$$super$$bang(Session session) {
    $bang(session);
  }

  @Override
  public abstract void execute(Session session);

  @Override
  public String toString() {
    return name;
  }
}
