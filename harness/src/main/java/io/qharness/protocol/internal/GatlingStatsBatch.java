package io.qharness.protocol.internal;

import io.gatling.commons.stats.KO$;
import io.gatling.commons.stats.OK$;
import io.gatling.commons.stats.Status;
import io.gatling.core.session.Session;
import io.gatling.core.stats.StatsEngine;
import java.util.concurrent.TimeUnit;
import scala.Option;
import scala.collection.immutable.List;

/**
 * A paced action's responses, handed to Gatling's stats engine in bursts instead of one by one.
 *
 * <p>Each response handed over alone wakes a thread of Gatling's data writers (two actors on a pool
 * of parked threads): 20-30 CPU µs per request, more than the rest of qharness's own work on it. A
 * burst wakes them once. Each record keeps its own start and end, so Gatling's log, report and
 * assertions get exactly what they got one by one; only the console's live counts lag, by at most
 * {@link #FLUSH_NANOS}.
 *
 * <p>Handed over: {@link #FLUSH_NANOS} after the first record of a burst (one timer per burst, on
 * the lane that reads the responses), when the buffer is full, before a failure (at once, in
 * order), and by the driver before its virtual user moves on ({@link #flush()}), so no record is
 * still held when Gatling ends the run. The buffer is two preallocated arrays of timestamps: no
 * object is kept per request.
 */
final class GatlingStatsBatch {
  /** How long a record may wait for its burst. */
  static final long FLUSH_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

  /** Records per burst at most; at 20,000 responses/s a burst of 50 ms holds 1,000. */
  static final int CAPACITY = 1024;

  /** Runs a task after a delay: the lane's event loop in a run. */
  interface Later {
    void after(long nanos, Runnable task);
  }

  private static final Status OK = OK$.MODULE$;
  private static final Status KO = KO$.MODULE$;
  private static final Option<String> OK_CODE = Option.apply("OK");

  private final StatsEngine engine;
  private final String requestName;
  private final Later later;
  private final long[] starts = new long[CAPACITY];
  private final long[] ends = new long[CAPACITY];
  private final Runnable timedFlush = this::flush;
  private int size;
  private String scenario;
  private List<String> groups;

  GatlingStatsBatch(StatsEngine engine, String requestName, Later later) {
    this.engine = engine;
    this.requestName = requestName;
    this.later = later;
  }

  /** A successful response: held for the burst. */
  synchronized void ok(Session session, long startMillis, long endMillis) {
    if (size > 0 && !sameSource(session)) {
      flush();
    }
    if (size == 0) {
      scenario = session.scenario();
      groups = session.groups();
      later.after(FLUSH_NANOS, timedFlush);
    }
    starts[size] = startMillis;
    ends[size] = endMillis;
    if (++size == CAPACITY) {
      flush();
    }
  }

  /** A failed response: the held ones first, then this one, at once. */
  synchronized void ko(
      Session session, long startMillis, long endMillis, String code, String message) {
    flush();
    engine.logResponse(
        session.scenario(),
        session.groups(),
        requestName,
        startMillis,
        endMillis,
        KO,
        Option.apply(code),
        Option.apply(message));
  }

  /** Hands every held record to Gatling now. */
  synchronized void flush() {
    for (int i = 0; i < size; i++) {
      engine.logResponse(
          scenario, groups, requestName, starts[i], ends[i], OK, OK_CODE, Option.empty());
    }
    size = 0;
    scenario = null;
    groups = null;
  }

  /** Records held, not yet handed to Gatling. */
  synchronized int held() {
    return size;
  }

  private boolean sameSource(Session session) {
    return scenario.equals(session.scenario()) && groups.equals(session.groups());
  }
}
