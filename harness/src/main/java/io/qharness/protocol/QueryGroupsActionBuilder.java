package io.qharness.protocol;

import io.gatling.core.session.Session;
import io.grpc.MethodDescriptor;
import io.qdrant.client.grpc.Points.PointGroup;
import io.qdrant.client.grpc.Points.Query;
import io.qdrant.client.grpc.Points.QueryGroupsResponse;
import io.qdrant.client.grpc.Points.QueryPointGroups;
import io.qdrant.client.grpc.Points.ScoredPoint;
import io.qdrant.client.grpc.Points.VectorInput;
import io.qdrant.client.grpc.PointsGrpc;
import io.qharness.grpc.ProtoVectors;
import io.qharness.protocol.internal.NearestRequest;
import io.qharness.protocol.internal.Operation;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Grouped search through the Query API ({@code Points/QueryGroups}): the {@link #limit} best groups
 * of a payload field's values, each with up to {@link #groupSize} nearest points, as a RAG search
 * returns the best chunks of a few distinct documents. Checks see the groups' hits one group after
 * the other; recall is over those hits, against the exact groups of the query set (see {@link
 * io.qharness.workload.truth.GroupedGroundTruth}), with k = limit x groupSize.
 */
public final class QueryGroupsActionBuilder extends NearestActionBuilder<QueryGroupsActionBuilder> {
  String groupBy;
  int groupSize = 3;

  QueryGroupsActionBuilder(String requestName) {
    super(requestName);
  }

  /** The payload field whose values make the groups (keyword or integer). */
  public QueryGroupsActionBuilder groupBy(String field) {
    Objects.requireNonNull(field, "group-by field");
    return with(b -> b.groupBy = field);
  }

  /** At most this many points per group (default 3). */
  public QueryGroupsActionBuilder groupSize(int n) {
    if (n < 1) {
      throw new IllegalArgumentException("groupSize must be at least 1, got " + n);
    }
    return with(b -> b.groupSize = n);
  }

  @Override
  QdrantResult.Kind kind() {
    return QdrantResult.Kind.POINTS;
  }

  @Override
  Operation<QueryPointGroups, QueryGroupsResponse> operation() {
    requireVectors();
    if (groupBy == null) {
      throw new IllegalArgumentException(
          "request '" + requestName + "' needs .groupBy(payload field)");
    }
    NearestRequest o = request();
    String field = groupBy;
    int size = groupSize;
    return new Operation<>() {
      @Override
      public MethodDescriptor<QueryPointGroups, QueryGroupsResponse> method() {
        return PointsGrpc.getQueryGroupsMethod();
      }

      @Override
      public QdrantResult.Kind kind() {
        return QdrantResult.Kind.POINTS;
      }

      @Override
      public QueryPointGroups request(Session session, String collection, CallContext call) {
        int i = o.next();
        long[] truth = o.truth(session, i);
        if (truth != null) {
          call.expect(truth, o.options().limit() * size);
        }
        QueryPointGroups.Builder b =
            QueryPointGroups.newBuilder()
                .setCollectionName(collection)
                .setQuery(
                    Query.newBuilder()
                        .setNearest(
                            VectorInput.newBuilder()
                                .setDense(ProtoVectors.dense(o.vector(session, i)))))
                .setGroupBy(field)
                .setGroupSize(size);
        o.options().applyTo(b, o.filter(session, i));
        return b.build();
      }

      @Override
      public QdrantResult result(QueryGroupsResponse response, CallContext call) {
        List<PointGroup> groups = response.getResult().getGroupsList();
        List<ScoredPoint> hits = new ArrayList<>(groups.size() * size);
        for (PointGroup g : groups) {
          hits.addAll(g.getHitsList());
        }
        return QdrantResult.points(hits).expect(call.expected(), call.k());
      }

      @Override
      public double serverSeconds(QueryGroupsResponse response) {
        return response.getTime();
      }

      @Override
      public boolean idempotent() {
        return true;
      }
    };
  }
}
