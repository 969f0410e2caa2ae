package io.qharness.simulations;

import static org.assertj.core.api.Assertions.assertThat;

import io.qharness.metrics.OperationSummary;
import io.qharness.results.RunRecord;
import io.qharness.testsupport.LocalQdrantCluster;
import io.qharness.testsupport.RequiresQdrant;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A data set in the layout of Qdrant's filtered benchmarks, packed as a .tgz the way they ship
 * (vectors.npy, payloads.jsonl, tests.jsonl with conditions and exact filtered neighbours): the
 * default workload loads it with its payloads, creates the payload indexes its conditions need and
 * measures filtered recall against the shipped neighbours, on the test double and on real Qdrant.
 */
class FilteredArchiveIT {
  private static final int N = 2000;
  private static final int DIM = 8;
  private static final int Q = 20;
  private static final String[] COLORS = {"red", "green", "blue"};

  @TempDir Path dir;

  private static void entry(OutputStream out, String name, byte[] content) throws IOException {
    byte[] h = new byte[512];
    byte[] n = name.getBytes(StandardCharsets.UTF_8);
    System.arraycopy(n, 0, h, 0, n.length);
    byte[] size = String.format("%011o", content.length).getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(size, 0, h, 124, size.length);
    h[156] = '0';
    System.arraycopy("ustar".getBytes(StandardCharsets.US_ASCII), 0, h, 257, 5);
    out.write(h);
    out.write(content);
    out.write(new byte[(512 - content.length % 512) % 512]);
  }

  private Path archive() throws IOException {
    SplittableRandom r = new SplittableRandom(5);
    float[][] v = new float[N][DIM];
    String[] color = new String[N];
    double[] price = new double[N];
    StringBuilder payloads = new StringBuilder();
    for (int i = 0; i < N; i++) {
      for (int d = 0; d < DIM; d++) {
        v[i][d] = (float) r.nextGaussian();
      }
      color[i] = COLORS[r.nextInt(3)];
      price[i] = Math.floor(r.nextDouble() * 1000) / 10;
      payloads.append(
          String.format(Locale.ROOT, "{\"color\": \"%s\", \"price\": %.1f}%n", color[i], price[i]));
    }
    StringBuilder tests = new StringBuilder();
    for (int q = 0; q < Q; q++) {
      float[] query = new float[DIM];
      for (int d = 0; d < DIM; d++) {
        query[d] = (float) r.nextGaussian();
      }
      String c = COLORS[q % 3];
      double from = q * 3.0;
      List<Integer> admitted = new ArrayList<>();
      for (int i = 0; i < N; i++) {
        if (color[i].equals(c) && price[i] >= from && price[i] < from + 40) {
          admitted.add(i);
        }
      }
      admitted.sort((a, b) -> Double.compare(distance(query, v[a]), distance(query, v[b])));
      List<Integer> top = admitted.subList(0, Math.min(10, admitted.size()));
      tests
          .append("{\"query\": ")
          .append(Arrays.toString(query))
          .append(", \"conditions\": {\"and\": [{\"color\": {\"match\": {\"value\": \"")
          .append(c)
          .append("\"}}}, {\"price\": {\"range\": {\"gte\": ")
          .append(from)
          .append(", \"lt\": ")
          .append(from + 40)
          .append("}}}]}, \"closest_ids\": ")
          .append(top)
          .append(", \"closest_scores\": []}\n");
    }
    String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + N + ", " + DIM + "), }";
    int pad = (64 - (10 + dict.length() + 1) % 64) % 64;
    String header = dict + " ".repeat(pad) + "\n";
    ByteBuffer npy =
        ByteBuffer.allocate(10 + header.length() + N * DIM * 4).order(ByteOrder.LITTLE_ENDIAN);
    npy.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
    npy.putShort((short) header.length()).put(header.getBytes(StandardCharsets.ISO_8859_1));
    for (float[] x : v) {
      for (float f : x) {
        npy.putFloat(f);
      }
    }
    Path archive = dir.resolve("small-filtered.tgz");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(archive))) {
      entry(out, "small-filtered/vectors.npy", npy.array());
      entry(
          out,
          "small-filtered/payloads.jsonl",
          payloads.toString().getBytes(StandardCharsets.UTF_8));
      entry(out, "small-filtered/tests.jsonl", tests.toString().getBytes(StandardCharsets.UTF_8));
      out.write(new byte[1024]);
    }
    return archive;
  }

  private static double distance(float[] a, float[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += (a[i] - b[i]) * (a[i] - b[i]);
    }
    return s;
  }

  private void run(String hosts) throws IOException {
    List<String> args =
        new ArrayList<>(
            List.of(
                "run",
                "--dataset",
                "filtered:" + archive() + "?distance=euclid",
                "--search-rate",
                "0",
                "--upsert-rate",
                "0",
                "--filtered-search-rate",
                "40",
                "--duration",
                "3s",
                "--warmup",
                "1s",
                "--no-report",
                "--progress",
                "false",
                "--p99-ms",
                "100000",
                "--results-dir",
                dir.resolve("results").toString(),
                "--run-id",
                "filtered"));
    if (hosts != null) {
      args.addAll(List.of("--hosts", hosts));
    }
    QharnessCli r = QharnessCli.run(args.toArray(new String[0]));
    assertThat(r.code()).as(r.toString()).isZero();
    RunRecord.Loaded rec = RunRecord.load(dir.resolve("results").resolve("filtered"));
    OperationSummary filtered = rec.summary().operation("filtered search");
    assertThat(filtered.errors()).isZero();
    assertThat(filtered.recallMean()).isEqualTo(1.0);
    assertThat(rec.summary().operation("payload index color")).isNotNull();
    assertThat(rec.summary().operation("payload index price")).isNotNull();
    assertThat(rec.json().path("data").path("filteredGroundTruth").asText()).contains("shipped");
    assertThat(rec.json().path("audit").path("distinctIds").asLong()).isEqualTo(N);
  }

  @Test
  void aFilteredBenchmarkArchiveRunsOnTheTestDouble() throws IOException {
    run(null);
  }

  @Test
  @RequiresQdrant
  void aFilteredBenchmarkArchiveRunsOnRealQdrant() throws IOException {
    try (LocalQdrantCluster cluster =
        LocalQdrantCluster.builder().name("filtered-archive").nodes(3).start()) {
      run(cluster.hosts());
    }
  }
}
