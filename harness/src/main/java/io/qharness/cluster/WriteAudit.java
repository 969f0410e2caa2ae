package io.qharness.cluster;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.qdrant.client.grpc.Common.PointId;
import io.qdrant.client.grpc.Points.GetPoints;
import io.qdrant.client.grpc.Points.GetResponse;
import io.qdrant.client.grpc.Points.RetrievedPoint;
import io.qdrant.client.grpc.Points.VectorOutput;
import io.qdrant.client.grpc.Points.WithPayloadSelector;
import io.qdrant.client.grpc.Points.WithVectorsSelector;
import io.qdrant.client.grpc.PointsGrpc;
import io.qharness.grpc.GrpcFailures;
import io.qharness.grpc.QdrantNode;
import io.qharness.grpc.QdrantNodes;
import io.qharness.metrics.AckedWrites;
import io.qharness.workload.vectors.VectorDistance;
import io.qharness.workload.vectors.VectorSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * After a run: reads back every point id the cluster acknowledged and reports what is missing (and,
 * optionally, whose vector differs from the one written). Ids are read in batches through any node
 * that answers; a batch no node can serve (its shard has no live replica) is reported as
 * unverifiable, never as present.
 */
public final class WriteAudit {
  private static final int BATCH = 512;
  private static final int SAMPLE = 20;
  private static final int SPLIT_BUDGET = 20_000;

  /** What the audit found. */
  public record Result(
      long acknowledgedWrites,
      long distinctIds,
      long verified,
      long missing,
      long vectorMismatches,
      long unverifiable,
      long unremembered,
      List<Long> missingSample,
      List<String> unavailable,
      boolean vectorsChecked,
      double seconds) {
    /** True when every acknowledged write was read back (and matched, when vectors are checked). */
    public boolean lossFree() {
      return missing == 0 && vectorMismatches == 0 && unverifiable == 0;
    }

    public String summary() {
      StringBuilder s = new StringBuilder();
      s.append(
          String.format(
              Locale.ROOT,
              "write audit: %,d acknowledged point writes, %,d distinct ids; %,d read back%s in"
                  + " %.1f s",
              acknowledgedWrites,
              distinctIds,
              verified,
              vectorsChecked ? " with their vectors compared" : "",
              seconds));
      if (lossFree()) {
        s.append(": NO acknowledged write lost");
      } else {
        if (missing > 0) {
          s.append(
              String.format(
                  Locale.ROOT,
                  "%n  LOST: %,d acknowledged points are missing (e.g. ids %s)",
                  missing,
                  missingSample));
        }
        if (vectorMismatches > 0) {
          s.append(
              String.format(
                  Locale.ROOT,
                  "%n  CHANGED: %,d points read back with a vector other than the one written",
                  vectorMismatches));
        }
        if (unverifiable > 0) {
          s.append(
              String.format(
                  Locale.ROOT,
                  "%n  UNVERIFIABLE: %,d points could not be read (no node could serve their"
                      + " shard): %s",
                  unverifiable,
                  unavailable));
        }
      }
      if (unremembered > 0) {
        s.append(
            String.format(
                Locale.ROOT, "%n  (%,d writes with UUID ids were not audited)", unremembered));
      }
      return s.toString();
    }
  }

  private WriteAudit() {}

  /**
   * @param vectors the vectors written (point id i is vector i), or null to check presence only
   */
  public static Result verify(
      QdrantNodes nodes,
      String collection,
      AckedWrites acked,
      VectorSet vectors,
      VectorDistance distance,
      Duration deadline) {
    long t0 = System.nanoTime();
    long[] counts = new long[4]; // distinct, verified, missing, mismatched
    long[] unverifiable = {0};
    List<Long> sample = new ArrayList<>();
    Set<String> unavailable = new LinkedHashSet<>();
    List<Long> batch = new ArrayList<>(BATCH);
    int[] next = {0};
    int[] budget = {SPLIT_BUDGET};
    Runnable flush =
        () -> {
          if (batch.isEmpty()) {
            return;
          }
          check(
              nodes,
              collection,
              new ArrayList<>(batch),
              vectors,
              distance,
              deadline,
              next,
              unavailable,
              budget,
              counts,
              unverifiable,
              sample);
          batch.clear();
        };
    acked.forEach(
        id -> {
          counts[0]++;
          batch.add(id);
          if (batch.size() == BATCH) {
            flush.run();
          }
        });
    flush.run();
    return new Result(
        acked.acknowledgedPoints(),
        counts[0],
        counts[1],
        counts[2],
        counts[3],
        unverifiable[0],
        acked.unremembered(),
        sample,
        new ArrayList<>(unavailable),
        vectors != null,
        (System.nanoTime() - t0) / 1e9);
  }

  /**
   * Checks one batch. A batch no node can serve is split in halves, so the ids of live shards are
   * still verified when one shard is down (reads touching a dead shard fail whole); the splitting
   * stops after a budget of calls, leaving the rest unverifiable.
   */
  private static void check(
      QdrantNodes nodes,
      String collection,
      List<Long> batch,
      VectorSet vectors,
      VectorDistance distance,
      Duration deadline,
      int[] next,
      Set<String> unavailable,
      int[] budget,
      long[] counts,
      long[] unverifiable,
      List<Long> sample) {
    budget[0]--;
    GetResponse r = read(nodes, collection, batch, vectors != null, deadline, next, unavailable);
    if (r == null) {
      if (batch.size() > 1 && budget[0] > 0) {
        int half = batch.size() / 2;
        check(
            nodes,
            collection,
            batch.subList(0, half),
            vectors,
            distance,
            deadline,
            next,
            unavailable,
            budget,
            counts,
            unverifiable,
            sample);
        check(
            nodes,
            collection,
            batch.subList(half, batch.size()),
            vectors,
            distance,
            deadline,
            next,
            unavailable,
            budget,
            counts,
            unverifiable,
            sample);
      } else {
        unverifiable[0] += batch.size();
      }
      return;
    }
    Set<Long> present = new HashSet<>();
    for (RetrievedPoint p : r.getResultList()) {
      long id = p.getId().getNum();
      present.add(id);
      if (vectors != null && !sameVector(p, distance.prepare(vectors.get(id)))) {
        counts[3]++;
      }
    }
    for (long id : batch) {
      if (present.contains(id)) {
        counts[1]++;
      } else {
        counts[2]++;
        if (sample.size() < SAMPLE) {
          sample.add(id);
        }
      }
    }
  }

  /** Reads one batch through the first node that can serve it; null when none can. */
  private static GetResponse read(
      QdrantNodes nodes,
      String collection,
      List<Long> ids,
      boolean withVectors,
      Duration deadline,
      int[] next,
      Set<String> unavailable) {
    GetPoints.Builder req =
        GetPoints.newBuilder()
            .setCollectionName(collection)
            .setWithPayload(WithPayloadSelector.newBuilder().setEnable(false))
            .setWithVectors(WithVectorsSelector.newBuilder().setEnable(withVectors));
    for (long id : ids) {
      req.addIds(PointId.newBuilder().setNum(id));
    }
    GetPoints request = req.build();
    for (int k = 0; k < nodes.size(); k++) {
      QdrantNode node = nodes.get((next[0] + k) % nodes.size());
      try {
        GetResponse r =
            PointsGrpc.newBlockingStub(node.channel())
                .withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS)
                .get(request);
        next[0] = (next[0] + k + 1) % nodes.size(); // spread the reads
        return r;
      } catch (StatusRuntimeException e) {
        Status.Code c = e.getStatus().getCode();
        if (c != Status.Code.UNAVAILABLE && c != Status.Code.DEADLINE_EXCEEDED) {
          throw new IllegalStateException(
              "write audit: reading points from "
                  + node.address()
                  + " failed: "
                  + GrpcFailures.describe(e, node, deadline),
              e);
        }
        unavailable.add(GrpcFailures.describe(e, node, deadline));
      }
    }
    return null;
  }

  @SuppressWarnings("deprecation")
  private static boolean sameVector(RetrievedPoint p, float[] expected) {
    VectorOutput v = denseVector(p);
    if (v == null) {
      return false;
    }
    int n = v.hasDense() ? v.getDense().getDataCount() : v.getDataCount();
    if (n != expected.length) {
      return false;
    }
    for (int i = 0; i < n; i++) {
      float got = v.hasDense() ? v.getDense().getData(i) : v.getData(i);
      if (Math.abs(got - expected[i]) > 1e-4f * (1 + Math.abs(expected[i]))) {
        return false;
      }
    }
    return true;
  }

  /**
   * The point's dense vector: the unnamed one, or the only dense one among named vectors (a hybrid
   * point's, beside its sparse vector); null when there is none or several.
   */
  private static VectorOutput denseVector(RetrievedPoint p) {
    if (!p.hasVectors()) {
      return null;
    }
    if (p.getVectors().hasVector()) {
      return p.getVectors().getVector();
    }
    VectorOutput only = null;
    for (VectorOutput v : p.getVectors().getVectors().getVectorsMap().values()) {
      if (v.hasDense()) {
        if (only != null) {
          return null;
        }
        only = v;
      }
    }
    return only;
  }
}
