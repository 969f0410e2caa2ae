package io.qharness.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.RandomAccessFile;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeResourcesTest {

  @Test
  void readsGaugesAndOneCollectionsCounterFromAnExposition() {
    // the shape of a Qdrant 1.19 node's /metrics
    PromText m =
        PromText.parse(
            """
            # HELP memory_resident_bytes Maximum number of bytes in physically resident data pages
            # TYPE memory_resident_bytes gauge
            memory_resident_bytes 25886720
            process_minor_page_faults_total 13390
            collection_hardware_metric_cpu{id="other"} 7
            collection_hardware_metric_cpu{id="qharness"} 1.755395072e9
            grpc_responses_total{endpoint="/qdrant.Points/Search",status="0"} 12
            not a sample line
            """);
    assertThat(m.value("memory_resident_bytes")).isEqualTo(25_886_720L);
    assertThat(m.value("process_minor_page_faults_total")).isEqualTo(13_390L);
    assertThat(m.value("collection_hardware_metric_cpu", "id", "qharness"))
        .isEqualTo(1_755_395_072L);
    assertThat(m.value("grpc_responses_total", "status", "0")).isEqualTo(12L);
    // a family the node does not export (yet) is absent, not zero
    assertThat(m.value("process_major_page_faults_total")).isNull();
    assertThat(m.value("collection_hardware_metric_cpu", "id", "missing")).isNull();
  }

  @Test
  void readsThisProcessFromProc() {
    LocalProcess self = new LocalProcess(ProcessHandle.current().pid());
    LocalProcess.Stat before = self.stat();
    long spin = 0;
    for (long i = 0; i < 300_000_000L; i++) {
      spin += i ^ (spin >>> 3);
    }
    LocalProcess.Stat after = self.stat();
    assertThat(spin).isNotZero();
    assertThat(before.rssBytes()).isGreaterThan(10L << 20);
    assertThat(after.cpuSeconds()).isGreaterThan(before.cpuSeconds());
    assertThat(after.minorFaults()).isGreaterThanOrEqualTo(before.minorFaults());
    assertThat(new LocalProcess(Long.MAX_VALUE).stat()).as("a process that is gone").isNull();
  }

  @Test
  void findsACollectionsDirectoryFromTheFilesTheProcessMaps(@TempDir Path storage)
      throws Exception {
    Path segment = storage.resolve("collections/demo/0/segments/s1");
    Files.createDirectories(segment);
    Path vectors = segment.resolve("vectors.dat");
    LocalProcess self = new LocalProcess(ProcessHandle.current().pid());
    assertThat(self.collectionDiskBytes("demo")).as("nothing of it mapped yet").isNull();
    try (RandomAccessFile f = new RandomAccessFile(vectors.toFile(), "rw");
        FileChannel ch = f.getChannel()) {
      MappedByteBuffer map = ch.map(FileChannel.MapMode.READ_WRITE, 0, 1 << 20);
      for (int i = 0; i < 1 << 20; i += 4096) {
        map.put(i, (byte) 1); // written pages take disk blocks
      }
      map.force();
      assertThat(self.collectionDiskBytes("demo")).isGreaterThanOrEqualTo(1L << 20);
      assertThat(self.collectionDiskBytes("other")).isNull();
    }
  }
}
