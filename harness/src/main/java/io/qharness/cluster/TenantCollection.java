package io.qharness.cluster;

import io.grpc.StatusRuntimeException;
import io.qdrant.client.grpc.Collections.CollectionInfo;
import io.qdrant.client.grpc.Collections.GetCollectionInfoRequest;
import io.qdrant.client.grpc.Collections.ListShardKeysRequest;
import io.qdrant.client.grpc.Collections.PayloadSchemaInfo;
import io.qdrant.client.grpc.Collections.PayloadSchemaType;
import io.qdrant.client.grpc.Collections.ShardKeyDescription;
import io.qdrant.client.grpc.Collections.ShardingMethod;
import io.qdrant.client.grpc.CollectionsGrpc;
import io.qdrant.client.grpc.Common.PointId;
import io.qdrant.client.grpc.JsonWithInt.Value;
import io.qdrant.client.grpc.Points.GetPoints;
import io.qdrant.client.grpc.Points.RetrievedPoint;
import io.qdrant.client.grpc.Points.WithPayloadSelector;
import io.qdrant.client.grpc.PointsGrpc;
import io.qharness.grpc.GrpcFailures;
import io.qharness.grpc.QdrantNode;
import io.qharness.grpc.QdrantNodes;
import io.qharness.workload.tenants.TenantLayout;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * Checks, before a multi-tenant run reuses a collection (upload=false), that it is laid out as the
 * run's tenants say: an is_tenant keyword index on the tenant field, the shard keys the tenants
 * live on, and sample points in the tenants the layout gives them. Without these, searches filtered
 * to a tenant would scan, name shard keys that do not exist, or be judged against another layout's
 * ground truth.
 */
public final class TenantCollection {
  private TenantCollection() {}

  /** What the collection holds: sharding, shard keys, tenant indexes, sampled points' tenants. */
  public record Found(
      boolean customSharding,
      List<String> shardKeys,
      String tenantIndex,
      Map<Long, String> tenantOfSampledIds) {}

  /** Reads what {@link #problems} judges, through the first node that answers. */
  public static Found read(
      QdrantNodes nodes, String collection, TenantLayout layout, Duration deadline) {
    StatusRuntimeException last = null;
    for (QdrantNode node : nodes.all()) {
      try {
        return read(node, collection, layout, deadline);
      } catch (StatusRuntimeException e) {
        last = e;
      }
    }
    throw new IllegalStateException(
        "no node could describe collection `"
            + collection
            + "`: "
            + (last == null
                ? "no nodes"
                : GrpcFailures.describe(last, nodes.all().get(0), deadline)));
  }

  private static Found read(
      QdrantNode node, String collection, TenantLayout layout, Duration deadline) {
    CollectionInfo info =
        CollectionsGrpc.newBlockingStub(node.channel())
            .withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS)
            .get(GetCollectionInfoRequest.newBuilder().setCollectionName(collection).build())
            .getResult();
    boolean custom = info.getConfig().getParams().getShardingMethod() == ShardingMethod.Custom;
    List<String> keys = new ArrayList<>();
    if (custom) {
      for (ShardKeyDescription d :
          CollectionsGrpc.newBlockingStub(node.channel())
              .withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS)
              .listShardKeys(
                  ListShardKeysRequest.newBuilder().setCollectionName(collection).build())
              .getShardKeysList()) {
        keys.add(d.getKey().hasKeyword() ? d.getKey().getKeyword() : "" + d.getKey().getNumber());
      }
    }
    PayloadSchemaInfo schema = info.getPayloadSchemaMap().get(TenantLayout.FIELD);
    String index = null;
    if (schema != null) {
      boolean tenant =
          schema.getParams().hasKeywordIndexParams()
              && schema.getParams().getKeywordIndexParams().getIsTenant();
      index =
          schema.getDataType() == PayloadSchemaType.Keyword
              ? (tenant ? "keyword, is_tenant" : "keyword")
              : schema.getDataType().name().toLowerCase(Locale.ROOT);
    }
    GetPoints.Builder get =
        GetPoints.newBuilder()
            .setCollectionName(collection)
            .setWithPayload(WithPayloadSelector.newBuilder().setEnable(true));
    for (long id : samples(layout)) {
      get.addIds(PointId.newBuilder().setNum(id));
    }
    Map<Long, String> tenants = new LinkedHashMap<>();
    for (RetrievedPoint p :
        PointsGrpc.newBlockingStub(node.channel())
            .withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS)
            .get(get.build())
            .getResultList()) {
      Value v = p.getPayloadMap().get(TenantLayout.FIELD);
      tenants.put(p.getId().getNum(), v == null ? null : v.getStringValue());
    }
    return new Found(custom, keys, index, tenants);
  }

  /** The first and last point of the largest, a middle and the smallest tenant. */
  static List<Long> samples(TenantLayout layout) {
    TreeSet<Long> ids = new TreeSet<>();
    for (int t : new int[] {0, layout.tenants() / 2, layout.tenants() - 1}) {
      ids.add(layout.first(t));
      ids.add(layout.first(t) + layout.size(t) - 1);
    }
    return List.copyOf(ids);
  }

  /** What does not fit the layout, each naming the fix; empty when the collection fits. */
  public static List<String> problems(String collection, Found found, TenantLayout layout) {
    List<String> out = new ArrayList<>();
    if (found.tenantIndex() == null || !found.tenantIndex().contains("is_tenant")) {
      out.add(
          "collection `"
              + collection
              + "` has "
              + (found.tenantIndex() == null
                  ? "no payload index on `" + TenantLayout.FIELD + "`"
                  : "a " + found.tenantIndex() + " index on `" + TenantLayout.FIELD + "`")
              + ", not a keyword index with is_tenant=true: searches filtered to a tenant would"
              + " not use it; reload with upload=true, or create it (PUT /collections/"
              + collection
              + "/index {\"field_name\": \""
              + TenantLayout.FIELD
              + "\", \"field_schema\": {\"type\": \"keyword\", \"is_tenant\": true}})");
    }
    if (layout.shardKeys() > 0 && !found.customSharding()) {
      out.add(
          "collection `"
              + collection
              + "` uses automatic sharding, but tenantShardKeys="
              + layout.shardKeys()
              + " needs custom sharding with shard keys "
              + String.join(", ", layout.keyNames())
              + ": set tenantShardKeys=0, or reload with upload=true");
    } else if (layout.shardKeys() > 0) {
      List<String> missing = new ArrayList<>();
      for (String k : layout.keyNames()) {
        if (!found.shardKeys().contains(k)) {
          missing.add(k);
        }
      }
      if (!missing.isEmpty()) {
        out.add(
            "collection `"
                + collection
                + "` has no shard key "
                + String.join(", ", missing)
                + " (it has "
                + (found.shardKeys().isEmpty()
                    ? "none"
                    : String.join(", ", new TreeSet<>(found.shardKeys())))
                + "): set tenantShardKeys to the number it was loaded with, or reload with"
                + " upload=true");
      }
    }
    for (long id : samples(layout)) {
      String expected = TenantLayout.name(layout.tenantOf(id));
      String held = found.tenantOfSampledIds().get(id);
      if (!expected.equals(held)) {
        out.add(
            "collection `"
                + collection
                + "` has point "
                + id
                + (found.tenantOfSampledIds().containsKey(id)
                    ? " in tenant " + held
                    : " missing or without a tenant")
                + " where this run's layout ("
                + layout
                + ") puts it in "
                + expected
                + ": run with the tenants and tenantSkew it was loaded with, or reload with"
                + " upload=true");
        break;
      }
    }
    return out;
  }
}
