package io.qharness.protocol.action;

import io.gatling.commons.stats.KO$;
import io.gatling.commons.stats.OK$;
import io.gatling.core.action.Action;
import io.gatling.core.session.Session;
import io.gatling.core.structure.ScenarioContext;
import io.grpc.CallOptions;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.StreamObserver;
import io.qdrant.client.grpc.Collections.CollectionInfo;
import io.qdrant.client.grpc.Collections.CollectionOperationResponse;
import io.qdrant.client.grpc.Collections.CollectionStatus;
import io.qdrant.client.grpc.Collections.GetCollectionInfoRequest;
import io.qdrant.client.grpc.Collections.GetCollectionInfoResponse;
import io.qdrant.client.grpc.Collections.OptimizersConfigDiff;
import io.qdrant.client.grpc.Collections.UpdateCollection;
import io.qdrant.client.grpc.CollectionsGrpc;
import io.qharness.metrics.OperationMetrics;
import io.qharness.protocol.Expr;
import io.qharness.protocol.QdrantComponents;
import io.qharness.protocol.grpc.GrpcFailures;
import io.qharness.protocol.grpc.QdrantNode;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import scala.Option;

/**
 * Polls a collection's status until Qdrant reports it Green (optimisation and indexing done) and
 * reports the whole wait as one request, so the time to become ready is measured apart from the
 * upload. KO when the timeout passes first, naming the last status seen, and at once on Red (an
 * operation failed and was not recovered: waiting cannot help). Grey (optimisations pending after
 * a restart, until an update operation) is triggered once with an empty optimizers_config update,
 * as Qdrant's documentation prescribes; otherwise it would never turn Green.
 */
public final class WaitForGreenAction extends GatlingAction {
  private final String requestName;
  private final Expr<String> collection;
  private final QdrantComponents components;
  private final OperationMetrics metrics;
  private final long timeoutNanos;
  private final long pollNanos;

  public WaitForGreenAction(
      String requestName,
      Expr<String> collection,
      Duration timeout,
      Duration pollInterval,
      ScenarioContext ctx,
      Action next,
      QdrantComponents components) {
    super(requestName, ctx, next);
    this.requestName = requestName;
    this.collection = collection;
    this.components = components;
    this.metrics = components.metrics().operation(requestName);
    this.timeoutNanos = timeout.toNanos();
    this.pollNanos = pollInterval.toNanos();
  }

  @Override
  public void execute(Session session) {
    String name;
    try {
      name = collection == null ? components.protocol().collection() : collection.apply(session);
      if (name == null) {
        throw new IllegalStateException("no collection: set qdrant().collection(\"name\") or .collection(\"name\")");
      }
    } catch (RuntimeException e) {
      statsEngine().logRequestCrash(session.scenario(), session.groups(), requestName, e.getMessage());
      next().$bang(session.markAsFailed());
      return;
    }
    poll(session, name, System.nanoTime(), components.select(session), "not polled yet", false);
  }

  private void poll(Session session, String name, long startNanos, QdrantNode node, String lastSeen, boolean triggered) {
    long elapsed = System.nanoTime() - startNanos;
    if (elapsed > timeoutNanos) {
      finish(session, node, startNanos, false, "TIMEOUT",
          String.format(Locale.ROOT, "collection `%s` not Green after %.1f s (last seen: %s); raise the wait timeout",
              name, elapsed / 1e9, lastSeen));
      return;
    }
    long remaining = Math.max(1, timeoutNanos - elapsed);
    ClientCalls.asyncUnaryCall(
        node.channel().newCall(CollectionsGrpc.getGetMethod(), CallOptions.DEFAULT.withDeadlineAfter(
            Math.min(remaining, components.protocol().connection().deadline().toNanos()), TimeUnit.NANOSECONDS)),
        GetCollectionInfoRequest.newBuilder().setCollectionName(name).build(),
        new StreamObserver<GetCollectionInfoResponse>() {
          private GetCollectionInfoResponse response;

          @Override
          public void onNext(GetCollectionInfoResponse value) {
            response = value;
          }

          @Override
          public void onError(Throwable t) {
            io.grpc.Status s = io.grpc.Status.fromThrowable(t);
            if (s.getCode() == io.grpc.Status.Code.NOT_FOUND || s.getCode() == io.grpc.Status.Code.UNAUTHENTICATED) {
              finish(session, node, startNanos, false, s.getCode().name(), GrpcFailures.describe(t, node, null));
            } else {
              // a node may be briefly unavailable while the cluster settles: try another one
              again(session, name, startNanos, GrpcFailures.describe(t, node, null), triggered);
            }
          }

          @Override
          public void onCompleted() {
            CollectionInfo info = response.getResult();
            String optimizer = info.getOptimizerStatus().getOk() ? "" : ", optimizer error: " + info.getOptimizerStatus().getError();
            if (info.getStatus() == CollectionStatus.Green) {
              finish(session, node, startNanos, true, "OK", null);
            } else if (info.getStatus() == CollectionStatus.Red) {
              finish(session, node, startNanos, false, "RED",
                  "collection `" + name + "` is Red" + optimizer + ": an operation failed and was not recovered;"
                      + " see the nodes' logs (waiting for Green cannot help)");
            } else if (info.getStatus() == CollectionStatus.Grey && !triggered) {
              triggerOptimisations(session, name, startNanos, node);
            } else {
              again(session, name, startNanos, info.getStatus() + " with " + info.getPointsCount() + " points" + optimizer, triggered);
            }
          }
        });
  }

  private void again(Session session, String name, long startNanos, String lastSeen, boolean triggered) {
    session.eventLoop().schedule(
        () -> poll(session, name, startNanos, components.select(session), lastSeen, triggered), pollNanos, TimeUnit.NANOSECONDS);
  }

  /** Grey: pending optimisations start with the next update operation; an empty config diff changes nothing else. */
  private void triggerOptimisations(Session session, String name, long startNanos, QdrantNode node) {
    System.out.println("qharness: collection `" + name + "` is Grey (optimisations pending since a restart);"
        + " triggering them with an empty optimizers_config update, as Qdrant's documentation prescribes");
    ClientCalls.asyncUnaryCall(
        node.channel().newCall(CollectionsGrpc.getUpdateMethod(), CallOptions.DEFAULT.withDeadlineAfter(
            components.protocol().connection().deadline().toNanos(), TimeUnit.NANOSECONDS)),
        UpdateCollection.newBuilder().setCollectionName(name).setOptimizersConfig(OptimizersConfigDiff.getDefaultInstance()).build(),
        new StreamObserver<CollectionOperationResponse>() {
          @Override
          public void onNext(CollectionOperationResponse value) {}

          @Override
          public void onError(Throwable t) {
            again(session, name, startNanos, "Grey; triggering optimisations failed: " + GrpcFailures.describe(t, node, null), true);
          }

          @Override
          public void onCompleted() {
            again(session, name, startNanos, "Grey; optimisations triggered", true);
          }
        });
  }

  private void finish(Session session, QdrantNode node, long startNanos, boolean ok, String code, String message) {
    long end = System.nanoTime();
    metrics.record(node.index(), ok, startNanos, end);
    long endMillis = clock().nowMillis();
    statsEngine().logResponse(session.scenario(), session.groups(), requestName,
        endMillis - (end - startNanos) / 1_000_000, endMillis, ok ? OK$.MODULE$ : KO$.MODULE$,
        Option.apply(code), ok ? Option.empty() : Option.apply(message));
    next().$bang(ok ? session : session.markAsFailed());
  }
}
