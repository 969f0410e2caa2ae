package io.qharness.protocol.internal;

import io.gatling.commons.stats.KO$;
import io.gatling.commons.stats.OK$;
import io.gatling.core.action.Action;
import io.gatling.core.session.Session;
import io.gatling.core.structure.ScenarioContext;
import io.grpc.CallOptions;
import io.grpc.Status;
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
import io.qharness.grpc.GrpcFailures;
import io.qharness.grpc.QdrantNode;
import io.qharness.metrics.OperationMetrics;
import io.qharness.protocol.ReadinessCheck;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import scala.Option;

/**
 * Polls a collection on every node until it is ready, and reports the whole wait as one request
 * (the index build time). Ready means, for {@code stablePolls} polls in a row: every node answers
 * Green with no optimiser error and an empty update queue, each node's indexed vector count is what
 * it was at the previous poll, and the protocol's {@link ReadinessCheck} holds. A single Green
 * answer is no proof: a node answers for its own replicas (others may still be indexing, or still
 * applying writes acknowledged by a peer), and the optimiser may not have started yet.
 *
 * <p>KO when the timeout passes first, naming what was still pending, and at once on Red (an
 * operation failed and was not recovered: waiting cannot help). Grey (optimisations pending after a
 * restart, until an update operation) is triggered once with an empty optimizers_config update, as
 * Qdrant's documentation prescribes; otherwise it would never turn Green.
 */
public final class WaitForGreenAction extends GatlingAction {
  private final String requestName;
  private final Expr<String> collection;
  private final QdrantComponents components;
  private final OperationMetrics metrics;
  private final long timeoutNanos;
  private final long pollNanos;
  private final int stablePolls;

  public WaitForGreenAction(
      String requestName,
      Expr<String> collection,
      Duration timeout,
      Duration pollInterval,
      int stablePolls,
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
    this.stablePolls = stablePolls;
  }

  @Override
  public void execute(Session session) {
    String name;
    try {
      name = collection == null ? components.protocol().collection() : collection.apply(session);
      if (name == null) {
        throw new IllegalStateException(
            "no collection: set qdrant().collection(\"name\") or .collection(\"name\")");
      }
    } catch (RuntimeException e) {
      statsEngine()
          .logRequestCrash(session.scenario(), session.groups(), requestName, e.getMessage());
      next().$bang(session.markAsFailed());
      return;
    }
    new Wait(session, name).poll();
  }

  /** One node's answer to a poll: its collection info, or the failure. */
  private record Answer(QdrantNode node, CollectionInfo info, Throwable failure) {}

  /** One wait: its polls, how many in a row were ready, and what was pending at the last. */
  private final class Wait {
    private final Session session;
    private final String name;
    private final long startNanos = System.nanoTime();
    private long[] lastIndexed;
    private int readyInARow;
    private String pending = "not polled yet";
    private boolean triggered;

    Wait(Session session, String name) {
      this.session = session;
      this.name = name;
    }

    void poll() {
      long elapsed = System.nanoTime() - startNanos;
      if (elapsed > timeoutNanos) {
        finish(
            false,
            "TIMEOUT",
            String.format(
                Locale.ROOT,
                "collection `%s` not ready after %.1f s (still pending: %s); raise the wait"
                    + " (the readyTimeout setting, or waitForGreen().timeout(...)), or check the"
                    + " nodes' logs if it is not progressing",
                name,
                elapsed / 1e9,
                pending));
        return;
      }
      long deadline =
          Math.min(
              Math.max(1, timeoutNanos - elapsed),
              components.protocol().connection().deadline().toNanos());
      List<CompletableFuture<Answer>> answers = new ArrayList<>();
      for (QdrantNode node : components.nodes().all()) {
        if (!components.health().onStandby(node.index())) { // not in the cluster yet (or any more)
          answers.add(info(node, deadline));
        }
      }
      ReadinessCheck extra = components.protocol().readiness();
      CompletableFuture<ReadinessCheck.State> extraState =
          extra == null
              ? CompletableFuture.completedFuture(new ReadinessCheck.State(true, null))
              : extra
                  .check(name)
                  .toCompletableFuture()
                  .exceptionally(
                      t -> new ReadinessCheck.State(false, "readiness check failed: " + t));
      CompletableFuture.allOf(answers.toArray(new CompletableFuture<?>[0]))
          .thenCombine(extraState, (v, state) -> state)
          .whenComplete(
              (state, t) ->
                  session
                      .eventLoop()
                      .execute(
                          () ->
                              judge(
                                  answers.stream().map(CompletableFuture::join).toList(), state)));
    }

    private CompletableFuture<Answer> info(QdrantNode node, long deadlineNanos) {
      CompletableFuture<Answer> f = new CompletableFuture<>();
      ClientCalls.asyncUnaryCall(
          node.channel()
              .newCall(
                  CollectionsGrpc.getGetMethod(),
                  CallOptions.DEFAULT.withDeadlineAfter(deadlineNanos, TimeUnit.NANOSECONDS)),
          GetCollectionInfoRequest.newBuilder().setCollectionName(name).build(),
          new StreamObserver<GetCollectionInfoResponse>() {
            private GetCollectionInfoResponse response;

            @Override
            public void onNext(GetCollectionInfoResponse value) {
              response = value;
            }

            @Override
            public void onError(Throwable t) {
              f.complete(new Answer(node, null, t));
            }

            @Override
            public void onCompleted() {
              f.complete(new Answer(node, response.getResult(), null));
            }
          });
      return f;
    }

    private void judge(List<Answer> answers, ReadinessCheck.State extra) {
      List<String> waiting = new ArrayList<>();
      long[] indexed = new long[answers.size()];
      QdrantNode grey = null;
      for (int i = 0; i < answers.size(); i++) {
        Answer a = answers.get(i);
        String where = "node " + a.node().address();
        if (a.failure() != null) {
          Status.Code code = Status.fromThrowable(a.failure()).getCode();
          if (code == Status.Code.NOT_FOUND
              || code == Status.Code.UNAUTHENTICATED
              || code == Status.Code.PERMISSION_DENIED) {
            finish(false, code.name(), GrpcFailures.describe(a.failure(), a.node(), null));
            return;
          }
          waiting.add(
              where
                  + ": "
                  + GrpcFailures.describe(
                      a.failure(), a.node(), null)); // may be settling: ask again
          continue;
        }
        CollectionInfo info = a.info();
        indexed[i] = info.getIndexedVectorsCount();
        String optimizer =
            info.getOptimizerStatus().getOk()
                ? ""
                : ", optimizer error: " + info.getOptimizerStatus().getError();
        if (info.getStatus() == CollectionStatus.Red) {
          finish(
              false,
              "RED",
              "collection `"
                  + name
                  + "` is Red on "
                  + where
                  + optimizer
                  + ": an operation failed and was not recovered; see the nodes' logs (waiting"
                  + " cannot help)");
          return;
        }
        if (info.getStatus() != CollectionStatus.Green) {
          waiting.add(where + ": " + info.getStatus() + optimizer);
          grey = info.getStatus() == CollectionStatus.Grey && grey == null ? a.node() : grey;
        } else if (!optimizer.isEmpty()) {
          waiting.add(where + optimizer);
        }
        if (info.hasUpdateQueue() && info.getUpdateQueue().getLength() > 0) {
          waiting.add(where + ": " + info.getUpdateQueue().getLength() + " updates queued");
        }
        if (lastIndexed != null && lastIndexed[i] != indexed[i]) {
          waiting.add(
              String.format(
                  Locale.ROOT,
                  "%s: indexed vectors still moving (%,d, was %,d)",
                  where,
                  indexed[i],
                  lastIndexed[i]));
        }
      }
      if (extra != null && !extra.ready()) {
        waiting.add(extra.detail());
      }
      lastIndexed = indexed;
      if (grey != null && !triggered) {
        triggered = true;
        triggerOptimisations(grey);
        return;
      }
      settle(waiting, answers.size(), extra);
    }

    /** Ready once nothing was waiting for stablePolls polls in a row; else polls again. */
    private void settle(List<String> waiting, int nodes, ReadinessCheck.State extra) {
      if (waiting.isEmpty()) {
        readyInARow++;
        pending = "nothing";
        if (readyInARow >= stablePolls) {
          components
              .protocol()
              .console()
              .printf(
                  Locale.ROOT,
                  "qharness: collection `%s` ready after %.1f s: Green on all %d nodes, no queued"
                      + " update, %s%n",
                  name,
                  (System.nanoTime() - startNanos) / 1e9,
                  nodes,
                  extra == null || extra.detail() == null
                      ? "indexed vector counts steady"
                      : extra.detail());
          finish(true, "OK", null);
          return;
        }
      } else {
        readyInARow = 0;
        pending = String.join("; ", waiting);
      }
      session.eventLoop().schedule(this::poll, pollNanos, TimeUnit.NANOSECONDS);
    }

    /**
     * Grey: pending optimisations start with the next update operation; an empty config diff
     * changes nothing else.
     */
    private void triggerOptimisations(QdrantNode node) {
      components
          .protocol()
          .console()
          .println(
              "qharness: collection `"
                  + name
                  + "` is Grey (optimisations pending since a restart); triggering them with an"
                  + " empty optimizers_config update, as Qdrant's documentation prescribes");
      ClientCalls.asyncUnaryCall(
          node.channel()
              .newCall(
                  CollectionsGrpc.getUpdateMethod(),
                  CallOptions.DEFAULT.withDeadlineAfter(
                      components.protocol().connection().deadline().toNanos(),
                      TimeUnit.NANOSECONDS)),
          UpdateCollection.newBuilder()
              .setCollectionName(name)
              .setOptimizersConfig(OptimizersConfigDiff.getDefaultInstance())
              .build(),
          new StreamObserver<CollectionOperationResponse>() {
            @Override
            public void onNext(CollectionOperationResponse value) {}

            @Override
            public void onError(Throwable t) {
              pending =
                  "Grey; triggering optimisations failed: " + GrpcFailures.describe(t, node, null);
              session.eventLoop().schedule(Wait.this::poll, pollNanos, TimeUnit.NANOSECONDS);
            }

            @Override
            public void onCompleted() {
              session.eventLoop().schedule(Wait.this::poll, pollNanos, TimeUnit.NANOSECONDS);
            }
          });
    }

    private void finish(boolean ok, String code, String message) {
      long end = System.nanoTime();
      metrics.record(
          0, ok, startNanos, end); // the wait asks every node: its time is filed under the first
      long endMillis = clock().nowMillis();
      statsEngine()
          .logResponse(
              session.scenario(),
              session.groups(),
              requestName,
              endMillis - (end - startNanos) / 1_000_000,
              endMillis,
              ok ? OK$.MODULE$ : KO$.MODULE$,
              Option.apply(code),
              ok ? Option.empty() : Option.apply(message));
      next().$bang(ok ? session : session.markAsFailed());
    }
  }
}
