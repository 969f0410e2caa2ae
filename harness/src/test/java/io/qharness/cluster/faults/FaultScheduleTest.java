package io.qharness.cluster.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Fault schedules: the syntax, every mistake named, and what each injector runs. */
class FaultScheduleTest {
  @TempDir Path dir;

  @Test
  void parsesEventsInTimeOrderWithEveryNodeNaming() {
    FaultSchedule s =
        FaultSchedule.parse(
            "25s start node2; 10s kill qdrant_node2\n30s pause 3; 40s latency node1 50ms;", 3);
    assertThat(s.events())
        .extracting(FaultEvent::describe)
        .containsExactly(
            "+10s kill node2", "+25s start node2", "+30s pause node3", "+40s latency node1 50ms");
    assertThat(s.events().get(3).latency()).isEqualTo(Duration.ofMillis(50));
    assertThat(FaultSchedule.parse("  ", 3).isEmpty()).isTrue();
  }

  @Test
  void everyMistakeNamesTheEventAndWhatIsAllowed() {
    assertThatThrownBy(() -> FaultSchedule.parse("10s explode node1", 3))
        .hasMessageContaining("'10s explode node1'")
        .hasMessageContaining("unknown action 'explode'")
        .hasMessageContaining("stop, kill");
    assertThatThrownBy(() -> FaultSchedule.parse("soon kill node1", 3))
        .hasMessageContaining("time 'soon' is not a duration");
    assertThatThrownBy(() -> FaultSchedule.parse("10s kill node4", 3))
        .hasMessageContaining("node 4 does not exist; the target has nodes 1..3");
    assertThatThrownBy(() -> FaultSchedule.parse("10s kill server", 3))
        .hasMessageContaining("node 'server' is not node1..node3");
    assertThatThrownBy(() -> FaultSchedule.parse("10s kill", 3))
        .hasMessageContaining("expected '<time> <action> <node> [latency]'");
    assertThatThrownBy(() -> FaultSchedule.parse("10s latency node1", 3))
        .hasMessageContaining("latency needs an amount");
    assertThatThrownBy(() -> FaultSchedule.parse("10s kill node1 now", 3))
        .hasMessageContaining("unexpected 'now'");
  }

  @Test
  void composeInjectorRunsDockerComposeOnTheNodesServiceAndRefusesLatency() throws Exception {
    Path compose = Files.writeString(dir.resolve("docker-compose.yml"), "services: {}\n");
    DockerComposeFaults docker = new DockerComposeFaults(List.of("docker", "compose"), compose);
    FaultSchedule s =
        FaultSchedule.parse(
            "1s kill node2; 2s start node2; 3s pause node3; 4s resume node3; 5s stop node1", 3);
    assertThat(s.events())
        .extracting(e -> String.join(" ", docker.command(e)))
        .containsExactly(
            "docker compose -f " + compose + " kill qdrant_node2",
            "docker compose -f " + compose + " start qdrant_node2",
            "docker compose -f " + compose + " pause qdrant_node3",
            "docker compose -f " + compose + " unpause qdrant_node3",
            "docker compose -f " + compose + " stop qdrant_node1");
    assertThatThrownBy(
            () -> FaultSchedule.parse("1s latency node1 20ms", 3).requireSupported(docker))
        .hasMessageContaining("docker compose injector cannot latency");
    assertThatThrownBy(
            () -> new DockerComposeFaults(List.of("docker", "compose"), dir.resolve("none.yml")))
        .hasMessageContaining("none.yml does not exist");
  }

  @Test
  void aFailingInjectorCommandIsReportedNotHidden() throws Exception {
    Path compose = Files.writeString(dir.resolve("docker-compose.yml"), "services: {}\n");
    DockerComposeFaults missing =
        new DockerComposeFaults(List.of("/nonexistent/docker", "compose"), compose);
    FaultRunner runner = new FaultRunner(FaultSchedule.parse("0s kill node1", 3), missing);
    CompletableFuture<FaultRunner.Applied> applied = new CompletableFuture<>();
    runner.onApplied(applied::complete);
    runner.start();
    FaultRunner.Applied a = applied.get(10, TimeUnit.SECONDS);
    runner.close();
    assertThat(a.ok()).isFalse();
    assertThat(a.error())
        .contains("cannot run '/nonexistent/docker compose")
        .contains("docker CLI installed");
  }

  @Test
  void aFaultsTimeIsTakenOnceItCouldBeAppliedNotWhenItsWaitBegan() throws Exception {
    FaultInjector slowToStart =
        new FaultInjector() {
          @Override
          public String name() {
            return "test";
          }

          @Override
          public boolean supports(FaultEvent.Action action) {
            return true;
          }

          @Override
          public void awaitApplicable(FaultEvent event) throws InterruptedException {
            TimeUnit.MILLISECONDS.sleep(400); // a stopped process still exiting
          }

          @Override
          public void apply(FaultEvent event) {}
        };
    FaultRunner runner = new FaultRunner(FaultSchedule.parse("0s start node1", 3), slowToStart);
    CompletableFuture<FaultRunner.Applied> applied = new CompletableFuture<>();
    runner.onApplied(applied::complete);
    runner.start();
    FaultRunner.Applied a = applied.get(10, TimeUnit.SECONDS);
    runner.close();
    assertThat(a.ok()).isTrue();
    assertThat(a.appliedAtMillis() - runner.startMillis())
        .as("the recovery counts from the start itself")
        .isGreaterThanOrEqualTo(400);
    assertThat(a.tookMillis()).isLessThan(400);
  }
}
