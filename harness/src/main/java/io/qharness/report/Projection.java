package io.qharness.report;

import io.qharness.workload.Quantization;
import java.util.Locale;

/**
 * Nodes needed for a target: memory from the bytes per stored point the run measured on the nodes
 * when it did (see {@code serverResources.perPoint} in run.json), else from Qdrant's
 * capacity-planning rule of thumb (memory = vectors x dimension x 4 bytes x 1.5, the 1.5 covering
 * the HNSW graph and metadata; https://qdrant.tech/documentation/guides/capacity-planning/),
 * multiplied by the replication factor, with quantization keeping 1 byte (scalar int8) or 1/8 byte
 * (binary) per dimension in RAM and the originals on disk; throughput from the measured per-node
 * capacity, or from a USL fit when runs at several node counts exist. Payloads and indexes on
 * payload are not counted.
 */
public final class Projection {
  /** The answer with its working. */
  public record Result(
      double targetRate,
      long vectors,
      int dimension,
      int replication,
      Quantization quantization,
      double memoryBytes,
      Double measuredBytesPerPoint,
      double nodeMemoryBytes,
      int nodesForMemory,
      double perNodeRate,
      int nodesForThroughput,
      String throughputBasis,
      int nodes,
      String formula) {}

  private Projection() {}

  public static double memoryBytes(long vectors, int dimension, int replication, Quantization q) {
    return vectors * (double) dimension * q.bytesPerDimension * 1.5 * replication;
  }

  /**
   * @param measuredBytesPerPoint memory per stored point replica measured on the nodes, or null for
   *     the rule of thumb
   * @param perNodeRate measured sustainable throughput per node (requests/s)
   * @param usl a fit over several node counts, or null
   */
  public static Result project(
      double targetRate,
      long vectors,
      int dimension,
      int replication,
      Quantization q,
      Double measuredBytesPerPoint,
      double nodeMemoryBytes,
      double perNodeRate,
      Usl usl) {
    double mem =
        measuredBytesPerPoint != null
            ? vectors * measuredBytesPerPoint * replication
            : memoryBytes(vectors, dimension, replication, q);
    int forMemory = (int) Math.max(1, Math.ceil(mem / nodeMemoryBytes));
    int forThroughput;
    String basis;
    if (usl != null) {
      forThroughput = usl.nodesFor(targetRate);
      basis =
          String.format(
              Locale.ROOT,
              "USL fit (lambda %.1f/s, sigma %.4f, kappa %.5f, R^2 %.3f over %d node counts)",
              usl.lambda(),
              usl.sigma(),
              usl.kappa(),
              usl.r2(),
              usl.points());
    } else {
      forThroughput = perNodeRate > 0 ? (int) Math.max(1, Math.ceil(targetRate / perNodeRate)) : -1;
      basis =
          String.format(
              Locale.ROOT,
              "linear from %.1f/s per node (no USL fit: runs at 3+ node counts needed; linear"
                  + " scaling is optimistic)",
              perNodeRate);
    }
    int nodes = forThroughput < 0 ? -1 : Math.max(forMemory, forThroughput);
    String formula =
        measuredBytesPerPoint != null
            ? String.format(
                Locale.ROOT,
                "memory = %,d vectors x %,.0f bytes per stored point (measured on the nodes over"
                    + " this run's upload and index build) x replication %d = %.1f GiB",
                vectors,
                measuredBytesPerPoint,
                replication,
                mem / (1L << 30))
            : String.format(
                Locale.ROOT,
                "memory = %,d vectors x %d dims x %s bytes x 1.5 x replication %d = %.1f GiB"
                    + " (Qdrant capacity-planning guide)",
                vectors,
                dimension,
                q == Quantization.NONE
                    ? "4"
                    : q == Quantization.SCALAR ? "1 (int8)" : "1/8 (binary)",
                replication,
                mem / (1L << 30));
    return new Result(
        targetRate,
        vectors,
        dimension,
        replication,
        q,
        mem,
        measuredBytesPerPoint,
        nodeMemoryBytes,
        forMemory,
        perNodeRate,
        forThroughput,
        basis,
        nodes,
        formula);
  }
}
