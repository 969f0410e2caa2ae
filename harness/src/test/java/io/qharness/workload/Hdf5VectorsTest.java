package io.qharness.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.qharness.workload.files.Hdf5Vectors;
import io.qharness.workload.vectors.VectorDistance;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Hdf5VectorsTest {
  @TempDir Path dir;

  /** An ann-benchmarks style file, as their scripts write it. */
  static Path annBenchmarksFile(
      Path path, float[][] train, float[][] test, int[][] neighbors, String distance) {
    try (WritableHdfFile f = HdfFile.write(path)) {
      f.putDataset("train", train);
      f.putDataset("test", test);
      if (neighbors != null) {
        f.putDataset("neighbors", neighbors);
      }
      f.putAttribute("distance", distance);
    }
    return path;
  }

  @Test
  void readsTrainTestNeighborsAndDistanceBeyondOneBlock() {
    float[][] train = TestVectors.random(2500, 6, 1);
    float[][] test = TestVectors.random(7, 6, 2);
    int[][] nn = {{1, 2, 3}, {4, 5, 6}, {7, 8, 9}, {0, 1, 2}, {3, 4, 5}, {6, 7, 8}, {9, 0, 1}};
    Path p = annBenchmarksFile(dir.resolve("glove.hdf5"), train, test, nn, "angular");
    try (Hdf5Vectors h = Hdf5Vectors.open(p)) {
      assertThat(h.size()).isEqualTo(2500);
      assertThat(h.dimension()).isEqualTo(6);
      assertThat(h.get(2499)).containsExactly(train[2499]);
      assertThat(h.get(1030)).containsExactly(train[1030]);
      assertThat(h.get(3)).containsExactly(train[3]);
      assertThat(h.queries(5)).hasDimensions(5, 6);
      assertThat(h.queries(100)[6]).containsExactly(test[6]);
      assertThat(h.neighbors(2)[1]).containsExactly(4, 5, 6);
      assertThat(h.distance()).isEqualTo(VectorDistance.COSINE);
    }
  }

  @Test
  void missingDatasetsAndNonHdf5FilesGiveClearErrors() throws Exception {
    Path noTest = dir.resolve("no-test.hdf5");
    try (WritableHdfFile f = HdfFile.write(noTest)) {
      f.putDataset("train", TestVectors.random(3, 2, 1));
    }
    assertThatThrownBy(() -> Hdf5Vectors.open(noTest))
        .hasMessageContaining(noTest.toString())
        .hasMessageContaining("no 'test' dataset")
        .hasMessageContaining("ann-benchmarks HDF5");
    Path text = dir.resolve("text.hdf5");
    Files.writeString(text, "this is not HDF5");
    assertThatThrownBy(() -> Hdf5Vectors.open(text))
        .hasMessageContaining("is not a readable HDF5 file");
    assertThatThrownBy(() -> Hdf5Vectors.open(dir.resolve("missing.hdf5")))
        .hasMessageContaining("does not exist");
  }
}
