package io.qharness.cluster;

import io.grpc.CallOptions;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.StreamObserver;
import io.qdrant.client.grpc.Collections.GetCollectionInfoRequest;
import io.qdrant.client.grpc.Collections.VectorsConfig;
import io.qdrant.client.grpc.CollectionsGrpc;
import io.qdrant.client.grpc.Common.Condition;
import io.qdrant.client.grpc.Common.Filter;
import io.qdrant.client.grpc.Common.HasIdCondition;
import io.qdrant.client.grpc.Common.PointId;
import io.qdrant.client.grpc.JsonWithInt.Value;
import io.qdrant.client.grpc.Points.DeletePoints;
import io.qdrant.client.grpc.Points.NamedVectors;
import io.qdrant.client.grpc.Points.PointStruct;
import io.qdrant.client.grpc.Points.PointsIdsList;
import io.qdrant.client.grpc.Points.PointsSelector;
import io.qdrant.client.grpc.Points.SearchPoints;
import io.qdrant.client.grpc.Points.SearchResponse;
import io.qdrant.client.grpc.Points.UpsertPoints;
import io.qdrant.client.grpc.Points.Vector;
import io.qdrant.client.grpc.Points.Vectors;
import io.qdrant.client.grpc.PointsGrpc;
import io.qharness.grpc.QdrantNode;
import io.qharness.grpc.QdrantNodes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.HdrHistogram.Histogram;

/**
 * Searchable after insert: how long after Qdrant acknowledged an upsert each node's searches return
 * the point. Each sample writes one probe point (an id far above any data set's, a payload naming
 * it a probe) through one node in turn with {@code wait=true}, then searches every node for it
 * (filtered by its id, each node coordinating its own search at its default read consistency) until
 * all return it, and deletes it. Samples are sequential and the probe is gone after each, so the
 * collection's content is unchanged.
 */
public final class Freshness {
  /** Probe ids start here, far above the ids of any data set qharness loads. */
  public static final long PROBE_ID_BASE = 1L << 62;

  /** System.nanoTime() may be negative: this marks an answer without the probe. */
  private static final long NOT_RETURNED = Long.MIN_VALUE;

  private static final long POLL_NANOS = TimeUnit.MICROSECONDS.toNanos(500);

  /** Per node: how long until its searches returned the probe, and the probes it never returned. */
  public record NodeResult(String node, Histogram micros, int missed) {
    public String describe() {
      return micros.getTotalCount() == 0
          ? String.format(Locale.ROOT, "%-22s no probe seen, %d missed", node, missed)
          : String.format(
              Locale.ROOT,
              "%-22s p50 %8.3f ms  p99 %8.3f ms  max %8.3f ms  over %d probes%s",
              node,
              micros.getValueAtPercentile(50) / 1000.0,
              micros.getValueAtPercentile(99) / 1000.0,
              micros.getMaxValue() / 1000.0,
              micros.getTotalCount(),
              missed == 0 ? "" : ", " + missed + " not seen within the timeout");
    }
  }

  private final QdrantNodes nodes;
  private final String collection;
  private final Duration timeout;
  private final Duration deadline;

  /** The dense vector the probe writes and searches: null for the unnamed one. */
  private String vectorName;

  private int dimension;

  public Freshness(QdrantNodes nodes, String collection, Duration timeout, Duration deadline) {
    this.nodes = nodes;
    this.collection = collection;
    this.timeout = timeout;
    this.deadline = deadline;
  }

  /**
   * Takes {@code samples} probes, {@code interval} apart. Throws {@link IllegalArgumentException}
   * naming the problem when the collection is missing or has named vectors.
   */
  public List<NodeResult> measure(int samples, Duration interval) {
    return measure(samples, interval, () -> false);
  }

  /**
   * As {@link #measure(int, Duration)}, stopping early, between two probes, once {@code stop} says
   * so.
   */
  public List<NodeResult> measure(int samples, Duration interval, BooleanSupplier stop) {
    target();
    int dim = dimension;
    List<Histogram> seen = new ArrayList<>();
    int[] missed = new int[nodes.size()];
    for (int i = 0; i < nodes.size(); i++) {
      seen.add(new Histogram(3));
    }
    SplittableRandom random = new SplittableRandom(42);
    for (int s = 0; s < samples && !stop.getAsBoolean(); s++) {
      long started = System.nanoTime();
      long id = PROBE_ID_BASE + s;
      QdrantNode writer = nodes.get(s % nodes.size());
      float[] vector = new float[dim];
      for (int d = 0; d < dim; d++) {
        vector[d] = (float) random.nextGaussian();
      }
      upsert(writer, id, vector);
      long acked = System.nanoTime();
      boolean[] found = new boolean[nodes.size()];
      int remaining = nodes.size();
      long giveUp = acked + timeout.toNanos();
      SearchPoints search = search(id, vector);
      while (remaining > 0 && System.nanoTime() < giveUp) {
        // every node still missing the point is asked at once, so no node waits on another's
        // answer, and each is timed when its own answer arrives
        List<CompletableFuture<Long>> asked = new ArrayList<>();
        for (int n = 0; n < nodes.size(); n++) {
          asked.add(found[n] ? null : ask(nodes.get(n), search));
        }
        for (int n = 0; n < nodes.size(); n++) {
          long at = asked.get(n) == null ? NOT_RETURNED : asked.get(n).join();
          if (at != NOT_RETURNED) {
            found[n] = true;
            remaining--;
            seen.get(n).recordValue(Math.max(0, at - acked) / 1000);
          }
        }
        if (remaining > 0) {
          LockSupport.parkNanos(POLL_NANOS);
        }
      }
      for (int n = 0; n < nodes.size(); n++) {
        if (!found[n]) {
          missed[n]++;
        }
      }
      delete(writer, id);
      long rest = interval.toNanos() - (System.nanoTime() - started);
      // in short naps, so a stop is seen within 100 ms
      while (rest > 0 && s < samples - 1 && !stop.getAsBoolean()) {
        LockSupport.parkNanos(Math.min(rest, TimeUnit.MILLISECONDS.toNanos(100)));
        rest = interval.toNanos() - (System.nanoTime() - started);
      }
    }
    List<NodeResult> out = new ArrayList<>();
    for (int n = 0; n < nodes.size(); n++) {
      out.add(new NodeResult(nodes.get(n).address().toString(), seen.get(n), missed[n]));
    }
    return out;
  }

  /**
   * Reads the collection's vectors: the probe writes the unnamed dense vector, or the first named
   * dense one (a point may leave its other named vectors out).
   */
  private void target() {
    StatusRuntimeException last = null;
    for (QdrantNode node : nodes.all()) {
      try {
        VectorsConfig v =
            CollectionsGrpc.newBlockingStub(node.channel())
                .withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS)
                .get(GetCollectionInfoRequest.newBuilder().setCollectionName(collection).build())
                .getResult()
                .getConfig()
                .getParams()
                .getVectorsConfig();
        if (v.hasParams()) {
          dimension = (int) v.getParams().getSize();
          return;
        }
        for (var e : v.getParamsMap().getMapMap().entrySet()) {
          if (!e.getValue().hasMultivectorConfig()) {
            vectorName = e.getKey();
            dimension = (int) e.getValue().getSize();
            return;
          }
        }
        throw new IllegalArgumentException(
            "collection `"
                + collection
                + "` has no single dense vector for the probe to write (sparse or multivectors"
                + " only)");
      } catch (StatusRuntimeException e) {
        if (e.getStatus().getCode() == io.grpc.Status.Code.NOT_FOUND) {
          throw new IllegalArgumentException(
              "collection `"
                  + collection
                  + "` does not exist; load one first (./qharness run Load --hosts ...)");
        }
        last = e;
      }
    }
    throw new IllegalStateException(
        "no node could describe collection `" + collection + "`: " + last.getMessage(), last);
  }

  @SuppressWarnings("deprecation") // Vector.data is the dense vector of Qdrant 1.x's gRPC API
  private void upsert(QdrantNode node, long id, float[] vector) {
    Vector.Builder v = Vector.newBuilder();
    for (float f : vector) {
      v.addData(f);
    }
    PointsGrpc.newBlockingStub(node.channel())
        .withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS)
        .upsert(
            UpsertPoints.newBuilder()
                .setCollectionName(collection)
                .setWait(true)
                .addPoints(
                    PointStruct.newBuilder()
                        .setId(PointId.newBuilder().setNum(id))
                        .setVectors(
                            vectorName == null
                                ? Vectors.newBuilder().setVector(v).build()
                                : Vectors.newBuilder()
                                    .setVectors(
                                        NamedVectors.newBuilder().putVectors(vectorName, v.build()))
                                    .build())
                        .putPayload(
                            "qharness_probe", Value.newBuilder().setBoolValue(true).build()))
                .build());
  }

  /** A search for the probe alone: its vector, filtered by its id. */
  private SearchPoints search(long id, float[] vector) {
    SearchPoints.Builder search =
        SearchPoints.newBuilder()
            .setCollectionName(collection)
            .setLimit(1)
            .setFilter(
                Filter.newBuilder()
                    .addMust(
                        Condition.newBuilder()
                            .setHasId(
                                HasIdCondition.newBuilder()
                                    .addHasId(PointId.newBuilder().setNum(id)))));
    for (float f : vector) {
      search.addVector(f);
    }
    if (vectorName != null) {
      search.setVectorName(vectorName);
    }
    return search.build();
  }

  /**
   * Sends the search; completes with the time its answer arrived when it returned the probe, with
   * {@link #NOT_RETURNED} when it did not or failed (a node that cannot answer has not shown it).
   */
  private CompletableFuture<Long> ask(QdrantNode node, SearchPoints search) {
    CompletableFuture<Long> answer = new CompletableFuture<>();
    ClientCalls.asyncUnaryCall(
        node.channel()
            .newCall(
                PointsGrpc.getSearchMethod(),
                CallOptions.DEFAULT.withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS)),
        search,
        new StreamObserver<SearchResponse>() {
          private boolean hit;

          @Override
          public void onNext(SearchResponse r) {
            hit = r.getResultCount() > 0;
          }

          @Override
          public void onError(Throwable t) {
            answer.complete(NOT_RETURNED);
          }

          @Override
          public void onCompleted() {
            answer.complete(hit ? System.nanoTime() : NOT_RETURNED);
          }
        });
    return answer;
  }

  private void delete(QdrantNode node, long id) {
    PointsGrpc.newBlockingStub(node.channel())
        .withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS)
        .delete(
            DeletePoints.newBuilder()
                .setCollectionName(collection)
                .setWait(true)
                .setPoints(
                    PointsSelector.newBuilder()
                        .setPoints(
                            PointsIdsList.newBuilder().addIds(PointId.newBuilder().setNum(id))))
                .build());
  }
}
