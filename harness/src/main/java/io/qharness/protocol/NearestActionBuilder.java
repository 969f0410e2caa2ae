package io.qharness.protocol;

import io.gatling.javaapi.core.Session;
import io.qdrant.client.grpc.Common.Filter;
import io.qdrant.client.grpc.Points;
import io.qdrant.client.grpc.Points.ReadConsistency;
import io.qdrant.client.grpc.Points.ReadConsistencyType;
import io.qdrant.client.grpc.Points.SearchParams;
import io.qdrant.client.grpc.Points.WithPayloadSelector;
import io.qdrant.client.grpc.Points.WithVectorsSelector;
import io.qharness.protocol.internal.Expr;
import io.qharness.workload.QuerySet;
import java.util.Objects;
import java.util.function.Function;

/**
 * Options shared by nearest-neighbour requests (Search, Query, SearchBatch): where query vectors
 * come from, top-k, search parameters, filter, what to return, read consistency.
 */
public abstract class NearestActionBuilder<B extends NearestActionBuilder<B>>
    extends QdrantActionBuilder<B> {
  QuerySet queries;
  Expr<float[]> vector;
  Expr<long[]> expectedIds;
  int limit = 10;
  Long hnswEf;
  Boolean exact;
  String using;
  Boolean rescore;
  Double oversampling;
  Expr<Filter> filter;
  Boolean withPayload;
  Boolean withVectors;
  Float scoreThreshold;
  ReadConsistency readConsistency;

  protected NearestActionBuilder(String requestName) {
    super(requestName);
  }

  /**
   * Query vectors taken round-robin from a query set; when the set carries ground truth, recall@k
   * of every response is measured.
   */
  public B queries(QuerySet set) {
    Objects.requireNonNull(set, "query set");
    return with(
        b -> {
          b.queries = set;
          b.vector = null;
        });
  }

  /** The same query vector for every request. */
  public B vector(float[] v) {
    float[] copy = v.clone();
    return with(
        b -> {
          b.vector = Expr.constant(copy);
          b.queries = null;
        });
  }

  /** A query vector per request from the session, e.g. a feeder value. */
  public B vector(Function<Session, float[]> f) {
    return with(
        b -> {
          b.vector = Expr.of(f);
          b.queries = null;
        });
  }

  /** The session attribute holding the query vector (a float[]). */
  public B vectorAttribute(String name) {
    return with(
        b -> {
          b.vector = Expr.attribute(name);
          b.queries = null;
        });
  }

  /** The exact nearest ids for the query sent, best first: enables recall@k measurement. */
  public B expectedIds(Function<Session, long[]> f) {
    return with(b -> b.expectedIds = Expr.of(f));
  }

  /** Top-k: the number of results requested (default 10). */
  public B limit(int k) {
    if (k < 1) {
      throw new IllegalArgumentException("limit must be at least 1, got " + k);
    }
    return with(b -> b.limit = k);
  }

  /** HNSW beam size at search time (Qdrant's hnsw_ef). */
  public B hnswEf(long ef) {
    if (ef < 1) {
      throw new IllegalArgumentException("hnsw_ef must be at least 1, got " + ef);
    }
    return with(b -> b.hnswEf = ef);
  }

  /** Exact (full-scan) search instead of HNSW. */
  public B exact(boolean on) {
    return with(b -> b.exact = on);
  }

  /**
   * Search-time use of a quantized collection: {@code rescore} re-ranks candidates with the
   * original vectors, {@code oversampling} (at least 1) fetches that many times top-k quantized
   * candidates first. Null leaves Qdrant's default. No effect on a collection without quantization.
   */
  public B quantization(Boolean rescore, Double oversampling) {
    if (oversampling != null && !(oversampling >= 1.0)) {
      throw new IllegalArgumentException("oversampling must be at least 1, got " + oversampling);
    }
    return with(
        b -> {
          b.rescore = rescore;
          b.oversampling = oversampling;
        });
  }

  /** Searches the named vector {@code name} of a collection with named vectors. */
  public B using(String name) {
    Objects.requireNonNull(name, "vector name");
    return with(b -> b.using = name);
  }

  /**
   * Only points matching {@code f} are candidates, e.g. {@code
   * filter(Filter.newBuilder().addMust(matchKeyword("category", "a")).build())}.
   */
  public B filter(Filter f) {
    Objects.requireNonNull(f, "filter");
    return with(b -> b.filter = Expr.constant(f));
  }

  /** A filter per virtual user, from its session. */
  public B filter(Function<Session, Filter> f) {
    return with(b -> b.filter = Expr.of(f));
  }

  /** Return each hit's payload (default false: ids and scores only). */
  public B withPayload(boolean on) {
    return with(b -> b.withPayload = on);
  }

  /** Return each hit's vector (default false). */
  public B withVectors(boolean on) {
    return with(b -> b.withVectors = on);
  }

  /** Drop results whose score is worse than this (a maximum distance for Euclid/Manhattan). */
  public B scoreThreshold(float threshold) {
    return with(b -> b.scoreThreshold = threshold);
  }

  /**
   * How many replicas each search reads and agrees on, e.g. {@code ReadConsistencyType.Majority}.
   */
  public B readConsistency(ReadConsistencyType type) {
    return with(b -> b.readConsistency = ReadConsistency.newBuilder().setType(type).build());
  }

  /** Read from this many replicas and return points present on all of them. */
  public B readConsistency(int factor) {
    if (factor < 1) {
      throw new IllegalArgumentException(
          "read consistency factor must be at least 1, got " + factor);
    }
    return with(b -> b.readConsistency = ReadConsistency.newBuilder().setFactor(factor).build());
  }

  void requireVectors() {
    if (queries == null && vector == null) {
      throw new IllegalArgumentException(
          "request '"
              + requestName
              + "' has no query vector: use .queries(set), .vector(...) or .vectorAttribute(name)");
    }
  }

  SearchParams params() {
    if (hnswEf == null && exact == null && rescore == null && oversampling == null) {
      return null;
    }
    SearchParams.Builder p = SearchParams.newBuilder();
    if (hnswEf != null) {
      p.setHnswEf(hnswEf);
    }
    if (exact != null) {
      p.setExact(exact);
    }
    if (rescore != null || oversampling != null) {
      Points.QuantizationSearchParams.Builder q = Points.QuantizationSearchParams.newBuilder();
      if (rescore != null) {
        q.setRescore(rescore);
      }
      if (oversampling != null) {
        q.setOversampling(oversampling);
      }
      p.setQuantization(q);
    }
    return p.build();
  }

  WithPayloadSelector payloadSelector() {
    return withPayload == null
        ? null
        : WithPayloadSelector.newBuilder().setEnable(withPayload).build();
  }

  WithVectorsSelector vectorsSelector() {
    return withVectors == null
        ? null
        : WithVectorsSelector.newBuilder().setEnable(withVectors).build();
  }
}
