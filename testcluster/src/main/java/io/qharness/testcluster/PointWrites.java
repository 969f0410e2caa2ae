package io.qharness.testcluster;

import io.qdrant.client.grpc.Collections.PayloadSchemaType;
import io.qdrant.client.grpc.Common.PointId;
import io.qdrant.client.grpc.Points.CreateFieldIndexCollection;
import io.qdrant.client.grpc.Points.DeletePoints;
import io.qdrant.client.grpc.Points.DenseVector;
import io.qdrant.client.grpc.Points.PointStruct;
import io.qdrant.client.grpc.Points.UpdateResult;
import io.qdrant.client.grpc.Points.UpdateStatus;
import io.qdrant.client.grpc.Points.UpsertPoints;
import io.qdrant.client.grpc.Points.Vector;
import io.qharness.testcluster.PointStore.StoredPoint;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Upserts as a node coordinates them: each point to every live replica of the shard owning its id;
 * a replica that is down misses the write and is not read until it catches up.
 */
final class PointWrites {
  private final ClusterState cluster;
  private final Coordinator routing;

  PointWrites(Coordinator routing) {
    this.routing = routing;
    this.cluster = routing.cluster();
  }

  UpdateResult upsert(UpsertPoints req) {
    TestCollection c = routing.collection(req.getCollectionName());
    Map<Integer, List<StoredPoint>> byShard = new HashMap<>();
    for (PointStruct p : req.getPointsList()) {
      if (p.getId().getPointIdOptionsCase() == PointId.PointIdOptionsCase.POINTIDOPTIONS_NOT_SET) {
        throw QdrantErrors.wrongInput("every point needs an id (num or uuid)");
      }
      float[] v = vectorOf(p, c);
      StoredPoint sp = new StoredPoint(p.getId(), c.distance.prepare(v), p.getPayloadMap());
      byShard
          .computeIfAbsent(PointIds.shardOf(p.getId(), c.shardNumber), k -> new ArrayList<>())
          .add(sp);
    }
    // Check every shard first: a write that cannot meet write_consistency_factor is refused whole,
    // so nothing is half-applied behind an error.
    for (Integer shardId : byShard.keySet()) {
      List<Replica> shard = c.shards.get(shardId);
      int live = 0;
      for (Replica r : shard) {
        if (cluster.serving(r.node)) {
          live++;
        }
      }
      if (live < c.writeConsistencyFactor) {
        throw QdrantErrors.unavailable(
            "shard "
                + shardId
                + " of collection `"
                + c.name
                + "` has "
                + live
                + " active replica(s) of "
                + shard.size()
                + ", write_consistency_factor is "
                + c.writeConsistencyFactor);
      }
    }
    for (Map.Entry<Integer, List<StoredPoint>> e : byShard.entrySet()) {
      for (Replica r : c.shards.get(e.getKey())) {
        if (cluster.serving(r.node)) {
          r.store.upsertAll(e.getValue());
        } else {
          r.missedWrites = true;
        }
      }
    }
    c.optimisationsPending = false; // any update operation triggers pending optimisations
    long delayNanos = cluster.optimisationDelay.toNanos();
    if (delayNanos > 0) {
      c.optimiseAfterWrite(System.nanoTime(), delayNanos);
    }
    boolean wait = req.hasWait() && req.getWait();
    return UpdateResult.newBuilder()
        .setOperationId(cluster.updateOperations.incrementAndGet())
        .setStatus(wait ? UpdateStatus.Completed : UpdateStatus.Acknowledged)
        .build();
  }

  /** Deletes points by id on every serving replica; the double does not delete by filter. */
  UpdateResult delete(DeletePoints req) {
    TestCollection c = routing.collection(req.getCollectionName());
    if (!req.getPoints().hasPoints()) {
      throw QdrantErrors.wrongInput(
          "the test double deletes points by id only, not by filter (Qdrant does both)");
    }
    Map<Integer, List<PointId>> byShard = new HashMap<>();
    for (PointId id : req.getPoints().getPoints().getIdsList()) {
      byShard.computeIfAbsent(PointIds.shardOf(id, c.shardNumber), k -> new ArrayList<>()).add(id);
    }
    for (Map.Entry<Integer, List<PointId>> e : byShard.entrySet()) {
      for (Replica r : c.shards.get(e.getKey())) {
        if (cluster.serving(r.node)) {
          r.store.removeAll(e.getValue());
        } else {
          r.missedWrites = true;
        }
      }
    }
    boolean wait = req.hasWait() && req.getWait();
    return UpdateResult.newBuilder()
        .setOperationId(cluster.updateOperations.incrementAndGet())
        .setStatus(wait ? UpdateStatus.Completed : UpdateStatus.Acknowledged)
        .build();
  }

  /** Creates a payload index; as on Qdrant, an index that exists is replaced, not an error. */
  UpdateResult createFieldIndex(CreateFieldIndexCollection req) {
    TestCollection c = routing.collection(req.getCollectionName());
    if (req.getFieldName().isEmpty()) {
      throw QdrantErrors.wrongInput("field_name: must not be empty");
    }
    PayloadSchemaType type =
        switch (req.getFieldType()) {
          case FieldTypeKeyword -> PayloadSchemaType.Keyword;
          case FieldTypeInteger -> PayloadSchemaType.Integer;
          case FieldTypeFloat -> PayloadSchemaType.Float;
          case FieldTypeGeo -> PayloadSchemaType.Geo;
          case FieldTypeText -> PayloadSchemaType.Text;
          case FieldTypeBool -> PayloadSchemaType.Bool;
          case FieldTypeDatetime -> PayloadSchemaType.Datetime;
          case FieldTypeUuid -> PayloadSchemaType.Uuid;
          default -> throw QdrantErrors.wrongInput("field_type: unknown " + req.getFieldType());
        };
    c.payloadIndexes.put(req.getFieldName(), type);
    if (req.hasFieldIndexParams()) {
      c.payloadIndexParams.put(req.getFieldName(), req.getFieldIndexParams());
    } else {
      c.payloadIndexParams.remove(req.getFieldName());
    }
    return UpdateResult.newBuilder()
        .setOperationId(cluster.updateOperations.incrementAndGet())
        .setStatus(req.getWait() ? UpdateStatus.Completed : UpdateStatus.Acknowledged)
        .build();
  }

  @SuppressWarnings("deprecation")
  private static float[] vectorOf(PointStruct p, TestCollection c) {
    if (!p.hasVectors() || !p.getVectors().hasVector()) {
      if (p.hasVectors() && p.getVectors().hasVectors()) {
        String name =
            p.getVectors().getVectors().getVectorsMap().keySet().stream().findFirst().orElse("");
        throw QdrantErrors.wrongInput("Not existing vector name error: " + name);
      }
      throw QdrantErrors.wrongInput("point " + PointIds.describe(p.getId()) + " has no vector");
    }
    Vector v = p.getVectors().getVector();
    float[] data;
    if (v.hasDense()) {
      data = toArray(v.getDense());
    } else if (v.getDataCount() > 0) {
      data = new float[v.getDataCount()];
      for (int i = 0; i < data.length; i++) {
        data[i] = v.getData(i);
      }
    } else {
      throw QdrantErrors.wrongInput(
          "the qharness test cluster stores dense vectors only (point "
              + PointIds.describe(p.getId())
              + ")");
    }
    if (data.length != c.dim) {
      throw QdrantErrors.dimensionMismatch(c.dim, data.length);
    }
    return data;
  }

  static float[] toArray(DenseVector d) {
    float[] out = new float[d.getDataCount()];
    for (int i = 0; i < out.length; i++) {
      out[i] = d.getData(i);
    }
    return out;
  }
}
