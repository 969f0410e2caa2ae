package io.qharness.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.qharness.workload.files.ParquetFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Parquet files in VectorDBBench's layout, written here by DuckDB, read back as a data set. */
class ParquetFileTest {
  @TempDir Path dir;

  private void sql(String statement) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
        Statement s = c.createStatement()) {
      s.execute(statement);
    }
  }

  /** id i, emb [i, i / 2 (a float division), -i] as float. */
  private Path vectors(String name, int rows) throws Exception {
    Path p = dir.resolve(name);
    sql(
        "COPY (SELECT i AS id, [CAST(i AS FLOAT), CAST(i / 2 AS FLOAT), CAST(-i AS FLOAT)] AS emb"
            + " FROM range("
            + rows
            + ") t(i)) TO '"
            + p
            + "' (FORMAT parquet)");
    return p;
  }

  @Test
  void trainTestAndNeighborsAreReadThroughACachedNpy() throws Exception {
    Path train = vectors("train.parquet", 100);
    Path test = vectors("test.parquet", 4);
    Path gt = dir.resolve("neighbors.parquet");
    sql(
        "COPY (SELECT i AS id, [i, i + 1, i + 2] AS neighbors_id FROM range(4) t(i)) TO '"
            + gt
            + "' (FORMAT parquet)");
    String spec = "parquet:" + train + "?queries=" + test + "&groundtruth=" + gt;
    Path cache = dir.resolve("cache");
    try (Dataset d = Dataset.open(spec, 10, 0, cache)) {
      assertThat(d.points()).isEqualTo(100);
      assertThat(d.dimension()).isEqualTo(3);
      assertThat(d.base().get(42)).containsExactly(42f, 21f, -42f);
      assertThat(d.queries()).hasNumberOfRows(4);
      assertThat(d.shippedTruth()[3]).containsExactly(3, 4, 5);
    }
    try (var files = Files.list(cache.resolve("datasets"))) {
      assertThat(files.filter(f -> f.toString().endsWith(".npy")).count()).isEqualTo(3);
    }
    // a second open uses the cached conversion
    try (Dataset d = Dataset.open(spec, 10, 0, cache)) {
      assertThat(d.base().get(99)).containsExactly(99f, 49.5f, -99f);
    }
  }

  @Test
  void wrongColumnsRaggedRowsAndNonRowIdsAreRefused() throws Exception {
    Path train = vectors("t.parquet", 10);
    assertThatThrownBy(
            () -> Dataset.open("parquet:" + train + "?queries=" + train + "&column=vec", 5, 0, dir))
        .hasMessageContaining("has no column 'vec'")
        .hasMessageContaining("id, emb");
    Path ragged = dir.resolve("ragged.parquet");
    sql(
        "COPY (SELECT i AS id, CASE WHEN i = 3 THEN [1.0::FLOAT] ELSE [1.0::FLOAT, 2.0::FLOAT] END"
            + " AS emb FROM range(5) t(i)) TO '"
            + ragged
            + "' (FORMAT parquet)");
    assertThatThrownBy(() -> ParquetFile.vectors(ragged, "emb", dir.resolve("c1")))
        .hasMessageContaining("row 3 has 1 values");
    Path sparseIds = dir.resolve("ids.parquet");
    sql(
        "COPY (SELECT i * 2 AS id, [1.0::FLOAT] AS emb FROM range(3) t(i)) TO '"
            + sparseIds
            + "' (FORMAT parquet)");
    assertThatThrownBy(() -> ParquetFile.vectors(sparseIds, "emb", dir.resolve("c2")))
        .hasMessageContaining("ids must run 0, 1, 2");
    Path notParquet = dir.resolve("x.parquet");
    Files.writeString(notParquet, "hello");
    assertThatThrownBy(() -> ParquetFile.vectors(notParquet, "emb", dir.resolve("c3")))
        .hasMessageContaining("cannot be read as Parquet");
  }
}
