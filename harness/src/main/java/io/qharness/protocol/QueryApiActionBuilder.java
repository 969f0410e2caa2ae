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
import io.qharness.protocol.internal.SearchOptions;
import java.util.Objects;
import java.util.function.Function;

/**
 * Options of every ranked read (search, query, grouped query, recommendation, hybrid and
 * multivector query): top-k, search parameters, the vector searched, filter, what to return, read
 * consistency. Each is left at Qdrant's default unless set.
 */
public abstract class QueryApiActionBuilder<B extends QueryApiActionBuilder<B>>
    extends QdrantActionBuilder<B> {
  int limit = 10;
  Integer hnswEf;
  Boolean exact;
  Boolean rescore;
  Double oversampling;
  String using;
  Expr<Filter> filter;
  Boolean withPayload;
  Boolean withVectors;
  Float scoreThreshold;
  ReadConsistency readConsistency;

  QueryApiActionBuilder(String requestName) {
    super(requestName);
  }

  /** Top-k: the number of results requested (default 10). */
  public B limit(int k) {
    if (k < 1) {
      throw new IllegalArgumentException("limit must be at least 1, got " + k);
    }
    return with(b -> b.limit = k);
  }

  /** HNSW beam size at search time (Qdrant's hnsw_ef). */
  public B hnswEf(int ef) {
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

  /** The options, frozen for the action being built. */
  SearchOptions options() {
    return SearchOptions.limit(limit)
        .params(params())
        .using(using)
        .filter(filter)
        .payload(
            withPayload == null
                ? null
                : WithPayloadSelector.newBuilder().setEnable(withPayload).build())
        .vectors(
            withVectors == null
                ? null
                : WithVectorsSelector.newBuilder().setEnable(withVectors).build())
        .scoreThreshold(scoreThreshold)
        .consistency(readConsistency)
        .build();
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
}
