package io.qharness.workload.files;

import io.jhdf.HdfFile;
import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Node;
import io.jhdf.exceptions.HdfException;
import io.qharness.workload.vectors.VectorDistance;
import io.qharness.workload.vectors.VectorSet;
import java.lang.reflect.Array;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An ann-benchmarks HDF5 file: datasets {@code train} (base vectors), {@code test} (queries),
 * {@code neighbors} (exact nearest ids of each query) and {@code distances}, with a root attribute
 * {@code distance} (angular, euclidean, dot). {@code train} is read in row blocks through a small
 * cache, so files larger than the heap work; queries and neighbours are small and read whole.
 */
public final class Hdf5Vectors implements VectorSet {
  private static final int BLOCK = 1024;
  private static final int CACHED_BLOCKS = 8;

  private final Path path;
  private final HdfFile file;
  private final Dataset train;
  private final int dim;
  private final long count;
  private final Map<Long, float[][]> cache =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, float[][]> e) {
          return size() > CACHED_BLOCKS;
        }
      };

  private Hdf5Vectors(Path path, HdfFile file, Dataset train) {
    this.path = path;
    this.file = file;
    this.train = train;
    long[] dims = train.getDimensionsAsLong();
    this.count = dims[0];
    this.dim = (int) dims[1];
  }

  private static final String LAYOUT =
      "an ann-benchmarks HDF5 file (datasets train and test as float32 [n][dim], neighbors as int32"
          + " [queries][k])";

  public static Hdf5Vectors open(Path path) {
    if (!Files.exists(path)) {
      throw new IllegalArgumentException(path + " does not exist (expected " + LAYOUT + ")");
    }
    HdfFile f;
    try {
      f = new HdfFile(path);
    } catch (HdfException | IllegalArgumentException e) {
      throw new IllegalArgumentException(
          path + " is not a readable HDF5 file (" + e.getMessage() + "); expected " + LAYOUT);
    }
    try {
      Dataset train = matrix(f, path, "train");
      matrix(f, path, "test");
      return new Hdf5Vectors(path, f, train);
    } catch (RuntimeException e) {
      f.close();
      throw e;
    }
  }

  private static Dataset matrix(HdfFile f, Path path, String name) {
    Node n;
    try {
      n = f.getByPath(name);
    } catch (HdfException e) {
      n = null;
    }
    if (!(n instanceof Dataset d)) {
      throw new IllegalArgumentException(
          path + " has no '" + name + "' dataset; expected " + LAYOUT);
    }
    int[] dims = d.getDimensions();
    if (dims.length != 2 || dims[0] < 1 || dims[1] < 1) {
      throw new IllegalArgumentException(
          path
              + ": dataset '"
              + name
              + "' has shape "
              + Arrays.toString(dims)
              + "; expected [n][dim]");
    }
    Class<?> t = d.getJavaType();
    if (name.equals("neighbors")
        ? !(t == int.class || t == long.class)
        : !(t == float.class || t == double.class)) {
      throw new IllegalArgumentException(
          path + ": dataset '" + name + "' holds " + t.getSimpleName() + "; expected " + LAYOUT);
    }
    return d;
  }

  /** The file's distance attribute as Qdrant's distance, or null when absent. */
  public VectorDistance distance() {
    Attribute a = file.getAttribute("distance");
    if (a == null) {
      return null;
    }
    String v = String.valueOf(a.getData()).trim();
    try {
      return VectorDistance.parse(v);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          path
              + ": distance attribute '"
              + v
              + "' has no Qdrant equivalent; supported: angular, euclidean, dot");
    }
  }

  /** The first {@code limit} test vectors. */
  public float[][] queries(int limit) {
    Dataset test = matrix(file, path, "test");
    int n = Math.min(limit, test.getDimensions()[0]);
    return toFloats(test.getData(new long[] {0, 0}, new int[] {n, test.getDimensions()[1]}), n);
  }

  /**
   * The shipped exact neighbours of the first {@code limit} queries, or null when the file has
   * none.
   */
  public long[][] neighbors(int limit) {
    Node n;
    try {
      n = file.getByPath("neighbors");
    } catch (HdfException e) {
      return null;
    }
    if (!(n instanceof Dataset)) {
      return null;
    }
    Dataset d = matrix(file, path, "neighbors");
    int rows = Math.min(limit, d.getDimensions()[0]);
    Object data = d.getData(new long[] {0, 0}, new int[] {rows, d.getDimensions()[1]});
    long[][] out = new long[rows][];
    for (int i = 0; i < rows; i++) {
      Object row = Array.get(data, i);
      if (row instanceof int[] ints) {
        out[i] = Arrays.stream(ints).asLongStream().toArray();
      } else {
        out[i] = ((long[]) row).clone();
      }
    }
    return out;
  }

  private static float[][] toFloats(Object data, int rows) {
    if (data instanceof float[][] f) {
      return f;
    }
    double[][] d = (double[][]) data;
    float[][] out = new float[rows][];
    for (int i = 0; i < rows; i++) {
      out[i] = new float[d[i].length];
      for (int j = 0; j < d[i].length; j++) {
        out[i][j] = (float) d[i][j];
      }
    }
    return out;
  }

  @Override
  public int dimension() {
    return dim;
  }

  @Override
  public long size() {
    return count;
  }

  @Override
  public void read(long index, float[] out) {
    if (index < 0 || index >= count) {
      throw new IndexOutOfBoundsException(
          path + ": train row " + index + " outside 0.." + (count - 1));
    }
    long block = index / BLOCK;
    float[][] rows;
    synchronized (cache) {
      rows = cache.get(block);
      if (rows == null) {
        long start = block * BLOCK;
        int n = (int) Math.min(BLOCK, count - start);
        rows = toFloats(train.getData(new long[] {start, 0}, new int[] {n, dim}), n);
        cache.put(block, rows);
      }
    }
    System.arraycopy(rows[(int) (index - block * BLOCK)], 0, out, 0, dim);
  }

  @Override
  public String description() {
    return "hdf5:" + path + " dim=" + dim + " n=" + count;
  }

  @Override
  public void close() {
    file.close();
  }
}
