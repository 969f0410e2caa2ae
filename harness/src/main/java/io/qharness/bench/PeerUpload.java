package io.qharness.bench;

import io.qharness.metrics.InjectorLoad;
import io.qharness.metrics.ProcessCpu;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The peer: Qdrant's own Rust benchmark tool, <a href="https://github.com/qdrant/bfb">bfb</a>,
 * uploading the same shape (points, dimension, batch size, batches in flight, each write applied
 * before it is answered, a keyword, an integer and a float in each payload) into the same
 * collection, made beforehand as the floor's, so that qharness's ratio to it is measured in the
 * same run on the same cluster. bfb's whole process is measured: its CPU from this process's
 * account of its waited-for children, its peak memory sampled from /proc while it runs, its rate
 * over its whole run.
 */
final class PeerUpload {
  static final String CLIENT = "bfb (peer)";

  private static final long POLL_MILLIS = 20;

  private PeerUpload() {}

  /**
   * bfb's command line for the shape. The collection's shards, replication, distance and indexing
   * threshold are not in it: qharness makes the collection, and bfb reads them only to make one.
   */
  static List<String> command(Path bfb, List<String> grpcHosts, UploadBench.Options o) {
    List<String> cmd = new ArrayList<>();
    cmd.add(bfb.toString());
    for (String h : grpcHosts) {
      cmd.add("--uri");
      cmd.add("http://" + h);
    }
    cmd.addAll(
        List.of(
            "--num-vectors",
            Long.toString(o.points()),
            "--dim",
            Integer.toString(o.dim()),
            "--batch-size",
            Integer.toString(o.batchSize()),
            "--parallel",
            Integer.toString(o.parallelism()),
            "--collection-name",
            UploadBench.COLLECTION,
            "--skip-wait-index",
            "--skip-create", // made beforehand, as the floor's (UploadBench)
            // qharness and the floor wait for each upsert to be applied (wait=true); so does bfb
            "--wait-on-upsert",
            "--skip-field-indices",
            "--keywords",
            "10",
            "--int-payloads",
            "1000000",
            "--float-payloads"));
    return cmd;
  }

  /** Runs bfb to its end, uploading {@code points}; its cost, or an error naming its log. */
  static ProcessCost run(List<String> command, long points, Path log, long limitSeconds)
      throws IOException, InterruptedException {
    ProcessCpu before = ProcessCpu.now();
    long start = System.nanoTime();
    Process p =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    long peakRss = -1;
    long deadline = start + TimeUnit.SECONDS.toNanos(limitSeconds);
    while (!p.waitFor(POLL_MILLIS, TimeUnit.MILLISECONDS)) {
      peakRss = Math.max(peakRss, InjectorLoad.procStatusBytes(p.pid(), "VmHWM"));
      if (System.nanoTime() > deadline) {
        p.destroyForcibly();
        throw new IllegalStateException(
            "the peer (bfb) did not finish within " + limitSeconds + " s; see " + log);
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    if (p.exitValue() != 0) {
      throw new IllegalStateException(
          "the peer (bfb) exited with code " + p.exitValue() + "; see " + log);
    }
    double cpu = ProcessCpu.now().childrenSeconds() - before.childrenSeconds();
    return new ProcessCost(CLIENT, 0, points, 0, seconds, cpu, -1, peakRss, Double.NaN);
  }
}
