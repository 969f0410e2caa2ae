package io.qharness.protocol;

import io.gatling.core.session.Session;
import io.grpc.MethodDescriptor;
import io.qdrant.client.grpc.Collections.CreateShardKey;
import io.qdrant.client.grpc.Collections.CreateShardKeyRequest;
import io.qdrant.client.grpc.Collections.CreateShardKeyResponse;
import io.qdrant.client.grpc.Collections.ShardKey;
import io.qdrant.client.grpc.CollectionsGrpc;
import io.qharness.protocol.internal.Operation;

/**
 * Create a shard key in a collection made with custom sharding ({@code
 * createCollection().customSharding()}): Qdrant's {@code Collections/CreateShardKey}. Its shards
 * (shard_number of the collection, unless {@link #shards}) are placed on the cluster's nodes;
 * upserts and searches then name the key they go to.
 */
public final class CreateShardKeyActionBuilder
    extends QdrantActionBuilder<CreateShardKeyActionBuilder> {
  private final String key;
  private Integer shards;
  private Integer replicationFactor;

  CreateShardKeyActionBuilder(String requestName, String key) {
    super(requestName);
    if (key == null || key.isBlank()) {
      throw new IllegalArgumentException("request '" + requestName + "': the shard key is empty");
    }
    this.key = key;
  }

  /** Shards of this key (default: the collection's shard_number). */
  public CreateShardKeyActionBuilder shards(int n) {
    if (n < 1) {
      throw new IllegalArgumentException("a shard key needs at least 1 shard, got " + n);
    }
    return with(b -> b.shards = n);
  }

  /** Copies of each of this key's shards (default: the collection's replication_factor). */
  public CreateShardKeyActionBuilder replicationFactor(int n) {
    if (n < 1) {
      throw new IllegalArgumentException("replication_factor must be at least 1, got " + n);
    }
    return with(b -> b.replicationFactor = n);
  }

  @Override
  QdrantResult.Kind kind() {
    return QdrantResult.Kind.COLLECTION;
  }

  @Override
  Operation<CreateShardKeyRequest, CreateShardKeyResponse> operation() {
    CreateShardKey.Builder spec =
        CreateShardKey.newBuilder().setShardKey(ShardKey.newBuilder().setKeyword(key));
    if (shards != null) {
      spec.setShardsNumber(shards);
    }
    if (replicationFactor != null) {
      spec.setReplicationFactor(replicationFactor);
    }
    CreateShardKey request = spec.build();
    return new Operation<>() {
      @Override
      public MethodDescriptor<CreateShardKeyRequest, CreateShardKeyResponse> method() {
        return CollectionsGrpc.getCreateShardKeyMethod();
      }

      @Override
      public QdrantResult.Kind kind() {
        return QdrantResult.Kind.COLLECTION;
      }

      @Override
      public CreateShardKeyRequest request(Session session, String collection, CallContext call) {
        return CreateShardKeyRequest.newBuilder()
            .setCollectionName(collection)
            .setRequest(request)
            .build();
      }

      @Override
      public QdrantResult result(CreateShardKeyResponse response, CallContext call) {
        return QdrantResult.collection(response.getResult());
      }

      @Override
      public double serverSeconds(CreateShardKeyResponse response) {
        return 0; // Qdrant does not report it
      }

      @Override
      public boolean invalidInputStopsRun() {
        return true;
      }

      @Override
      public boolean idempotent() {
        return false; // a second create of the same key is refused
      }
    };
  }
}
