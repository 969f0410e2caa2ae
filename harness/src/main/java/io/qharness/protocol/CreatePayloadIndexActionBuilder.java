package io.qharness.protocol;

import io.gatling.core.session.Session;
import io.grpc.MethodDescriptor;
import io.qdrant.client.grpc.Collections.DatetimeIndexParams;
import io.qdrant.client.grpc.Collections.FloatIndexParams;
import io.qdrant.client.grpc.Collections.IntegerIndexParams;
import io.qdrant.client.grpc.Collections.KeywordIndexParams;
import io.qdrant.client.grpc.Collections.PayloadIndexParams;
import io.qdrant.client.grpc.Collections.UuidIndexParams;
import io.qdrant.client.grpc.Points.CreateFieldIndexCollection;
import io.qdrant.client.grpc.Points.FieldType;
import io.qdrant.client.grpc.Points.PointsOperationResponse;
import io.qdrant.client.grpc.PointsGrpc;
import io.qharness.protocol.internal.Operation;
import java.util.Objects;

/**
 * Create a payload index on one field: Qdrant's {@code Points/CreateFieldIndex}, waiting until it
 * is built, so the request's time is the index build's. Filtered searches on an unindexed field
 * scan payloads and, on HNSW, lose recall: index every field a workload filters on.
 */
public final class CreatePayloadIndexActionBuilder
    extends QdrantActionBuilder<CreatePayloadIndexActionBuilder> {
  private final String field;
  private final FieldType type;
  private PayloadIndexParams params;
  private Boolean tenant;
  private Boolean principal;

  CreatePayloadIndexActionBuilder(String requestName, String field, FieldType type) {
    super(requestName);
    if (field == null || field.isBlank()) {
      throw new IllegalArgumentException(
          "request '" + requestName + "': the payload field to index has no name");
    }
    this.field = field;
    this.type = Objects.requireNonNull(type, "field type");
    if (type == FieldType.UNRECOGNIZED) {
      throw new IllegalArgumentException("request '" + requestName + "': unknown field type");
    }
  }

  /** The full index parameters, as Qdrant's client builds them (overrides tenant and principal). */
  public CreatePayloadIndexActionBuilder params(PayloadIndexParams params) {
    Objects.requireNonNull(params, "params");
    return with(b -> b.params = params);
  }

  /**
   * Marks a keyword or uuid field as the tenant id, so Qdrant keeps each tenant's points together
   * (multitenancy).
   */
  public CreatePayloadIndexActionBuilder tenant(boolean isTenant) {
    if (type != FieldType.FieldTypeKeyword && type != FieldType.FieldTypeUuid) {
      throw new IllegalArgumentException(
          "request '" + requestName + "': tenant applies to keyword and uuid fields, not " + type);
    }
    return with(b -> b.tenant = isTenant);
  }

  /**
   * Marks an integer, float or datetime field as the principal one, which most searches filter on,
   * so Qdrant orders storage by it.
   */
  public CreatePayloadIndexActionBuilder principal(boolean isPrincipal) {
    if (type != FieldType.FieldTypeInteger
        && type != FieldType.FieldTypeFloat
        && type != FieldType.FieldTypeDatetime) {
      throw new IllegalArgumentException(
          "request '"
              + requestName
              + "': principal applies to integer, float and datetime fields, not "
              + type);
    }
    return with(b -> b.principal = isPrincipal);
  }

  @Override
  QdrantResult.Kind kind() {
    return QdrantResult.Kind.UPDATE;
  }

  private PayloadIndexParams effectiveParams() {
    if (params != null) {
      return params;
    }
    if (tenant != null) {
      return type == FieldType.FieldTypeKeyword
          ? PayloadIndexParams.newBuilder()
              .setKeywordIndexParams(KeywordIndexParams.newBuilder().setIsTenant(tenant))
              .build()
          : PayloadIndexParams.newBuilder()
              .setUuidIndexParams(UuidIndexParams.newBuilder().setIsTenant(tenant))
              .build();
    }
    if (principal != null) {
      return switch (type) {
        case FieldTypeInteger ->
            PayloadIndexParams.newBuilder()
                .setIntegerIndexParams(
                    IntegerIndexParams.newBuilder()
                        .setLookup(true)
                        .setRange(true)
                        .setIsPrincipal(principal))
                .build();
        case FieldTypeFloat ->
            PayloadIndexParams.newBuilder()
                .setFloatIndexParams(FloatIndexParams.newBuilder().setIsPrincipal(principal))
                .build();
        default ->
            PayloadIndexParams.newBuilder()
                .setDatetimeIndexParams(DatetimeIndexParams.newBuilder().setIsPrincipal(principal))
                .build();
      };
    }
    return null;
  }

  @Override
  Operation<CreateFieldIndexCollection, PointsOperationResponse> operation() {
    PayloadIndexParams p = effectiveParams();
    return new Operation<>() {
      @Override
      public MethodDescriptor<CreateFieldIndexCollection, PointsOperationResponse> method() {
        return PointsGrpc.getCreateFieldIndexMethod();
      }

      @Override
      public QdrantResult.Kind kind() {
        return QdrantResult.Kind.UPDATE;
      }

      @Override
      public CreateFieldIndexCollection request(
          Session session, String collection, CallContext call) {
        CreateFieldIndexCollection.Builder b =
            CreateFieldIndexCollection.newBuilder()
                .setCollectionName(collection)
                .setFieldName(field)
                .setFieldType(type)
                .setWait(true);
        if (p != null) {
          b.setFieldIndexParams(p);
        }
        return b.build();
      }

      @Override
      public QdrantResult result(PointsOperationResponse response, CallContext call) {
        return QdrantResult.update(response.getResult());
      }

      @Override
      public double serverSeconds(PointsOperationResponse response) {
        return response.getTime();
      }

      @Override
      public boolean idempotent() {
        return true; // creating an index that exists is a no-op
      }

      @Override
      public boolean invalidInputStopsRun() {
        return true; // a wrong field type would fail the same way on every retry
      }
    };
  }
}
