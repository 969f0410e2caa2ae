package io.qharness.testcluster;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Qdrant's API-key check for gRPC: the key comes in the {@code api-key} header or as an {@code
 * authorization: Bearer} token; health checks need none.
 */
final class ApiKeyInterceptor implements ServerInterceptor {
  static final Metadata.Key<String> API_KEY =
      Metadata.Key.of("api-key", Metadata.ASCII_STRING_MARSHALLER);
  static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

  private final byte[] expected;

  ApiKeyInterceptor(String apiKey) {
    this.expected = apiKey.getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    String method = call.getMethodDescriptor().getFullMethodName();
    if (method.equals("qdrant.Qdrant/HealthCheck") || method.startsWith("grpc.health.v1.")) {
      return next.startCall(call, headers);
    }
    String given = headers.get(API_KEY);
    if (given == null) {
      String auth = headers.get(AUTHORIZATION);
      if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
        given = auth.substring(7).trim();
      }
    }
    if (given == null) {
      call.close(
          Status.UNAUTHENTICATED.withDescription(
              "Must provide an API key or an Authorization bearer token"),
          new Metadata());
      return new ServerCall.Listener<>() {};
    }
    if (!MessageDigest.isEqual(expected, given.getBytes(StandardCharsets.UTF_8))) {
      call.close(Status.UNAUTHENTICATED.withDescription("Invalid API key or JWT"), new Metadata());
      return new ServerCall.Listener<>() {};
    }
    return next.startCall(call, headers);
  }
}
