package io.qharness.workload;

import io.qdrant.client.grpc.Common.Filter;
import io.qdrant.client.grpc.JsonWithInt.Value;
import io.qdrant.client.grpc.Points.FieldType;
import io.qharness.workload.files.BigAnnFile;
import io.qharness.workload.files.Hdf5Vectors;
import io.qharness.workload.files.MatrixFile;
import io.qharness.workload.files.NpyFile;
import io.qharness.workload.files.ParquetFile;
import io.qharness.workload.files.VecsFile;
import io.qharness.workload.filtered.FilteredDataset;
import io.qharness.workload.filtered.JsonPayloads;
import io.qharness.workload.vectors.SyntheticVectors;
import io.qharness.workload.vectors.VectorDistance;
import io.qharness.workload.vectors.VectorSet;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.LongFunction;

/**
 * A benchmark data set: base vectors (point id i is vector i), query vectors, the exact neighbours
 * when the data set ships them, and the distance it was built for. Named by a URI-like spec:
 *
 * <ul>
 *   <li>{@code synthetic:clustered?dim=128&n=100000&seed=7&queries=500&clusters=64&spread=0.15}
 *       (uniform, gaussian, clustered);
 *   <li>{@code fvecs:/data/sift/sift_base.fvecs?queries=/data/sift/sift_query.fvecs
 *       &groundtruth=/data/sift/sift_groundtruth.ivecs&distance=euclid} (one line) ({@code bvecs:}
 *       likewise);
 *   <li>{@code hdf5:/data/glove-100-angular.hdf5} (ann-benchmarks layout);
 *   <li>{@code npy:/data/base.npy?queries=/data/q.npy&groundtruth=/data/gt.npy} (float32, float16,
 *       uint8 or int8 NumPy matrices);
 *   <li>{@code bin:/data/base.u8bin?queries=/data/q.u8bin&groundtruth=/data/gt.ibin}
 *       (big-ann-benchmarks .fbin, .u8bin, .i8bin; ground truth .ibin);
 *   <li>{@code filtered:/data/arxiv.tgz} (Qdrant's filtered-search benchmark archive: vectors,
 *       payloads, filtered queries with their exact neighbours);
 *   <li>{@code
 *       parquet:/data/train.parquet?queries=/data/test.parquet&groundtruth=/data/neighbors.parquet}
 *       (VectorDBBench's layout).
 * </ul>
 *
 * Sparse, hybrid and multivector data sets are built by their workloads ({@code workload.sparse},
 * {@code .hybrid}, {@code .multi}).
 *
 * <p>{@code n} (all schemes) uses only the first n base vectors; a shipped ground truth is then no
 * longer exact and is recomputed.
 */
public final class Dataset implements AutoCloseable {
  private final String spec;
  private final VectorSet base;
  private final long points;
  private final float[][] queries;
  private final long[][] shippedTruth;
  private final VectorDistance distance;
  private final String identity;
  private Filtered filtered;

  /**
   * What a filtered data set adds: per query its filter and exact filtered neighbours, every
   * point's payload, and the payload indexes its conditions need.
   */
  public record Filtered(
      Filter[] filters,
      long[][] neighbours,
      LongFunction<Map<String, Value>> payloads,
      Map<String, FieldType> indexes) {}

  private Dataset(
      String spec,
      VectorSet base,
      long points,
      float[][] queries,
      long[][] shippedTruth,
      VectorDistance distance,
      String identity) {
    this.spec = spec;
    this.base = base;
    this.points = points;
    this.queries = queries;
    this.shippedTruth = shippedTruth;
    this.distance = distance;
    this.identity = identity;
  }

  private static final String FORMS =
      "synthetic:<uniform|gaussian|clustered>?dim=..&n=..&seed=..,"
          + " fvecs:<path>?queries=<path>[&groundtruth=<path>], bvecs:<path>?queries=<path>,"
          + " hdf5:<path>, npy:<path>?queries=<path>[&groundtruth=<path>],"
          + " bin:<path.fbin|.u8bin|.i8bin>?queries=<path>[&groundtruth=<path.ibin>],"
          + " filtered:<directory or .tgz with vectors.npy, payloads.jsonl, tests.jsonl>,"
          + " parquet:<train.parquet>?queries=<test.parquet>[&groundtruth=<neighbors.parquet>]";

  /**
   * Opens a data set. {@code maxQueries} caps the queries used; {@code maxPoints} (0 = all) caps
   * the base vectors unless the spec's own {@code n} says otherwise.
   */
  public static Dataset open(String spec, int maxQueries, long maxPoints) {
    return open(
        spec,
        maxQueries,
        maxPoints,
        Path.of(System.getProperty("java.io.tmpdir"), "qharness-cache"));
  }

  /** As above; an archive named by the spec is extracted under {@code cacheDir}. */
  public static Dataset open(String spec, int maxQueries, long maxPoints, Path cacheDir) {
    int colon = spec.indexOf(':');
    if (colon <= 0) {
      throw new IllegalArgumentException(
          "data set '" + spec + "' has no scheme; expected one of " + FORMS);
    }
    String scheme = spec.substring(0, colon).toLowerCase(Locale.ROOT);
    String rest = spec.substring(colon + 1);
    int question = rest.indexOf('?');
    String target = question < 0 ? rest : rest.substring(0, question);
    Map<String, String> params = params(spec, question < 0 ? "" : rest.substring(question + 1));
    switch (scheme) {
      case "synthetic":
        return synthetic(spec, target, params, maxQueries, maxPoints);
      case "fvecs":
      case "bvecs":
        return vecs(spec, scheme, target, params, maxQueries, maxPoints);
      case "hdf5":
        return hdf5(spec, target, params, maxQueries, maxPoints);
      case "npy":
      case "bin":
        return matrix(spec, scheme, target, params, maxQueries, maxPoints);
      case "filtered":
        return filtered(spec, target, params, maxQueries, maxPoints, cacheDir);
      case "parquet":
        return parquet(spec, target, params, maxQueries, maxPoints, cacheDir);
      default:
        throw new IllegalArgumentException(
            "data set '" + spec + "': unknown scheme '" + scheme + "'; expected one of " + FORMS);
    }
  }

  private static Map<String, String> params(String spec, String query) {
    Map<String, String> out = new LinkedHashMap<>();
    if (query.isEmpty()) {
      return out;
    }
    for (String pair : query.split("&")) {
      int eq = pair.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException(
            "data set '" + spec + "': parameter '" + pair + "' is not key=value");
      }
      out.put(
          pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return out;
  }

  private static void allow(String spec, Map<String, String> params, Set<String> allowed) {
    for (String k : params.keySet()) {
      if (!allowed.contains(k)) {
        throw new IllegalArgumentException(
            "data set '" + spec + "': unknown parameter '" + k + "'; allowed: " + allowed);
      }
    }
  }

  private static long longParam(
      String spec, Map<String, String> p, String key, long def, long min, long max) {
    String v = p.get(key);
    if (v == null) {
      return def;
    }
    try {
      long x = Long.parseLong(v.replace("_", ""));
      if (x < min || x > max) {
        throw new NumberFormatException();
      }
      return x;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "data set '"
              + spec
              + "': "
              + key
              + "="
              + v
              + " is not a whole number within "
              + min
              + ".."
              + max);
    }
  }

  private static Dataset synthetic(
      String spec, String kindName, Map<String, String> p, int maxQueries, long maxPoints) {
    allow(spec, p, Set.of("dim", "n", "seed", "queries", "clusters", "spread", "distance"));
    SyntheticVectors.Kind kind =
        SyntheticVectors.Kind.parse(kindName.isEmpty() ? "clustered" : kindName);
    int dim = (int) longParam(spec, p, "dim", 128, 1, 65536);
    long n = longParam(spec, p, "n", maxPoints > 0 ? maxPoints : 20_000, 1, 10_000_000_000L);
    long seed = longParam(spec, p, "seed", 7, Long.MIN_VALUE, Long.MAX_VALUE);
    int nq = (int) Math.min(longParam(spec, p, "queries", maxQueries, 1, 1_000_000), maxQueries);
    int clusters = (int) longParam(spec, p, "clusters", 64, 1, 1_000_000);
    double spread;
    try {
      spread = Double.parseDouble(p.getOrDefault("spread", "0.15"));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "data set '" + spec + "': spread=" + p.get("spread") + " is not a number");
    }
    SyntheticVectors base = new SyntheticVectors(kind, dim, n, seed, clusters, spread);
    SyntheticVectors q = base.queries(nq);
    float[][] queries = new float[nq][];
    for (int i = 0; i < nq; i++) {
      queries[i] = q.get(i);
    }
    VectorDistance d = p.containsKey("distance") ? VectorDistance.parse(p.get("distance")) : null;
    return new Dataset(spec, base, n, queries, null, d, base.description() + " queries=" + nq);
  }

  private static Path existing(String spec, String file, String what) {
    if (file.isEmpty()) {
      throw new IllegalArgumentException("data set '" + spec + "' names no " + what + " file");
    }
    Path path = Path.of(file);
    if (!Files.isRegularFile(path)) {
      throw new IllegalArgumentException(
          "data set '" + spec + "': " + what + " file " + path + " does not exist");
    }
    return path;
  }

  private static String fileIdentity(Path p) {
    try {
      return p.toAbsolutePath()
          + "@"
          + Files.size(p)
          + "@"
          + Files.getLastModifiedTime(p).toMillis();
    } catch (IOException e) {
      throw new UncheckedIOException(p + " cannot be read: " + e.getMessage(), e);
    }
  }

  private static Dataset vecs(
      String spec,
      String scheme,
      String file,
      Map<String, String> p,
      int maxQueries,
      long maxPoints) {
    allow(spec, p, Set.of("queries", "groundtruth", "distance", "n"));
    VecsFile.Format format = scheme.equals("bvecs") ? VecsFile.Format.BVECS : VecsFile.Format.FVECS;
    Path basePath = existing(spec, file, "base " + format.extension());
    requireQueries(spec, p, format.extension());
    VecsFile base = VecsFile.open(basePath, format);
    Path queryPath = existing(spec, p.get("queries"), "query " + format.extension());
    VecsFile qf = VecsFile.open(queryPath, format);
    NeighbourRows gt = null;
    if (p.containsKey("groundtruth")) {
      VecsFile g =
          VecsFile.open(
              existing(spec, p.get("groundtruth"), "ground-truth .ivecs"), VecsFile.Format.IVECS);
      gt = new NeighbourRows(g.size(), i -> Arrays.stream(g.readInts(i)).asLongStream().toArray());
    }
    return ofFiles(spec, p, base, basePath, qf, queryPath, gt, maxQueries, maxPoints);
  }

  /** .npy (numpy.save) or big-ann .fbin/.u8bin/.i8bin vectors, with optional neighbour ids. */
  private static Dataset matrix(
      String spec,
      String scheme,
      String file,
      Map<String, String> p,
      int maxQueries,
      long maxPoints) {
    allow(spec, p, Set.of("queries", "groundtruth", "distance", "n"));
    boolean npy = scheme.equals("npy");
    String what = npy ? ".npy" : "big-ann";
    Path basePath = existing(spec, file, "base " + what);
    requireQueries(spec, p, what);
    Path queryPath = existing(spec, p.get("queries"), "query " + what);
    Path gtPath =
        p.containsKey("groundtruth")
            ? existing(spec, p.get("groundtruth"), "ground-truth " + what)
            : null;
    MatrixFile base;
    MatrixFile qf;
    NeighbourRows gt = null;
    try {
      base = npy ? NpyFile.open(basePath) : BigAnnFile.vectors(basePath);
      qf = npy ? NpyFile.open(queryPath) : BigAnnFile.vectors(queryPath);
      if (gtPath != null) {
        MatrixFile g = npy ? NpyFile.open(gtPath) : BigAnnFile.neighbours(gtPath);
        gt = new NeighbourRows(g.size(), g::readLongs);
      }
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw new IllegalArgumentException("data set '" + spec + "': " + e.getMessage(), e);
    }
    return ofFiles(spec, p, base, basePath, qf, queryPath, gt, maxQueries, maxPoints);
  }

  private static void requireQueries(String spec, Map<String, String> p, String what) {
    if (!p.containsKey("queries")) {
      throw new IllegalArgumentException(
          "data set '" + spec + "' needs queries=<path of the query " + what + " file>");
    }
  }

  /** The rows of a ground-truth file: per query, the ids of its exact neighbours. */
  private record NeighbourRows(long size, LongFunction<long[]> row) {}

  /**
   * A data set of opened files: the first maxQueries queries, and as many rows of shipped
   * neighbours (if any), kept only when every base vector is used, since they are over all of them.
   */
  private static Dataset ofFiles(
      String spec,
      Map<String, String> p,
      VectorSet base,
      Path basePath,
      VectorSet qf,
      Path queryPath,
      NeighbourRows gt,
      int maxQueries,
      long maxPoints) {
    if (qf.dimension() != base.dimension()) {
      throw new IllegalArgumentException(
          "data set '"
              + spec
              + "': queries have dimension "
              + qf.dimension()
              + ", base vectors "
              + base.dimension());
    }
    int nq = (int) Math.min(qf.size(), maxQueries);
    float[][] queries = new float[nq][];
    for (int i = 0; i < nq; i++) {
      queries[i] = qf.get(i);
    }
    long n = limit(spec, p, base.size(), maxPoints);
    long[][] truth = null;
    if (gt != null) {
      if (gt.size() < nq) {
        throw new IllegalArgumentException(
            "data set '"
                + spec
                + "': ground truth has "
                + gt.size()
                + " rows for "
                + nq
                + " queries");
      }
      truth = new long[nq][];
      try {
        for (int i = 0; i < nq; i++) {
          truth[i] = gt.row().apply(i);
        }
      } catch (IllegalArgumentException | IllegalStateException | UncheckedIOException e) {
        throw new IllegalArgumentException("data set '" + spec + "': " + e.getMessage(), e);
      }
    }
    VectorDistance d = p.containsKey("distance") ? VectorDistance.parse(p.get("distance")) : null;
    return new Dataset(
        spec,
        base,
        n,
        queries,
        n == base.size() ? truth : null,
        d,
        fileIdentity(basePath) + " queries=" + fileIdentity(queryPath) + " first " + nq);
  }

  /**
   * Qdrant's filtered-benchmark layout: vectors.npy, payloads.jsonl and tests.jsonl (per query a
   * vector, filter conditions and exact filtered neighbours), in a directory or a tar archive.
   */
  private static Dataset filtered(
      String spec,
      String target,
      Map<String, String> p,
      int maxQueries,
      long maxPoints,
      Path cacheDir) {
    allow(spec, p, Set.of("distance"));
    Path source = Path.of(target);
    if (!Files.exists(source)) {
      throw new IllegalArgumentException("data set '" + spec + "': " + source + " does not exist");
    }
    try {
      Path dir = FilteredDataset.directory(source, cacheDir);
      MatrixFile base = NpyFile.open(dir.resolve(FilteredDataset.VECTORS));
      if (maxPoints > 0 && maxPoints < base.size()) {
        throw new IllegalArgumentException(
            "points="
                + maxPoints
                + ", but a filtered data set is used whole ("
                + base.size()
                + " points): its neighbours are over all of them; drop points");
      }
      FilteredDataset.Tests t = FilteredDataset.tests(dir, maxQueries, base.dimension());
      JsonPayloads payloads = JsonPayloads.open(dir.resolve(FilteredDataset.PAYLOADS), base.size());
      VectorDistance d = p.containsKey("distance") ? VectorDistance.parse(p.get("distance")) : null;
      Dataset out =
          new Dataset(
              spec,
              base,
              base.size(),
              t.queries(),
              null,
              d,
              fileIdentity(source) + " tests first " + t.queries().length);
      out.filtered = new Filtered(t.filters(), t.neighbours(), payloads, t.indexes());
      return out;
    } catch (IllegalArgumentException | UncheckedIOException e) {
      throw new IllegalArgumentException("data set '" + spec + "': " + e.getMessage(), e);
    }
  }

  /**
   * Parquet files in VectorDBBench's layout (train, test, neighbors; list columns), converted once
   * into .npy files in the cache directory through DuckDB.
   */
  private static Dataset parquet(
      String spec,
      String file,
      Map<String, String> p,
      int maxQueries,
      long maxPoints,
      Path cacheDir) {
    allow(spec, p, Set.of("queries", "groundtruth", "column", "neighbors_column", "distance", "n"));
    Path basePath = existing(spec, file, "base Parquet");
    requireQueries(spec, p, "Parquet");
    Path queryPath = existing(spec, p.get("queries"), "query Parquet");
    Path gtPath =
        p.containsKey("groundtruth")
            ? existing(spec, p.get("groundtruth"), "ground-truth Parquet")
            : null;
    String column = p.getOrDefault("column", "emb");
    MatrixFile base;
    MatrixFile qf;
    NeighbourRows gt = null;
    try {
      base = ParquetFile.vectors(basePath, column, cacheDir);
      qf = ParquetFile.vectors(queryPath, column, cacheDir);
      if (gtPath != null) {
        MatrixFile g =
            ParquetFile.neighbours(
                gtPath, p.getOrDefault("neighbors_column", "neighbors_id"), cacheDir);
        gt = new NeighbourRows(g.size(), g::readLongs);
      }
    } catch (IllegalArgumentException | UncheckedIOException e) {
      throw new IllegalArgumentException("data set '" + spec + "': " + e.getMessage(), e);
    }
    return ofFiles(spec, p, base, basePath, qf, queryPath, gt, maxQueries, maxPoints);
  }

  /** The filters, neighbours, payloads and indexes of a filtered data set, or null. */
  public Filtered filtered() {
    return filtered;
  }

  private static long limit(String spec, Map<String, String> p, long available, long maxPoints) {
    long n =
        longParam(
            spec,
            p,
            "n",
            maxPoints > 0 ? Math.min(maxPoints, available) : available,
            1,
            Long.MAX_VALUE);
    if (n > available) {
      throw new IllegalArgumentException(
          "data set '" + spec + "' has " + available + " base vectors; n=" + n + " asks for more");
    }
    return n;
  }

  private static Dataset hdf5(
      String spec, String file, Map<String, String> p, int maxQueries, long maxPoints) {
    allow(spec, p, Set.of("n", "distance"));
    Path path = existing(spec, file, "HDF5");
    Hdf5Vectors h = Hdf5Vectors.open(path);
    try {
      long n = limit(spec, p, h.size(), maxPoints);
      float[][] queries = h.queries(maxQueries);
      long[][] truth = n == h.size() ? h.neighbors(queries.length) : null;
      VectorDistance d =
          p.containsKey("distance") ? VectorDistance.parse(p.get("distance")) : h.distance();
      return new Dataset(
          spec, h, n, queries, truth, d, fileIdentity(path) + " test first " + queries.length);
    } catch (RuntimeException e) {
      h.close();
      throw e;
    }
  }

  public String spec() {
    return spec;
  }

  public VectorSet base() {
    return base;
  }

  /** Base vectors in use: ids 0..points-1. */
  public long points() {
    return points;
  }

  public int dimension() {
    return base.dimension();
  }

  public float[][] queries() {
    return queries;
  }

  /** Exact neighbours shipped with the data set (for its full base), or null. */
  public long[][] shippedTruth() {
    return shippedTruth;
  }

  /** The distance the data set was built for, or null when it does not say. */
  public VectorDistance distance() {
    return distance;
  }

  /** Everything that determines the data's content, for cache keys. */
  public String identity() {
    return identity + " points=" + points;
  }

  /** Base vectors restricted to the points in use. */
  /**
   * Null when the first {@code sample} base vectors and every query hold whole numbers 0..255 only
   * (what a uint8 collection stores); otherwise where the first other value is. Qdrant casts other
   * values without a word, so a uint8 run on them would measure a different data set.
   */
  public String notWholeBytes(int sample) {
    float[] v = new float[dimension()];
    long n = Math.min(points, sample);
    for (long i = 0; i < n; i++) {
      base.read(i, v);
      String bad = notWholeBytes(v, "base vector " + i);
      if (bad != null) {
        return bad;
      }
    }
    for (int q = 0; q < queries.length; q++) {
      String bad = notWholeBytes(queries[q], "query " + q);
      if (bad != null) {
        return bad;
      }
    }
    return null;
  }

  private static String notWholeBytes(float[] v, String where) {
    for (int j = 0; j < v.length; j++) {
      float x = v[j];
      if (x < 0 || x > 255 || x != Math.rint(x)) {
        return where + " has " + x + " at element " + j;
      }
    }
    return null;
  }

  public VectorSet vectorsInUse() {
    if (points == base.size()) {
      return base;
    }
    return new VectorSet() {
      @Override
      public int dimension() {
        return base.dimension();
      }

      @Override
      public long size() {
        return points;
      }

      @Override
      public void read(long index, float[] out) {
        if (index >= points) {
          throw new IndexOutOfBoundsException("vector " + index + " outside 0.." + (points - 1));
        }
        base.read(index, out);
      }

      @Override
      public String description() {
        return base.description() + " first " + points;
      }
    };
  }

  public String description() {
    return base.description()
        + (points == base.size() ? "" : " (first " + points + ")")
        + ", "
        + queries.length
        + " queries";
  }

  @Override
  public void close() {
    base.close();
    if (filtered != null && filtered.payloads() instanceof AutoCloseable c) {
      try {
        c.close();
      } catch (Exception ignored) {
        // read-only file
      }
    }
  }
}
