package io.qharness.protocol;

import com.typesafe.scalalogging.Logger;
import io.gatling.commons.stats.OK$;
import io.gatling.commons.stats.Status;
import io.gatling.commons.util.Clock;
import io.gatling.core.CoreComponents;
import io.gatling.core.action.Action;
import io.gatling.core.actor.ActorRef;
import io.gatling.core.actor.ActorSystem;
import io.gatling.core.controller.Controller;
import io.gatling.core.pause.Disabled$;
import io.gatling.core.protocol.Protocol;
import io.gatling.core.protocol.ProtocolComponents;
import io.gatling.core.protocol.ProtocolComponentsRegistry;
import io.gatling.core.protocol.ProtocolKey;
import io.gatling.core.session.Block;
import io.gatling.core.session.Session;
import io.gatling.core.structure.ScenarioContext;
import io.gatling.javaapi.core.ActionBuilder;
import io.netty.channel.DefaultEventLoopGroup;
import io.netty.util.concurrent.EventExecutor;
import io.qharness.protocol.internal.QdrantComponents;
import io.qharness.protocol.internal.QdrantProtocol;
import io.qharness.protocol.internal.ResponseOnlyStatsEngine;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.LoggerFactory;
import scala.Option;
import scala.collection.mutable.HashMap;
import scala.concurrent.Promise;
import scala.concurrent.duration.FiniteDuration;

/**
 * Runs qharness actions in-process with Gatling's real action and session machinery, a real Netty
 * event loop and a stats engine that records every response, so tests can assert exactly what a
 * Gatling run would report for each request.
 */
final class GatlingRuntime implements AutoCloseable {
  /** One logged response, as Gatling's stats engine received it. */
  record Response(
      String name, boolean ok, String code, String message, long startMillis, long endMillis) {}

  /** A logged request crash (request could not be built). */
  record Crash(String name, String error) {}

  /** What a session pass produced: the responses logged meanwhile and the session handed on. */
  record Pass(
      List<Response> responses, List<Crash> crashes, io.gatling.javaapi.core.Session session) {
    Response only() {
      if (responses.size() != 1) {
        throw new AssertionError("expected one response, got " + responses + " crashes " + crashes);
      }
      return responses.get(0);
    }
  }

  final List<Response> responses = Collections.synchronizedList(new ArrayList<>());
  final List<Crash> crashes = Collections.synchronizedList(new ArrayList<>());

  /** What actions told Gatling's controller (e.g. to stop the run). */
  final List<Controller.Command> controllerCommands =
      Collections.synchronizedList(new ArrayList<>());

  private final DefaultEventLoopGroup loops = new DefaultEventLoopGroup(2);
  private final ActorSystem actors = new ActorSystem();
  private final CoreComponents core;
  private final ProtocolComponentsRegistry registry;
  private final AtomicLong userIds = new AtomicLong();

  @SuppressWarnings("unchecked")
  GatlingRuntime(QdrantProtocolBuilder protocol) {
    Clock clock = System::currentTimeMillis;
    core =
        new CoreComponents(
            actors,
            loops,
            new RecordingController(),
            Option.empty(),
            new Recorder(),
            clock,
            null,
            null);
    QdrantProtocol p = protocol.protocol();
    scala.collection.immutable.Map<Class<? extends Protocol>, Protocol> protocols =
        scala.collection.immutable.Map$.MODULE$
            .<Class<? extends Protocol>, Protocol>empty()
            .updated(QdrantProtocol.class, p);
    registry =
        new ProtocolComponentsRegistry(
            core,
            protocols,
            new HashMap<ProtocolKey<?, ?>, scala.Function1<Protocol, ProtocolComponents>>(),
            new HashMap<ProtocolKey<?, ?>, Protocol>());
  }

  /** The shared components, as actions see them (creating them probes the nodes). */
  QdrantComponents components() {
    return registry.components(QdrantProtocol.KEY);
  }

  /** Builds the action and runs one fresh virtual user through it, waiting for it to move on. */
  Pass run(ActionBuilder builder) {
    return run(builder, Map.of());
  }

  Pass run(ActionBuilder builder, Map<String, Object> attributes) {
    int before = responses.size();
    int crashesBefore = crashes.size();
    CompletableFuture<Session> done = new CompletableFuture<>();
    Action action =
        builder
            .asScala()
            .build(
                new ScenarioContext(core, registry, Disabled$.MODULE$, false), new Capture(done));
    Session session =
        new Session(
            "test",
            userIds.incrementAndGet(),
            scala.collection.immutable.Map$.MODULE$.empty(),
            (Status) OK$.MODULE$,
            scala.collection.immutable.List$.MODULE$.<Block>empty(),
            Session.NothingOnExit(),
            loops.next());
    for (Map.Entry<String, Object> a : attributes.entrySet()) {
      session = session.set(a.getKey(), a.getValue());
    }
    action.$bang(session);
    Session after;
    try {
      after = done.get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("the virtual user did not move on within 60 s", e);
    }
    List<Response> r;
    List<Crash> c;
    synchronized (responses) {
      r = new ArrayList<>(responses.subList(before, responses.size()));
    }
    synchronized (crashes) {
      c = new ArrayList<>(crashes.subList(crashesBefore, crashes.size()));
    }
    return new Pass(r, c, new io.gatling.javaapi.core.Session(after));
  }

  /**
   * Blocks every thread of the injector for {@code millis} (Gatling's event loops and qharness's
   * network lanes, where paced drivers run), as a GC pause or a blocked injector would.
   */
  void stallEventLoops(long millis) {
    Runnable sleep =
        () -> {
          try {
            Thread.sleep(millis);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        };
    for (EventExecutor loop : loops) {
      loop.execute(sleep);
    }
    for (int lane = 0; lane < components().nodes().settings().ioThreads(); lane++) {
      components().nodes().laneExecutor(lane).execute(sleep);
    }
  }

  @Override
  public void close() {
    actors.close();
    loops.shutdownGracefully(0, 1, TimeUnit.SECONDS);
  }

  private final class Recorder extends ResponseOnlyStatsEngine {
    @Override
    public void logResponse(
        String scenario,
        scala.collection.immutable.List<String> groups,
        String requestName,
        long start,
        long end,
        Status status,
        Option<String> code,
        Option<String> message) {
      responses.add(
          new Response(
              requestName,
              status == OK$.MODULE$,
              code.isDefined() ? code.get() : null,
              message.isDefined() ? message.get() : null,
              start,
              end));
    }

    @Override
    public void logRequestCrash(
        String scenario,
        scala.collection.immutable.List<String> groups,
        String requestName,
        String error) {
      crashes.add(new Crash(requestName, error));
    }
  }

  /** Gatling's controller as actions see it: every command is kept. */
  private final class RecordingController implements ActorRef<Controller.Command> {
    @Override
    public void $bang(Controller.Command message) {
      controllerCommands.add(message);
    }

    @Override
    public String name() {
      return "controller";
    }

    @Override
    public <R> Promise<R> replyPromise(FiniteDuration timeout) {
      return Promise.apply();
    }
  }

  /** The next action: captures the session handed on. */
  private static final class Capture implements Action {
    private final CompletableFuture<Session> done;
    private Logger logger = Logger.apply(LoggerFactory.getLogger(Capture.class));

    Capture(CompletableFuture<Session> done) {
      this.done = done;
    }

    @Override
    public String name() {
      return "capture";
    }

    @Override
    public void $bang(Session session) {
      done.complete(session);
    }

    @Override
    public void execute(Session session) {
      done.complete(session);
    }

    @Override
    public Logger logger() {
      return logger;
    }

    @Override
    public void com$typesafe$scalalogging$StrictLogging$_setter_$logger_$eq(Logger l) {
      logger = l;
    }
  }
}
