package io.qharness.cluster;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.qdrant.client.grpc.Collections.CollectionInfo;
import io.qdrant.client.grpc.Collections.GetCollectionInfoRequest;
import io.qdrant.client.grpc.Collections.VectorParams;
import io.qdrant.client.grpc.Collections.VectorsConfig;
import io.qdrant.client.grpc.CollectionsGrpc;
import io.qdrant.client.grpc.Points.CountPoints;
import io.qdrant.client.grpc.PointsGrpc;
import io.qharness.grpc.GrpcFailures;
import io.qharness.grpc.QdrantNode;
import io.qharness.grpc.QdrantNodes;
import io.qharness.workload.vectors.VectorDistance;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Checks, before any load, that a collection another run or injector loaded holds this run's data
 * set: it exists, its vector size and distance match, and it holds exactly the data set's points.
 * Without this, a run that skips the upload would measure recall against the wrong data.
 */
public final class ExistingCollection {
  private ExistingCollection() {}

  /** What was found; {@link #problems()} is empty when the collection fits. */
  public record Check(
      long points,
      int dimension,
      VectorDistance distance,
      Set<String> payloadIndexes,
      List<String> problems,
      List<String> otherVectors) {

    Check(
        long points,
        int dimension,
        VectorDistance distance,
        Set<String> payloadIndexes,
        List<String> problems) {
      this(points, dimension, distance, payloadIndexes, problems, List.of());
    }
  }

  /**
   * Reads the collection through the first node that answers. Throws {@link IllegalStateException}
   * naming the addresses when none does.
   */
  public static Check check(
      QdrantNodes nodes,
      String collection,
      int dimension,
      VectorDistance distance,
      long points,
      Duration deadline) {
    return check(nodes, collection, null, dimension, distance, points, deadline);
  }

  /**
   * As above, for the named dense vector {@code vectorName} (null: the unnamed vector). A
   * collection with named vectors is accepted when that one fits; its other vectors (dense, sparse,
   * multi) are listed in {@link Check#otherVectors()}.
   */
  public static Check check(
      QdrantNodes nodes,
      String collection,
      String vectorName,
      int dimension,
      VectorDistance distance,
      long points,
      Duration deadline) {
    List<String> unavailable = new ArrayList<>();
    for (QdrantNode node : nodes.all()) {
      try {
        CollectionInfo info =
            CollectionsGrpc.newBlockingStub(node.channel())
                .withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS)
                .get(GetCollectionInfoRequest.newBuilder().setCollectionName(collection).build())
                .getResult();
        long count =
            PointsGrpc.newBlockingStub(node.channel())
                .withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS)
                .count(
                    CountPoints.newBuilder().setCollectionName(collection).setExact(true).build())
                .getResult()
                .getCount();
        return judge(collection, vectorName, info, count, dimension, distance, points);
      } catch (StatusRuntimeException e) {
        Status.Code c = e.getStatus().getCode();
        if (c == Status.Code.NOT_FOUND) {
          return new Check(
              0,
              0,
              null,
              Set.of(),
              List.of("collection `" + collection + "` does not exist on " + node.address()));
        }
        if (c != Status.Code.UNAVAILABLE && c != Status.Code.DEADLINE_EXCEEDED) {
          throw new IllegalStateException(
              "reading collection `"
                  + collection
                  + "` from "
                  + node.address()
                  + " failed: "
                  + GrpcFailures.describe(e, node, deadline),
              e);
        }
        unavailable.add(GrpcFailures.describe(e, node, deadline));
      }
    }
    throw new IllegalStateException(
        "no node could describe collection `"
            + collection
            + "`: "
            + String.join("; ", unavailable));
  }

  static Check judge(
      String collection,
      String vectorName,
      CollectionInfo info,
      long count,
      int dimension,
      VectorDistance distance,
      long points) {
    List<String> problems = new ArrayList<>();
    var vectors = info.getConfig().getParams().getVectorsConfig();
    Set<String> indexes = Set.copyOf(info.getPayloadSchemaMap().keySet());
    List<String> all = new ArrayList<>();
    if (vectors.hasParamsMap()) {
      all.addAll(vectors.getParamsMap().getMapMap().keySet());
    }
    all.addAll(info.getConfig().getParams().getSparseVectorsConfig().getMapMap().keySet());
    java.util.Collections.sort(all);
    VectorParams p = searchedVector(collection, vectorName, vectors, all, problems);
    if (p == null) {
      return new Check(count, 0, null, indexes, problems, all);
    }
    List<String> others = new ArrayList<>(all);
    others.remove(vectorName);
    VectorDistance found = null;
    try {
      found = VectorDistance.fromProto(p.getDistance());
    } catch (IllegalArgumentException e) {
      problems.add(
          "collection `"
              + collection
              + "` uses distance "
              + p.getDistance()
              + ", which qharness does not know");
    }
    if (p.getSize() != dimension) {
      problems.add(
          String.format(
              Locale.ROOT,
              "collection `%s` has %d-d vectors, the data set %d-d",
              collection,
              p.getSize(),
              dimension));
    }
    if (found != null && found != distance) {
      problems.add(
          "collection `" + collection + "` uses distance " + found + ", the run " + distance);
    }
    if (count != points) {
      problems.add(
          String.format(
              Locale.ROOT,
              "collection `%s` holds %,d points, the data set %,d",
              collection,
              count,
              points));
    }
    return new Check(count, (int) p.getSize(), found, indexes, problems, List.copyOf(others));
  }

  /** The dense vector a run searches, or null with the reason in {@code problems}. */
  private static VectorParams searchedVector(
      String collection,
      String vectorName,
      VectorsConfig vectors,
      List<String> all,
      List<String> problems) {
    if (vectors.hasParams()) {
      if (vectorName != null) {
        problems.add(
            "collection `"
                + collection
                + "` has one unnamed vector, not `"
                + vectorName
                + "`; drop vectorName");
        return null;
      }
      return vectors.getParams();
    } else {
      String named = "`" + String.join("`, `", all) + "`";
      if (vectorName == null) {
        problems.add(
            "collection `"
                + collection
                + "` has named vectors ("
                + named
                + "); give vectorName=<the dense vector to search>");
        return null;
      }
      VectorParams p = vectors.getParamsMap().getMapMap().get(vectorName);
      if (p == null) {
        problems.add(
            "collection `"
                + collection
                + "` has no dense vector `"
                + vectorName
                + "`; its vectors: "
                + named);
        return null;
      }
      if (p.hasMultivectorConfig()) {
        problems.add(
            "vector `"
                + vectorName
                + "` of collection `"
                + collection
                + "` is a multivector; vectorName names a single dense vector");
        return null;
      }
      return p;
    }
  }
}
