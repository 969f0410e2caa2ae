package io.qharness.simulations;

import static org.assertj.core.api.Assertions.assertThat;

import io.qharness.metrics.OperationSummary;
import io.qharness.results.RunRecord;
import io.qharness.testsupport.LocalQdrantCluster;
import io.qharness.testsupport.RequiresQdrant;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Data sets from .npy and big-ann .fbin files, with the neighbours they ship, loaded and searched
 * end to end: on the embedded test double (exact search: recall 1) and on a real Qdrant 1.19
 * cluster (its small segments are scanned: recall 1 too).
 */
class DataFilesIT {
  private static final int N = 3000;
  private static final int DIM = 16;
  private static final int Q = 20;
  private static final int K = 10;

  @TempDir Path dir;

  private float[][] base;
  private float[][] queries;

  private void makeData() {
    SplittableRandom r = new SplittableRandom(11);
    base = new float[N][DIM];
    queries = new float[Q][DIM];
    for (float[] v : base) {
      for (int i = 0; i < DIM; i++) {
        v[i] = (float) r.nextGaussian();
      }
    }
    for (float[] v : queries) {
      for (int i = 0; i < DIM; i++) {
        v[i] = (float) r.nextGaussian();
      }
    }
  }

  /** Exact Euclidean top-k, as the files ship it. */
  private long[][] neighbours() {
    long[][] out = new long[Q][K];
    for (int q = 0; q < Q; q++) {
      double[] d = new double[N];
      Integer[] order = new Integer[N];
      for (int i = 0; i < N; i++) {
        double s = 0;
        for (int j = 0; j < DIM; j++) {
          double x = queries[q][j] - base[i][j];
          s += x * x;
        }
        d[i] = s;
        order[i] = i;
      }
      java.util.Arrays.sort(order, (a, b) -> Double.compare(d[a], d[b]));
      for (int k = 0; k < K; k++) {
        out[q][k] = order[k];
      }
    }
    return out;
  }

  private static ByteBuffer floats(float[][] m) {
    ByteBuffer b = ByteBuffer.allocate(m.length * DIM * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (float[] v : m) {
      for (float x : v) {
        b.putFloat(x);
      }
    }
    return b.flip();
  }

  private static void npy(Path p, String descr, int rows, int cols, ByteBuffer data)
      throws IOException {
    String dict =
        "{'descr': '"
            + descr
            + "', 'fortran_order': False, 'shape': ("
            + rows
            + ", "
            + cols
            + "), }";
    int pad = (64 - (10 + dict.length() + 1) % 64) % 64;
    String header = dict + " ".repeat(pad) + "\n";
    ByteBuffer b =
        ByteBuffer.allocate(10 + header.length() + data.remaining()).order(ByteOrder.LITTLE_ENDIAN);
    b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
    b.putShort((short) header.length()).put(header.getBytes(StandardCharsets.ISO_8859_1));
    Files.write(p, b.put(data).array());
  }

  private static void bin(Path p, int rows, int cols, ByteBuffer data) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(8 + data.remaining()).order(ByteOrder.LITTLE_ENDIAN);
    Files.write(p, b.putInt(rows).putInt(cols).put(data).array());
  }

  /**
   * VectorDBBench's Parquet layout (id, list column), written by DuckDB from JSON lines, as a user
   * would with pandas or pyarrow.
   */
  private void parquet(Path p, float[][] rows, String column, boolean ints) throws IOException {
    Path json = dir.resolve(p.getFileName() + ".jsonl");
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < rows.length; i++) {
      b.append("{\"id\": ").append(i).append(", \"").append(column).append("\": [");
      for (int j = 0; j < rows[i].length; j++) {
        b.append(j == 0 ? "" : ", ").append(ints ? Long.toString((long) rows[i][j]) : rows[i][j]);
      }
      b.append("]}\n");
    }
    Files.writeString(json, b);
    try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:duckdb:");
        java.sql.Statement s = c.createStatement()) {
      s.execute(
          "COPY (SELECT id, CAST("
              + column
              + " AS "
              + (ints ? "BIGINT[]" : "FLOAT[]")
              + ") AS "
              + column
              + " FROM read_json_auto('"
              + json
              + "') ORDER BY id) TO '"
              + p
              + "' (FORMAT parquet)");
    } catch (java.sql.SQLException e) {
      throw new IOException(e);
    }
  }

  /** The specs: Parquet, npy with int64 neighbours, big-ann fbin with an .ibin ground truth. */
  private List<String> specs() throws IOException {
    makeData();
    long[][] truth = neighbours();
    npy(dir.resolve("base.npy"), "<f4", N, DIM, floats(base));
    npy(dir.resolve("q.npy"), "<f4", Q, DIM, floats(queries));
    ByteBuffer ids64 = ByteBuffer.allocate(Q * K * 8).order(ByteOrder.LITTLE_ENDIAN);
    ByteBuffer ids32 = ByteBuffer.allocate(Q * K * 8).order(ByteOrder.LITTLE_ENDIAN);
    for (long[] row : truth) {
      for (long id : row) {
        ids64.putLong(id);
        ids32.putInt((int) id);
      }
    }
    for (int i = 0; i < Q * K; i++) {
      ids32.putFloat(i); // big-ann appends distances after the ids
    }
    npy(dir.resolve("gt.npy"), "<i8", Q, K, ids64.flip());
    bin(dir.resolve("base.fbin"), N, DIM, floats(base));
    bin(dir.resolve("q.fbin"), Q, DIM, floats(queries));
    bin(dir.resolve("gt.ibin"), Q, K, ids32.flip());
    parquet(dir.resolve("train.parquet"), base, "emb", false);
    parquet(dir.resolve("test.parquet"), queries, "emb", false);
    float[][] ids = new float[Q][K];
    for (int q = 0; q < Q; q++) {
      for (int k = 0; k < K; k++) {
        ids[q][k] = truth[q][k];
      }
    }
    parquet(dir.resolve("neighbors.parquet"), ids, "neighbors_id", true);
    return List.of(
        "parquet:"
            + dir.resolve("train.parquet")
            + "?queries="
            + dir.resolve("test.parquet")
            + "&groundtruth="
            + dir.resolve("neighbors.parquet")
            + "&distance=euclid",
        "npy:"
            + dir.resolve("base.npy")
            + "?queries="
            + dir.resolve("q.npy")
            + "&groundtruth="
            + dir.resolve("gt.npy")
            + "&distance=euclid",
        "bin:"
            + dir.resolve("base.fbin")
            + "?queries="
            + dir.resolve("q.fbin")
            + "&groundtruth="
            + dir.resolve("gt.ibin")
            + "&distance=euclid");
  }

  private void runEach(String hosts, String... more) throws IOException {
    int i = 0;
    List<String> specs = specs();
    // another storage type is checked on one file format: the formats are checked without it
    for (String spec : more.length == 0 ? specs : specs.subList(0, 1)) {
      String id = "files-" + i++ + (more.length == 0 ? "" : "-" + more[more.length - 1]);
      OperationSummary search = runOne(hosts, spec, id, more).summary().operation("search");
      if (more.length == 0) {
        assertThat(search.recallMean()).as(spec).isEqualTo(1.0);
      } else {
        // float16 storage rounds the vectors: near ties may swap
        assertThat(search.recallMean()).as(spec + " " + List.of(more)).isGreaterThan(0.97);
        System.out.printf(
            "real Qdrant, %s stored as %s: recall %.4f%n", spec, more[1], search.recallMean());
      }
    }
  }

  /** One run of {@code spec} that must pass, load every point and use the shipped neighbours. */
  private RunRecord.Loaded runOne(String hosts, String spec, String id, String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "run",
                "--dataset",
                spec,
                "--search-rate",
                "40",
                "--filtered-search-rate",
                "0",
                "--upsert-rate",
                "0",
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
                id));
    if (hosts != null) {
      args.addAll(List.of("--hosts", hosts));
    }
    args.addAll(List.of(more));
    QharnessCli r = QharnessCli.run(args.toArray(new String[0]));
    assertThat(r.code()).as(r.toString()).isZero();
    RunRecord.Loaded rec = RunRecord.load(dir.resolve("results").resolve(id));
    assertThat(rec.summary().operation("search").errors()).isZero();
    assertThat(rec.json().path("data").path("groundTruth").asText()).contains("shipped");
    assertThat(rec.json().path("audit").path("distinctIds").asLong()).isEqualTo(N);
    return rec;
  }

  /** A big-ann .u8bin data set: whole numbers 0..255, what a uint8 collection stores. */
  private String u8binSpec() throws IOException {
    SplittableRandom r = new SplittableRandom(5);
    base = new float[N][DIM];
    queries = new float[Q][DIM];
    ByteBuffer b = ByteBuffer.allocate(N * DIM);
    ByteBuffer q = ByteBuffer.allocate(Q * DIM);
    for (float[] v : base) {
      for (int i = 0; i < DIM; i++) {
        v[i] = r.nextInt(256);
        b.put((byte) v[i]);
      }
    }
    for (float[] v : queries) {
      for (int i = 0; i < DIM; i++) {
        v[i] = r.nextInt(256);
        q.put((byte) v[i]);
      }
    }
    ByteBuffer ids = ByteBuffer.allocate(Q * K * 8).order(ByteOrder.LITTLE_ENDIAN);
    for (long[] row : neighbours()) {
      for (long id : row) {
        ids.putInt((int) id);
      }
    }
    for (int i = 0; i < Q * K; i++) {
      ids.putFloat(i);
    }
    bin(dir.resolve("base.u8bin"), N, DIM, b.flip());
    bin(dir.resolve("q.u8bin"), Q, DIM, q.flip());
    bin(dir.resolve("gt8.ibin"), Q, K, ids.flip());
    return "bin:"
        + dir.resolve("base.u8bin")
        + "?queries="
        + dir.resolve("q.u8bin")
        + "&groundtruth="
        + dir.resolve("gt8.ibin")
        + "&distance=euclid";
  }

  @Test
  void npyAndBigAnnDataSetsRunOnTheTestDouble() throws IOException {
    runEach(null);
    // the double stores float32 only, and says so rather than measuring something else
    QharnessCli r =
        QharnessCli.run(
            "run",
            "--dataset",
            u8binSpec(),
            "--datatype",
            "uint8",
            "--duration",
            "2s",
            "--warmup",
            "0s",
            "--results-dir",
            dir.resolve("results").toString(),
            "--run-id",
            "uint8-double");
    assertThat(r.code()).as(r.toString()).isEqualTo(2);
    assertThat(r.out() + r.err()).contains("float32 single vectors only").contains("--hosts");
    // data a uint8 collection would silently cast is refused before anything is sent
    QharnessCli cast =
        QharnessCli.run(
            "run",
            "--datatype",
            "uint8",
            "--points",
            "500",
            "--results-dir",
            dir.resolve("results").toString(),
            "--run-id",
            "uint8-floats");
    assertThat(cast.code()).as(cast.toString()).isEqualTo(2);
    assertThat(cast.out() + cast.err())
        .contains("datatype=uint8 stores whole numbers 0..255")
        .contains("base vector 0 has")
        .contains("use datatype=float32 or float16");
  }

  @Test
  @RequiresQdrant
  void npyAndBigAnnDataSetsRunOnRealQdrant() throws IOException {
    try (LocalQdrantCluster cluster = LocalQdrantCluster.builder().name("files").nodes(3).start()) {
      runEach(cluster.hosts());
      // the same data stored as float16: the exact float32 neighbours still come back
      runEach(cluster.hosts(), "--datatype", "float16");
      // whole numbers 0..255 stored as uint8: exact distances, so the shipped neighbours (ties
      // at the k-th distance aside)
      OperationSummary bytes =
          runOne(cluster.hosts(), u8binSpec(), "files-uint8", "--datatype", "uint8")
              .summary()
              .operation("search");
      System.out.printf("real Qdrant, .u8bin stored as uint8: recall %.4f%n", bytes.recallMean());
      assertThat(bytes.recallMean()).isGreaterThan(0.97);
    }
  }
}
