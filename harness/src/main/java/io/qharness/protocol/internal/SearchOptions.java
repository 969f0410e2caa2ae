package io.qharness.protocol.internal;

import io.gatling.core.session.Session;
import io.qdrant.client.grpc.Common.Filter;
import io.qdrant.client.grpc.Points.QueryPointGroups;
import io.qdrant.client.grpc.Points.QueryPoints;
import io.qdrant.client.grpc.Points.ReadConsistency;
import io.qdrant.client.grpc.Points.SearchParams;
import io.qdrant.client.grpc.Points.SearchPoints;
import io.qdrant.client.grpc.Points.WithPayloadSelector;
import io.qdrant.client.grpc.Points.WithVectorsSelector;

/**
 * A ranked read's options (top-k, search parameters, vector name, filter, what to return, read
 * consistency), frozen when its action is built and set the same way on every request message that
 * carries them: Search, Query and QueryGroups.
 */
public final class SearchOptions {
  private final int limit;
  private final SearchParams params;
  private final String using;
  private final Expr<Filter> filter;
  private final WithPayloadSelector payload;
  private final WithVectorsSelector vectors;
  private final Float scoreThreshold;
  private final ReadConsistency consistency;

  private SearchOptions(Builder b) {
    limit = b.limit;
    params = b.params;
    using = b.using;
    filter = b.filter;
    payload = b.payload;
    vectors = b.vectors;
    scoreThreshold = b.scoreThreshold;
    consistency = b.consistency;
  }

  /** Options of a read returning {@code limit} results; null options leave Qdrant's defaults. */
  public static Builder limit(int limit) {
    return new Builder(limit);
  }

  public int limit() {
    return limit;
  }

  /** hnsw_ef, exact, quantization; null when none is set. */
  public SearchParams params() {
    return params;
  }

  /** The named vector searched; null for the unnamed one. */
  public String using() {
    return using;
  }

  public ReadConsistency consistency() {
    return consistency;
  }

  /** The action's own filter wins over {@code perQuery}, the query's (may be null). */
  public Filter filter(Session session, Filter perQuery) {
    return filter != null ? filter.apply(session) : perQuery;
  }

  /** Every option, with {@code f} as the filter (null: none). */
  public QueryPoints.Builder applyTo(QueryPoints.Builder b, Filter f) {
    b.setLimit(limit);
    if (params != null) {
      b.setParams(params);
    }
    if (using != null) {
      b.setUsing(using);
    }
    return applyResultOptionsTo(b, f);
  }

  /**
   * Filter, payload, vectors, score threshold and read consistency, but not limit, parameters and
   * vector name: a fused query sets those on its prefetches.
   */
  public QueryPoints.Builder applyResultOptionsTo(QueryPoints.Builder b, Filter f) {
    if (f != null) {
      b.setFilter(f);
    }
    if (payload != null) {
      b.setWithPayload(payload);
    }
    if (vectors != null) {
      b.setWithVectors(vectors);
    }
    if (scoreThreshold != null) {
      b.setScoreThreshold(scoreThreshold);
    }
    if (consistency != null) {
      b.setReadConsistency(consistency);
    }
    return b;
  }

  /** Every option, with {@code f} as the filter (null: none). */
  public QueryPointGroups.Builder applyTo(QueryPointGroups.Builder b, Filter f) {
    b.setLimit(limit);
    if (params != null) {
      b.setParams(params);
    }
    if (using != null) {
      b.setUsing(using);
    }
    if (f != null) {
      b.setFilter(f);
    }
    if (payload != null) {
      b.setWithPayload(payload);
    }
    if (vectors != null) {
      b.setWithVectors(vectors);
    }
    if (scoreThreshold != null) {
      b.setScoreThreshold(scoreThreshold);
    }
    if (consistency != null) {
      b.setReadConsistency(consistency);
    }
    return b;
  }

  /**
   * Every option but read consistency, which a batch sets once for all its searches; {@code f} as
   * the filter (null: none).
   */
  public SearchPoints.Builder applyTo(SearchPoints.Builder b, Filter f) {
    b.setLimit(limit);
    if (params != null) {
      b.setParams(params);
    }
    if (using != null) {
      b.setVectorName(using);
    }
    if (f != null) {
      b.setFilter(f);
    }
    if (payload != null) {
      b.setWithPayload(payload);
    }
    if (vectors != null) {
      b.setWithVectors(vectors);
    }
    if (scoreThreshold != null) {
      b.setScoreThreshold(scoreThreshold);
    }
    return b;
  }

  /** The options one by one; each left out stays at Qdrant's default. */
  public static final class Builder {
    private final int limit;
    private SearchParams params;
    private String using;
    private Expr<Filter> filter;
    private WithPayloadSelector payload;
    private WithVectorsSelector vectors;
    private Float scoreThreshold;
    private ReadConsistency consistency;

    private Builder(int limit) {
      this.limit = limit;
    }

    public Builder params(SearchParams p) {
      params = p;
      return this;
    }

    public Builder using(String name) {
      using = name;
      return this;
    }

    public Builder filter(Expr<Filter> f) {
      filter = f;
      return this;
    }

    public Builder payload(WithPayloadSelector p) {
      payload = p;
      return this;
    }

    public Builder vectors(WithVectorsSelector v) {
      vectors = v;
      return this;
    }

    public Builder scoreThreshold(Float t) {
      scoreThreshold = t;
      return this;
    }

    public Builder consistency(ReadConsistency c) {
      consistency = c;
      return this;
    }

    public SearchOptions build() {
      return new SearchOptions(this);
    }
  }
}
