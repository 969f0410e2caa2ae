package io.qharness.bench;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One measured client process of the client-cost benchmark: where it sends top-k searches, at which
 * rate, for how long. Handed to the child JVM as {@code -Dqharness.bench.*} properties.
 *
 * @param hosts gRPC addresses, used round-robin
 * @param collection the collection searched
 * @param stub true against {@link StubQdrantServer}: every answer is ids 0..k-1
 * @param rate searches per second, open model
 * @param warmupSeconds load before the measured window (JIT, connections)
 * @param seconds the measured window
 * @param dim query vector dimension
 * @param k results per search
 * @param points points in the collection (ids 0..points-1 of the synthetic set), for ground truth
 * @param seed the synthetic data set's seed
 * @param gatlingStats qharness's side also logs every response to Gatling's stats engine
 * @param out where the child writes its {@link ProcessCost} as JSON
 */
public record BenchSpec(
    List<String> hosts,
    String collection,
    boolean stub,
    double rate,
    int warmupSeconds,
    int seconds,
    int dim,
    int k,
    long points,
    long seed,
    boolean gatlingStats,
    Path out) {
  private static final String PREFIX = "qharness.bench.";

  /** The same load with another Gatling-stats choice and output file. */
  public BenchSpec with(boolean stats, Path outFile) {
    return new BenchSpec(
        hosts,
        collection,
        stub,
        rate,
        warmupSeconds,
        seconds,
        dim,
        k,
        points,
        seed,
        stats,
        outFile);
  }

  /** The spec as system properties of a child JVM. */
  public Map<String, String> properties() {
    Map<String, String> p = new LinkedHashMap<>();
    p.put(PREFIX + "hosts", String.join(",", hosts));
    p.put(PREFIX + "collection", collection);
    p.put(PREFIX + "stub", Boolean.toString(stub));
    p.put(PREFIX + "rate", Double.toString(rate));
    p.put(PREFIX + "warmup", Integer.toString(warmupSeconds));
    p.put(PREFIX + "seconds", Integer.toString(seconds));
    p.put(PREFIX + "dim", Integer.toString(dim));
    p.put(PREFIX + "k", Integer.toString(k));
    p.put(PREFIX + "points", Long.toString(points));
    p.put(PREFIX + "seed", Long.toString(seed));
    p.put(PREFIX + "gatlingStats", Boolean.toString(gatlingStats));
    p.put(PREFIX + "out", out.toString());
    return p;
  }

  /** The spec a child JVM was started with. */
  public static BenchSpec fromSystemProperties() {
    return new BenchSpec(
        Arrays.asList(need("hosts").split(",")),
        need("collection"),
        Boolean.parseBoolean(need("stub")),
        Double.parseDouble(need("rate")),
        Integer.parseInt(need("warmup")),
        Integer.parseInt(need("seconds")),
        Integer.parseInt(need("dim")),
        Integer.parseInt(need("k")),
        Long.parseLong(need("points")),
        Long.parseLong(need("seed")),
        Boolean.parseBoolean(need("gatlingStats")),
        Path.of(need("out")));
  }

  private static String need(String name) {
    String v = System.getProperty(PREFIX + name);
    if (v == null) {
      throw new IllegalStateException(
          "-D" + PREFIX + name + " is missing: start this through qharness selfbench client");
    }
    return v;
  }
}
