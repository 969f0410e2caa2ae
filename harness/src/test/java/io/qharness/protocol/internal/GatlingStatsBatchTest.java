package io.qharness.protocol.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatling.commons.stats.OK$;
import io.gatling.commons.stats.Status;
import io.gatling.core.session.Block;
import io.gatling.core.session.Session;
import io.netty.channel.DefaultEventLoop;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import scala.Option;

/**
 * Gatling gets every paced response, each with its own timestamps and in order, whether the burst
 * is handed over by its timer, by a full buffer, before a failure, or when the driver moves on.
 */
class GatlingStatsBatchTest {
  private final DefaultEventLoop loop = new DefaultEventLoop();
  private final List<String> logged = new ArrayList<>();
  private final List<Runnable> timers = new ArrayList<>();
  private final GatlingStatsBatch batch =
      new GatlingStatsBatch(new Recorder(), "search", (nanos, task) -> timers.add(task));

  @AfterEach
  void tearDown() {
    loop.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS);
  }

  private Session session(String scenario) {
    return new Session(
        scenario,
        1,
        scala.collection.immutable.Map$.MODULE$.empty(),
        (Status) OK$.MODULE$,
        scala.collection.immutable.List$.MODULE$.<Block>empty(),
        Session.NothingOnExit(),
        loop);
  }

  @Test
  void aBurstReachesGatlingWhenItsTimerFiresWithEachRecordsOwnTimes() {
    Session s = session("mixed");
    batch.ok(s, 1000, 1003);
    batch.ok(s, 1001, 1009);
    batch.ok(s, 1002, 1004);
    assertThat(logged).as("held for the burst").isEmpty();
    assertThat(timers).as("one timer per burst, not per response").hasSize(1);
    timers.get(0).run();
    assertThat(logged)
        .containsExactly(
            "mixed search 1000-1003 OK OK -",
            "mixed search 1001-1009 OK OK -",
            "mixed search 1002-1004 OK OK -");
    assertThat(batch.held()).isZero();
  }

  @Test
  void aFailureGoesAtOnceAfterTheHeldRecords() {
    Session s = session("mixed");
    batch.ok(s, 1000, 1003);
    batch.ko(s, 1001, 1500, "DEADLINE_EXCEEDED", "no answer within 500 ms");
    assertThat(logged)
        .containsExactly(
            "mixed search 1000-1003 OK OK -",
            "mixed search 1001-1500 KO DEADLINE_EXCEEDED no answer within 500 ms");
  }

  @Test
  void theDriverFlushesWhatIsHeldBeforeItsUserMovesOn() {
    Session s = session("mixed");
    batch.ok(s, 1000, 1003);
    batch.flush();
    assertThat(logged).containsExactly("mixed search 1000-1003 OK OK -");
    timers.get(0).run();
    assertThat(logged).as("a late timer finds nothing to repeat").hasSize(1);
  }

  @Test
  void aFullBufferIsHandedOverAndANewBurstStarts() {
    Session s = session("mixed");
    for (int i = 0; i < GatlingStatsBatch.CAPACITY + 1; i++) {
      batch.ok(s, i, i + 1);
    }
    assertThat(logged).hasSize(GatlingStatsBatch.CAPACITY);
    assertThat(batch.held()).isEqualTo(1);
    assertThat(timers).as("the next burst has its own timer").hasSize(2);
    batch.flush();
    assertThat(logged).hasSize(GatlingStatsBatch.CAPACITY + 1);
    assertThat(logged.get(GatlingStatsBatch.CAPACITY))
        .isEqualTo("mixed search " + GatlingStatsBatch.CAPACITY + "-1025 OK OK -");
  }

  @Test
  void recordsOfAnotherScenarioAreNotMergedUnderTheFirst() {
    batch.ok(session("first"), 1000, 1003);
    batch.ok(session("second"), 1001, 1004);
    batch.flush();
    assertThat(logged)
        .containsExactly("first search 1000-1003 OK OK -", "second search 1001-1004 OK OK -");
  }

  /** Gatling's stats engine as the batch sees it: each response as one line. */
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
      logged.add(
          scenario
              + " "
              + requestName
              + " "
              + start
              + "-"
              + end
              + " "
              + status.name()
              + " "
              + (code.isDefined() ? code.get() : "-")
              + " "
              + (message.isDefined() ? message.get() : "-"));
    }
  }
}
