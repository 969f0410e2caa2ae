package io.qharness.cluster.faults;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plays a fault schedule on its own thread (faults may block, e.g. a docker command or a graceful
 * stop, and must never stall Gatling's event loops), from {@link #start()}, which the simulation
 * calls when its load begins. Each applied fault is logged and handed to the listeners (run record,
 * Pushgateway).
 */
public final class FaultRunner implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(FaultRunner.class);

  /** A fault as it happened. */
  public record Applied(
      String event,
      String action,
      int node,
      long plannedOffsetMillis,
      long appliedAtMillis,
      long tookMillis,
      boolean ok,
      String error) {}

  private final FaultSchedule schedule;
  private final FaultInjector injector;
  private final List<Consumer<Applied>> listeners = new CopyOnWriteArrayList<>();
  private final List<Applied> applied = new CopyOnWriteArrayList<>();
  private final AtomicBoolean started = new AtomicBoolean();
  private final ScheduledExecutorService executor =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "qharness-faults");
            t.setDaemon(true);
            return t;
          });
  private volatile long startMillis;

  public FaultRunner(FaultSchedule schedule, FaultInjector injector) {
    schedule.requireSupported(injector);
    this.schedule = schedule;
    this.injector = injector;
  }

  public FaultSchedule schedule() {
    return schedule;
  }

  /** What applies the events (checked against the schedule when this runner was made). */
  public FaultInjector injector() {
    return injector;
  }

  public void onApplied(Consumer<Applied> listener) {
    listeners.add(listener);
  }

  /** Starts the schedule's clock; later calls do nothing. */
  public void start() {
    if (!started.compareAndSet(false, true)) {
      return;
    }
    startMillis = System.currentTimeMillis();
    LOG.info("qharness fault schedule started ({} injector): {}", injector.name(), schedule);
    for (FaultEvent e : schedule.events()) {
      executor.schedule(() -> apply(e), e.at().toNanos(), TimeUnit.NANOSECONDS);
    }
  }

  public long startMillis() {
    return startMillis;
  }

  private void apply(FaultEvent e) {
    String error = null;
    long t0 = System.currentTimeMillis();
    try {
      injector.awaitApplicable(e);
      t0 = System.currentTimeMillis();
      injector.apply(e);
    } catch (Exception ex) {
      error = ex.getMessage() == null ? ex.toString() : ex.getMessage();
    }
    long took = System.currentTimeMillis() - t0;
    Applied a =
        new Applied(
            e.describe(),
            e.action().label(),
            e.node(),
            e.at().toMillis(),
            t0,
            took,
            error == null,
            error);
    applied.add(a);
    if (error == null) {
      LOG.info(
          "qharness fault {} applied at {} (took {} ms)",
          e.describe(),
          Instant.ofEpochMilli(t0),
          took);
    } else {
      LOG.error("qharness fault {} FAILED: {}", e.describe(), error);
    }
    for (Consumer<Applied> l : listeners) {
      try {
        l.accept(a);
      } catch (RuntimeException ex) {
        LOG.warn("fault listener failed: {}", ex.toString());
      }
    }
  }

  /** Faults applied so far, in order. */
  public List<Applied> applied() {
    return new ArrayList<>(applied);
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
