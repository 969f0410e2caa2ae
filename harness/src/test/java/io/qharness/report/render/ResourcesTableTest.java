package io.qharness.report.render;

import static org.assertj.core.api.Assertions.assertThat;

import io.qharness.results.RunFile;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResourcesTableTest {
  static RunFile.ServerResources sample() {
    RunFile.NodeUse n1 =
        new RunFile.NodeUse(
            "q1:6333",
            2.0,
            0.5,
            140_000_000L,
            30_000_000L,
            20_000_000L,
            15_000_000L,
            10_000,
            6_400_000,
            100L,
            2L,
            4096L,
            3,
            6.0,
            12345L,
            null);
    RunFile.NodeUse n2 =
        new RunFile.NodeUse(
            "q2:6333",
            null,
            null,
            null,
            null,
            null,
            null,
            0,
            0,
            null,
            null,
            null,
            0,
            0,
            null,
            "connection refused");
    return new RunFile.ServerResources(
        List.of(new RunFile.Phase("upload", 4.0, List.of(n1, n2))),
        new RunFile.PerPoint(10_000, 3000.0, 1500.0, 640.0, "growth of the resident set"),
        List.of("a note"));
  }

  @Test
  void everyNodeAndPhaseIsARowWithThePerPointFigures() {
    String md = ResourcesTable.markdown(sample());
    assertThat(md)
        .contains(
            "| upload | q1:6333 | 4.0 | 0.50 | 140.0 | 20.0 | 15.0 | 10,000 | 102 | 3 (6.0 s) |")
        .contains("| upload | q2:6333 | unread: connection refused |")
        .contains(
            "memory 3000 B (growth of the resident set), disk 1500 B, vectors and payload 640 B")
        .contains("a note.");
    String html = ResourcesTable.html(sample());
    assertThat(html).contains("<td>q1:6333</td>").contains("<td>3 (6.0 s)</td>").contains("3000 B");
  }
}
