package io.qharness.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.qharness.workload.files.VecsFile;
import io.qharness.workload.truth.GroundTruths;
import io.qharness.workload.vectors.VectorDistance;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetTest {
  @TempDir Path dir;

  @Test
  void syntheticDataIsReproducibleAndQueriesDifferFromBase() {
    try (Dataset a = Dataset.open("synthetic:clustered?dim=32&n=1000&seed=9&queries=50", 100, 0);
        Dataset b = Dataset.open("synthetic:clustered?dim=32&n=1000&seed=9&queries=50", 100, 0)) {
      assertThat(a.points()).isEqualTo(1000);
      assertThat(a.queries()).hasNumberOfRows(50);
      assertThat(a.base().get(777)).containsExactly(b.base().get(777));
      assertThat(a.queries()[3]).containsExactly(b.queries()[3]);
      assertThat(a.queries()[0]).isNotEqualTo(a.base().get(0));
      assertThat(a.identity()).isEqualTo(b.identity());
    }
    try (Dataset c = Dataset.open("synthetic:clustered?dim=32&n=1000&seed=10&queries=50", 100, 0)) {
      assertThat(c.base().get(777))
          .isNotEqualTo(
              Dataset.open("synthetic:clustered?dim=32&n=1000&seed=9", 1, 0).base().get(777));
    }
  }

  @Test
  void fvecsDataSetWithShippedGroundTruth() throws Exception {
    float[][] base = TestVectors.random(300, 8, 1);
    float[][] queries = TestVectors.random(5, 8, 2);
    VecsFile.writeFvecs(dir.resolve("base.fvecs"), base);
    VecsFile.writeFvecs(dir.resolve("query.fvecs"), queries);
    int[][] gt = new int[5][];
    for (int i = 0; i < 5; i++) {
      gt[i] =
          Arrays.stream(GroundTruthTest.naive(VectorDistance.EUCLID, queries[i], base, 20, null))
              .mapToInt(x -> (int) x)
              .toArray();
    }
    VecsFile.writeIvecs(dir.resolve("gt.ivecs"), gt);
    String spec =
        "fvecs:"
            + dir.resolve("base.fvecs")
            + "?queries="
            + dir.resolve("query.fvecs")
            + "&groundtruth="
            + dir.resolve("gt.ivecs")
            + "&distance=euclid";
    try (Dataset d = Dataset.open(spec, 100, 0)) {
      assertThat(d.points()).isEqualTo(300);
      GroundTruths.Truth t =
          GroundTruths.groundTruth(d, VectorDistance.EUCLID, 10, null, null, dir.resolve("cache"));
      assertThat(t.origin()).isEqualTo(GroundTruths.Origin.SHIPPED);
      assertThat(t.ids()[2]).hasSize(10);
      // using fewer points makes the shipped truth inexact: it is recomputed
      try (Dataset part = Dataset.open(spec + "&n=100", 100, 0)) {
        assertThat(part.shippedTruth()).isNull();
        GroundTruths.Truth p =
            GroundTruths.groundTruth(
                part, VectorDistance.EUCLID, 10, null, null, dir.resolve("cache"));
        assertThat(p.origin()).isEqualTo(GroundTruths.Origin.COMPUTED);
        assertThat(Arrays.stream(p.ids()[0]).allMatch(id -> id < 100)).isTrue();
      }
    }
  }

  @Test
  void hdf5DataSetUsesItsDistanceAndNeighbours() {
    float[][] train = TestVectors.random(500, 4, 3);
    float[][] test = TestVectors.random(3, 4, 4);
    int[][] nn = new int[3][];
    for (int i = 0; i < 3; i++) {
      nn[i] =
          Arrays.stream(GroundTruthTest.naive(VectorDistance.COSINE, test[i], train, 10, null))
              .mapToInt(x -> (int) x)
              .toArray();
    }
    Path p =
        Hdf5VectorsTest.annBenchmarksFile(
            dir.resolve("x-angular.hdf5"), train, test, nn, "angular");
    try (Dataset d = Dataset.open("hdf5:" + p, 100, 0)) {
      assertThat(d.distance()).isEqualTo(VectorDistance.COSINE);
      GroundTruths.Truth t =
          GroundTruths.groundTruth(d, VectorDistance.COSINE, 10, null, null, dir.resolve("cache"));
      assertThat(t.origin()).isEqualTo(GroundTruths.Origin.SHIPPED);
      // the same file searched with another distance: computed
      assertThat(
              GroundTruths.groundTruth(d, VectorDistance.DOT, 10, null, null, dir.resolve("cache"))
                  .origin())
          .isEqualTo(GroundTruths.Origin.COMPUTED);
    }
  }

  @Test
  void badSpecsNameTheProblem() {
    assertThatThrownBy(() -> Dataset.open("sift.fvecs", 10, 0))
        .hasMessageContaining("has no scheme");
    assertThatThrownBy(() -> Dataset.open("arrow:/x", 10, 0))
        .hasMessageContaining("unknown scheme 'arrow'")
        .hasMessageContaining("npy:")
        .hasMessageContaining("parquet:");
    assertThatThrownBy(() -> Dataset.open("npy:/nonexistent/base.npy?queries=/x", 10, 0))
        .hasMessageContaining("does not exist");
    assertThatThrownBy(() -> Dataset.open("synthetic:zipf", 10, 0))
        .hasMessageContaining("uniform, gaussian, clustered");
    assertThatThrownBy(() -> Dataset.open("synthetic:uniform?dim=abc", 10, 0))
        .hasMessageContaining("dim=abc");
    assertThatThrownBy(() -> Dataset.open("synthetic:uniform?colour=red", 10, 0))
        .hasMessageContaining("unknown parameter 'colour'");
    assertThatThrownBy(
            () -> Dataset.open("fvecs:" + dir.resolve("missing.fvecs") + "?queries=/q", 10, 0))
        .hasMessageContaining("does not exist");
    assertThatThrownBy(() -> Dataset.open("hdf5:" + dir.resolve("missing.hdf5"), 10, 0))
        .hasMessageContaining("does not exist");
  }
}
