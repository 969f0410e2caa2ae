package io.qharness.workload.filtered;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.qdrant.client.grpc.Common.Filter;
import io.qdrant.client.grpc.Points.FieldType;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A data set in the layout of Qdrant's filtered benchmarks (ann-filtering-benchmark-datasets), a
 * directory or a tar archive (.tar, .tgz, .tar.gz) holding {@code vectors.npy} (the points), {@code
 * payloads.jsonl} (line i: point i's payload) and {@code tests.jsonl} (per line a query vector, its
 * filter conditions and the ids of its exact filtered neighbours, {@code closest_ids}). An archive
 * is extracted once into the cache directory.
 */
public final class FilteredDataset {
  public static final String VECTORS = "vectors.npy";
  public static final String PAYLOADS = "payloads.jsonl";
  public static final String TESTS = "tests.jsonl";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The tests: query vectors, their filters and shipped neighbours, and the indexes they need. */
  public record Tests(
      float[][] queries, Filter[] filters, long[][] neighbours, Map<String, FieldType> indexes) {}

  private FilteredDataset() {}

  /** The directory holding the three files: {@code source} itself, or its extraction. */
  public static Path directory(Path source, Path cacheDir) {
    if (Files.isDirectory(source)) {
      for (String f : List.of(VECTORS, PAYLOADS, TESTS)) {
        if (!Files.isRegularFile(source.resolve(f))) {
          throw new IllegalArgumentException(
              source
                  + " has no "
                  + f
                  + "; a filtered data set holds "
                  + VECTORS
                  + ", "
                  + PAYLOADS
                  + " and "
                  + TESTS);
        }
      }
      return source;
    }
    try {
      String key =
          source.getFileName()
              + "-"
              + Files.size(source)
              + "-"
              + Files.getLastModifiedTime(source).toMillis();
      Path dir = cacheDir.resolve("datasets").resolve(key);
      if (!Files.isRegularFile(dir.resolve(TESTS))
          || !Files.isRegularFile(dir.resolve(VECTORS))
          || !Files.isRegularFile(dir.resolve(PAYLOADS))) {
        TarArchive.extract(source, Set.of(VECTORS, PAYLOADS, TESTS), dir);
      }
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(source + " cannot be read: " + e.getMessage(), e);
    }
  }

  /** Reads up to {@code max} tests of the directory, for vectors of {@code dim} dimensions. */
  public static Tests tests(Path dir, int max, int dim) {
    Path file = dir.resolve(TESTS);
    List<float[]> queries = new ArrayList<>();
    List<Filter> filters = new ArrayList<>();
    List<long[]> neighbours = new ArrayList<>();
    Map<String, FieldType> indexes = new LinkedHashMap<>();
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      int n = 0;
      while ((line = r.readLine()) != null && queries.size() < max) {
        n++;
        if (line.isBlank()) {
          continue;
        }
        String where = file + " line " + n;
        JsonNode t;
        try {
          t = JSON.readTree(line);
        } catch (IOException e) {
          throw new IllegalArgumentException(where + " is not valid JSON: " + e.getMessage());
        }
        JsonNode q = t.path("query");
        if (!q.isArray() || q.size() != dim) {
          throw new IllegalArgumentException(
              where + ": query has " + q.size() + " numbers, the vectors " + dim);
        }
        float[] v = new float[dim];
        for (int i = 0; i < dim; i++) {
          v[i] = (float) q.get(i).asDouble();
        }
        JsonNode ids = t.path("closest_ids");
        if (!ids.isArray()) {
          throw new IllegalArgumentException(where + " has no closest_ids list");
        }
        long[] nb = new long[ids.size()];
        for (int i = 0; i < nb.length; i++) {
          nb[i] = ids.get(i).asLong();
        }
        queries.add(v);
        filters.add(Conditions.filter(t.get("conditions"), where));
        neighbours.add(nb);
        collectIndexes(t.get("conditions"), indexes);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(file + " cannot be read: " + e.getMessage(), e);
    }
    if (queries.isEmpty()) {
      throw new IllegalArgumentException(file + " holds no tests");
    }
    return new Tests(
        queries.toArray(new float[0][]),
        filters.toArray(new Filter[0]),
        neighbours.toArray(new long[0][]),
        indexes);
  }

  private static void collectIndexes(JsonNode conditions, Map<String, FieldType> out) {
    if (conditions == null || !conditions.isObject()) {
      return;
    }
    for (JsonNode entries : conditions) {
      for (JsonNode entry : entries) {
        for (Iterator<Map.Entry<String, JsonNode>> f = entry.fields(); f.hasNext(); ) {
          Map.Entry<String, JsonNode> field = f.next();
          for (Iterator<Map.Entry<String, JsonNode>> k = field.getValue().fields(); k.hasNext(); ) {
            Map.Entry<String, JsonNode> kind = k.next();
            FieldType t = Conditions.indexFor(kind.getKey(), kind.getValue());
            if (t != null) {
              out.putIfAbsent(field.getKey(), t);
            }
          }
        }
      }
    }
  }
}
