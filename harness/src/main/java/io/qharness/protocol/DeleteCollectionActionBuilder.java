package io.qharness.protocol;

import io.gatling.core.session.Session;
import io.grpc.MethodDescriptor;
import io.qdrant.client.grpc.Collections.CollectionOperationResponse;
import io.qdrant.client.grpc.Collections.DeleteCollection;
import io.qdrant.client.grpc.CollectionsGrpc;
import io.qharness.protocol.internal.Operation;

/**
 * Delete a collection: Qdrant's {@code Collections/Delete}. A missing collection is not an error.
 */
public final class DeleteCollectionActionBuilder
    extends QdrantActionBuilder<DeleteCollectionActionBuilder> {
  DeleteCollectionActionBuilder(String requestName) {
    super(requestName);
  }

  @Override
  QdrantResult.Kind kind() {
    return QdrantResult.Kind.COLLECTION;
  }

  @Override
  Operation<DeleteCollection, CollectionOperationResponse> operation() {
    return new Operation<>() {
      @Override
      public MethodDescriptor<DeleteCollection, CollectionOperationResponse> method() {
        return CollectionsGrpc.getDeleteMethod();
      }

      @Override
      public QdrantResult.Kind kind() {
        return QdrantResult.Kind.COLLECTION;
      }

      @Override
      public DeleteCollection request(Session session, String collection, CallContext call) {
        return DeleteCollection.newBuilder().setCollectionName(collection).build();
      }

      @Override
      public QdrantResult result(CollectionOperationResponse response, CallContext call) {
        return QdrantResult.collection(response.getResult());
      }

      @Override
      public double serverSeconds(CollectionOperationResponse response) {
        return response.getTime();
      }

      @Override
      public boolean idempotent() {
        return true;
      }
    };
  }
}
