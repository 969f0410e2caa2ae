package io.qharness.protocol.internal;

import io.gatling.core.session.Session;
import io.grpc.MethodDescriptor;
import io.qdrant.client.grpc.Points.QueryPoints;
import io.qdrant.client.grpc.Points.QueryResponse;
import io.qdrant.client.grpc.PointsGrpc;
import io.qharness.protocol.QdrantResult;

/**
 * A read through Qdrant's universal Query API ({@code Points/Query}): every Query-API action
 * differs only in the request it builds; the response is a list of scored points with recall
 * against the call's expectation, and the server's {@code time}.
 */
public final class QueryOperation implements Operation<QueryPoints, QueryResponse> {
  /** Builds one call's request, recording its expectation (ground truth) in the call. */
  @FunctionalInterface
  public interface Request {
    QueryPoints build(Session session, String collection, Operation.CallContext call);
  }

  private final Request request;

  public QueryOperation(Request request) {
    this.request = request;
  }

  @Override
  public MethodDescriptor<QueryPoints, QueryResponse> method() {
    return PointsGrpc.getQueryMethod();
  }

  @Override
  public QdrantResult.Kind kind() {
    return QdrantResult.Kind.POINTS;
  }

  @Override
  public QueryPoints request(Session session, String collection, CallContext call) {
    return request.build(session, collection, call);
  }

  @Override
  public QdrantResult result(QueryResponse response, CallContext call) {
    return QdrantResult.points(response.getResultList(), call.expected(), call.k());
  }

  @Override
  public double serverSeconds(QueryResponse response) {
    return response.getTime();
  }

  @Override
  public boolean idempotent() {
    return true;
  }
}
