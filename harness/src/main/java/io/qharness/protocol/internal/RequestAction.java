package io.qharness.protocol.internal;

import com.google.protobuf.MessageLite;
import io.gatling.commons.stats.KO$;
import io.gatling.commons.stats.OK$;
import io.gatling.commons.stats.Status;
import io.gatling.core.action.Action;
import io.gatling.core.session.Session;
import io.gatling.core.structure.ScenarioContext;
import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.StreamObserver;
import io.qdrant.client.grpc.Points.ScoredPoint;
import io.qharness.grpc.GrpcFailures;
import io.qharness.grpc.NodeHealth;
import io.qharness.grpc.QdrantNode;
import io.qharness.metrics.AckedWrites;
import io.qharness.metrics.LatencyOrigin;
import io.qharness.metrics.NodeHealthLog;
import io.qharness.metrics.OperationMetrics;
import io.qharness.protocol.OpenLoad;
import io.qharness.protocol.QdrantCheck;
import io.qharness.protocol.QdrantChecks.RecallThreshold;
import io.qharness.protocol.QdrantResult;
import io.qharness.protocol.QueryVectors;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import scala.Option;

/**
 * Performs one Qdrant unary call per arrival, fully asynchronously, and reports it to Gatling's
 * stats engine (request name, OK/KO, gRPC status as response code; a paced driver's in bursts,
 * {@link GatlingStatsBatch}) and to the run's HdrHistogram recorders.
 *
 * <p>Unpaced, each pass of a virtual user sends one call and continues when it completes; latency
 * is measured from send time. Paced by an {@link io.qharness.protocol.OpenLoad}, a virtual user
 * becomes a driver that fires every scheduled arrival without waiting for earlier ones and measures
 * latency from the arrival's intended time, so stalls are not hidden (coordinated omission).
 */
public final class RequestAction<Q, R> extends GatlingAction {
  private static final Status OK = OK$.MODULE$;
  private static final Status KO = KO$.MODULE$;
  private static final long DRAIN_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

  private final String requestName;
  private final Operation<Q, R> operation;
  private final Expr<String> collection;
  private final List<QdrantCheck> checks;
  private final RecallThreshold recallThreshold;
  private final QdrantComponents components;
  private final OperationMetrics metrics;
  private final Duration deadline;
  private final long deadlineNanos;
  private final PacedSchedule schedule;
  private final int lane;
  private final ScheduledExecutorService laneThread;
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AckedWrites acked;
  private final boolean gatlingStats;
  private final GatlingStatsBatch paced;
  private final NodeHealth health;
  private final NodeHealthLog nodeLog;

  public RequestAction(
      String requestName,
      Operation<Q, R> operation,
      Expr<String> collection,
      List<QdrantCheck> checks,
      OpenLoad pacing,
      ScenarioContext ctx,
      Action next,
      QdrantComponents components) {
    super(requestName, ctx, next);
    this.requestName = requestName;
    this.operation = operation;
    this.collection = collection;
    this.checks = List.copyOf(checks);
    this.recallThreshold =
        (RecallThreshold)
            checks.stream().filter(c -> c instanceof RecallThreshold).findFirst().orElse(null);
    this.components = components;
    this.metrics = components.metrics().operation(requestName);
    this.deadline = components.protocol().connection().deadline();
    this.acked = components.protocol().ackedWrites();
    this.gatlingStats = components.protocol().gatlingStats();
    this.health = components.health();
    this.nodeLog = components.metrics().nodeHealth();
    this.deadlineNanos = deadline.toNanos();
    this.schedule = pacing == null ? null : new PacedSchedule(pacing);
    this.lane = schedule == null ? -1 : components.nodes().assignLane();
    this.laneThread = schedule == null ? null : components.nodes().laneExecutor(lane);
    if (schedule != null) {
      metrics.origin(LatencyOrigin.INTENDED_START);
    }
    this.paced =
        schedule != null && gatlingStats
            ? new GatlingStatsBatch(statsEngine(), requestName, this::later)
            : null;
  }

  /** A paced action's burst timer, on its lane; at once if the lane is already shut down. */
  private void later(long nanos, Runnable task) {
    try {
      laneThread.schedule(task, nanos, TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException e) {
      task.run();
    }
  }

  @Override
  public void execute(Session session) {
    if (schedule == null) {
      fire(session, System.nanoTime(), true);
    } else {
      schedule.start(System.nanoTime());
      laneThread.execute(() -> drive(session));
    }
  }

  /**
   * A paced driver's loop: fire every due arrival, then sleep until the next. It runs on its lane's
   * network thread, so a call is written, its deadline armed and its response read by the thread
   * that fired it.
   */
  private void drive(Session session) {
    long now = System.nanoTime();
    while (true) {
      long i = schedule.peek();
      if (i >= schedule.total() || schedule.load().ended()) {
        drain(session);
        return;
      }
      long due = schedule.intendedNanos(i);
      if (due > now) {
        laneThread.schedule(() -> drive(session), due - now, TimeUnit.NANOSECONDS);
        return;
      }
      if (schedule.claim(i)) {
        fire(session, due, false);
      }
    }
  }

  /** After the last arrival, the driver waits for its calls to complete so none goes unreported. */
  private void drain(Session session) {
    if (inFlight.get() == 0) {
      if (paced != null) {
        paced.flush();
      }
      next().$bang(session);
    } else {
      laneThread.schedule(() -> drain(session), DRAIN_POLL_NANOS, TimeUnit.NANOSECONDS);
    }
  }

  private void fire(Session session, long intendedNanos, boolean continueSession) {
    Call call = new Call(session, intendedNanos, continueSession);
    Q request;
    try {
      String coll =
          collection == null ? components.protocol().collection() : collection.apply(session);
      if (coll == null) {
        throw new IllegalStateException(
            "no collection: set qdrant().collection(\"name\") on the protocol or"
                + " .collection(\"name\") on the action");
      }
      request = operation.request(session, coll, call);
    } catch (RuntimeException e) {
      String message = "could not build the request: " + e.getMessage();
      statsEngine().logRequestCrash(session.scenario(), session.groups(), requestName, message);
      if (continueSession) {
        next().$bang(session.markAsFailed());
      }
      return;
    }
    if (request == null) {
      if (continueSession) {
        next().$bang(session);
      }
      return;
    }
    call.request = request;
    call.node = components.select(session);
    call.items = operation.items(request);
    inFlight.incrementAndGet();
    call.sendNanos = System.nanoTime();
    send(call);
  }

  private void send(Call call) {
    call.attemptNanos = System.nanoTime();
    health.sent(call.node.index(), call.attemptNanos);
    ClientCall<Q, R> clientCall =
        (lane < 0 ? call.node.channel() : call.node.channel(lane))
            .newCall(
                operation.method(),
                CallOptions.DEFAULT.withDeadlineAfter(deadlineNanos, TimeUnit.NANOSECONDS));
    ClientCalls.asyncUnaryCall(clientCall, call.request, call);
  }

  /** One call in flight: its timing, its node, its expectations; completes exactly once. */
  private final class Call
      implements StreamObserver<R>, Operation.CallContext, QdrantCheck.CheckContext {
    private final Session session;
    private final long intendedNanos;
    private final boolean continueSession;
    private Session updated;
    QdrantNode node;
    Q request;
    int retries;
    long sendNanos;
    long attemptNanos;
    int items;
    private R response;
    private long[] expected;
    private long[][] expectedBatch;
    private int k;
    private QueryVectors recallTo;
    private int recallQuery;

    Call(Session session, long intendedNanos, boolean continueSession) {
      this.session = session;
      this.intendedNanos = intendedNanos;
      this.continueSession = continueSession;
      this.updated = session;
    }

    @Override
    public void onNext(R value) {
      response = value;
    }

    @Override
    public void onError(Throwable t) {
      io.grpc.Status s = io.grpc.Status.fromThrowable(t);
      String cause = GrpcFailures.cause(s);
      health.failed(node.index(), System.nanoTime(), GrpcFailures.outcome(s), cause);
      // Another coordinator can serve an idempotent call the first could not: a dead, frozen or
      // ejected node, a closed connection, or an UNAVAILABLE shard replica the other node still
      // reaches. Bounded per call and by the budget.
      boolean retry =
          GrpcFailures.retriableElsewhere(s)
              && operation.idempotent()
              && retries < components.protocol().failover().maxRetries()
              && components.nodes().size() > 1
              && components.tryRetry();
      nodeLog.failed(node.index(), cause, retry);
      if (retry) {
        retries++;
        metrics.countRetry();
        response = null;
        node = components.select(session, node.index());
        send(this);
        return;
      }
      String message = GrpcFailures.describe(t, node, deadline);
      if (s.getCode() == io.grpc.Status.Code.INVALID_ARGUMENT
          && operation.invalidInputStopsRun()
          && components.protocol().stopOnInvalidInput()) {
        components.stopRun(
            "the server refused '"
                + requestName
                + "' as invalid input: "
                + message
                + " (every later call would fail the same way: fix the setting or data it names)");
      }
      complete(
          false,
          s.getCode().name(),
          retries == 0
              ? message
              : message
                  + " (after "
                  + retries
                  + " retr"
                  + (retries == 1 ? "y" : "ies")
                  + " on other nodes)");
    }

    @Override
    public void onCompleted() {
      long now = System.nanoTime();
      health.answered(node.index(), now, now - attemptNanos);
      if (response != null) {
        metrics.recordServerTime(node.index(), operation.serverSeconds(response));
        if (response instanceof MessageLite m) { // one walk of the parsed message, not an encoding
          metrics.recordResponseBytes(m.getSerializedSize());
        }
      }
      if (acked != null) {
        operation.acknowledged(
            request, acked); // the cluster acknowledged it, whatever our checks say
      }
      String failure;
      try {
        failure = check(operation.result(response, this));
      } catch (RuntimeException e) {
        failure = "checks failed to run: " + e;
      }
      complete(failure == null, "OK", failure);
    }

    private String check(QdrantResult result) {
      recordRecall(result);
      for (QdrantCheck c : checks) {
        String failure = c.check(result, this);
        if (failure != null) {
          return failure;
        }
      }
      return null;
    }

    private void recordRecall(QdrantResult result) {
      if (expected != null && result.kind() == QdrantResult.Kind.POINTS) {
        result(result.points(), expected);
      } else if (expectedBatch != null && result.kind() == QdrantResult.Kind.BATCH) {
        List<List<ScoredPoint>> batches = result.batches();
        for (int i = 0; i < batches.size() && i < expectedBatch.length; i++) {
          result(batches.get(i), expectedBatch[i]);
        }
      }
    }

    private void result(List<ScoredPoint> points, long[] truth) {
      double r = Recall.of(points, truth, k);
      if (Double.isNaN(r)) {
        return;
      }
      metrics.recordRecall(node.index(), r);
      if (recallTo != null) {
        recallTo.recalled(recallQuery, r);
      }
      if (recallThreshold != null && r < recallThreshold.threshold()) {
        metrics.countRecallBelowThreshold();
      }
    }

    private void complete(boolean ok, String code, String message) {
      long end = System.nanoTime();
      long start = schedule == null ? sendNanos : Math.min(intendedNanos, sendNanos);
      metrics.record(node.index(), ok, start, end);
      if (ok && items > 0) {
        metrics.addItems(items);
      }

      if (gatlingStats) {
        long endMillis = clock().nowMillis();
        long startMillis = endMillis - (end - start) / 1_000_000;
        if (paced != null) {
          if (ok) {
            paced.ok(session, startMillis, endMillis);
          } else {
            paced.ko(session, startMillis, endMillis, code, message);
          }
        } else {
          statsEngine()
              .logResponse(
                  session.scenario(),
                  session.groups(),
                  requestName,
                  startMillis,
                  endMillis,
                  ok ? OK : KO,
                  Option.apply(code),
                  ok ? Option.empty() : Option.apply(message));
        }
      }
      inFlight.decrementAndGet();
      if (continueSession) {
        next().$bang(ok ? updated : updated.markAsFailed());
      }
    }

    // ---- Operation.CallContext ----

    @Override
    public void expect(long[] ids, int k) {
      this.expected = ids;
      this.k = k;
    }

    @Override
    public void recallTo(QueryVectors source, int query) {
      this.recallTo = source;
      this.recallQuery = query;
    }

    @Override
    public void expectBatch(long[][] ids, int k) {
      this.expectedBatch = ids;
      this.k = k;
    }

    @Override
    public long[] expected() {
      return expected;
    }

    @Override
    public long[][] expectedBatch() {
      return expectedBatch;
    }

    @Override
    public int k() {
      return k;
    }

    // ---- QdrantCheck.CheckContext ----

    @Override
    public io.gatling.javaapi.core.Session session() {
      return new io.gatling.javaapi.core.Session(updated);
    }

    @Override
    public void save(String key, Object value) {
      if (continueSession) {
        updated = updated.set(key, value);
      }
    }
  }
}
