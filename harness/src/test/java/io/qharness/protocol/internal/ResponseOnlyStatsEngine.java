package io.qharness.protocol.internal;

import io.gatling.core.actor.ActorRef;
import io.gatling.core.controller.Controller;
import io.gatling.core.session.GroupBlock;
import io.gatling.core.stats.StatsEngine;
import scala.Option;

/**
 * Gatling's stats engine for tests that look at what requests reported: every event but responses
 * (and, when overridden, request crashes) is ignored.
 */
public abstract class ResponseOnlyStatsEngine implements StatsEngine {
  @Override
  public void start() {}

  @Override
  public void stop(ActorRef<Controller.Command> controller, Option<Exception> exception) {}

  @Override
  public void logUserStart(String scenario) {}

  @Override
  public void logUserEnd(String scenario) {}

  @Override
  public void logGroupEnd(String scenario, GroupBlock group, long exitTimestamp) {}

  @Override
  public void logRequestCrash(
      String scenario,
      scala.collection.immutable.List<String> groups,
      String requestName,
      String error) {}
}
