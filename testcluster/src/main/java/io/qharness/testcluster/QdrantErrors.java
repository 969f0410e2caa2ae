package io.qharness.testcluster;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.qdrant.client.grpc.Common;

/** gRPC errors worded and coded as Qdrant words and codes them. */
final class QdrantErrors {
  private QdrantErrors() {}

  static StatusRuntimeException collectionNotFound(String name) {
    return Status.NOT_FOUND
        .withDescription("Not found: Collection `" + name + "` doesn't exist!")
        .asRuntimeException();
  }

  static StatusRuntimeException wrongInput(String message) {
    return Status.INVALID_ARGUMENT.withDescription("Wrong input: " + message).asRuntimeException();
  }

  static StatusRuntimeException alreadyExists(String name) {
    return Status.ALREADY_EXISTS
        .withDescription("Wrong input: Collection `" + name + "` already exists!")
        .asRuntimeException();
  }

  static StatusRuntimeException dimensionMismatch(int expected, int got) {
    return wrongInput("Vector dimension error: expected dim: " + expected + ", got " + got);
  }

  static StatusRuntimeException unavailable(String message) {
    return Status.UNAVAILABLE
        .withDescription("Service unavailable: " + message)
        .asRuntimeException();
  }

  static StatusRuntimeException internal(String message) {
    return Status.INTERNAL
        .withDescription("Service internal error: " + message)
        .asRuntimeException();
  }

  static StatusRuntimeException collectionPointNotFound(Common.PointId id) {
    return Status.NOT_FOUND
        .withDescription("Not found: No point with id " + PointIds.describe(id) + " found")
        .asRuntimeException();
  }
}
