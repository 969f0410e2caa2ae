package io.qharness.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.qharness.workload.vectors.SyntheticVectors;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PeerUploadTest {
  @TempDir Path dir;

  private UploadBench.Options shape(Path peer) {
    return new UploadBench.Options(
        List.of(), 5000, 96, SyntheticVectors.Kind.UNIFORM, 128, 3, List.of(), dir, peer);
  }

  @Test
  void bfbIsGivenTheSameShapeAndEveryNode() {
    List<String> cmd =
        PeerUpload.command(
            Path.of("/opt/bfb"), List.of("127.0.0.1:6334", "127.0.0.1:6344"), shape(null));
    String line = String.join(" ", cmd);
    assertThat(cmd.get(0)).isEqualTo("/opt/bfb");
    assertThat(line)
        .contains("--uri http://127.0.0.1:6334 --uri http://127.0.0.1:6344")
        .contains("--num-vectors 5000")
        .contains("--dim 96")
        .contains("--batch-size 128")
        .contains("--parallel 3")
        .contains("--collection-name " + UploadBench.COLLECTION)
        .as("each upsert applied before it is answered, as qharness's and the floor's")
        .contains("--wait-on-upsert")
        .as("its time is its upload's: the collection is made beforehand")
        .contains("--skip-create")
        .as("nor does it get the collection's shape, which bfb reads only to make one")
        .doesNotContain("--shards")
        .doesNotContain("--replication-factor")
        .doesNotContain("--distance")
        .doesNotContain("--indexing-threshold");
  }

  /**
   * A stand-in for bfb that burns CPU in a child of its own shell: its whole CPU is counted once it
   * has exited, its memory while it runs.
   */
  @Test
  void theWholeProcessIsMeasuredToItsEnd() throws Exception {
    Path fake =
        script(
            "i=0; while [ $i -lt 300000 ]; do i=$((i+1)); done; echo \"$@\" > "
                + dir.resolve("args"));
    List<String> cmd = PeerUpload.command(fake, List.of("127.0.0.1:6334"), shape(fake));
    ProcessCost c = PeerUpload.run(cmd, 5000, dir.resolve("peer.log"), 120);
    assertThat(Files.readString(dir.resolve("args"))).contains("--num-vectors 5000");
    assertThat(c.client()).isEqualTo(PeerUpload.CLIENT);
    assertThat(c.requests()).isEqualTo(5000);
    assertThat(c.cpuSeconds()).isGreaterThan(0.05).isLessThanOrEqualTo(c.seconds() * 2 + 0.05);
    assertThat(c.peakRssBytes()).isPositive();
  }

  @Test
  void aFailedPeerNamesItsExitCodeAndLog() throws Exception {
    Path fake = script("echo 'no collection' >&2; exit 3");
    List<String> cmd = PeerUpload.command(fake, List.of("127.0.0.1:6334"), shape(fake));
    assertThatThrownBy(() -> PeerUpload.run(cmd, 5000, dir.resolve("peer.log"), 60))
        .hasMessageContaining("exited with code 3")
        .hasMessageContaining("peer.log");
    assertThat(Files.readString(dir.resolve("peer.log"))).contains("no collection");
  }

  private Path script(String body) throws Exception {
    Path f = dir.resolve("bfb");
    Files.writeString(f, "#!/bin/sh\n" + body + "\n");
    Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rwxr-xr-x"));
    return f;
  }
}
