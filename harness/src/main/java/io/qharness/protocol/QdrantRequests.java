package io.qharness.protocol;

import io.qdrant.client.grpc.Points.FieldType;

/** The actions a named Qdrant request can be: {@code qdrant("name").search()...}. */
public final class QdrantRequests {
  private final String name;

  QdrantRequests(String name) {
    this.name = name;
  }

  /** Creates the collection: {@code qdrant("create").createCollection().vectorSize(128)}. */
  public CreateCollectionActionBuilder createCollection() {
    return new CreateCollectionActionBuilder(name);
  }

  /** Deletes the collection (OK when it does not exist). */
  public DeleteCollectionActionBuilder deleteCollection() {
    return new DeleteCollectionActionBuilder(name);
  }

  /**
   * Creates a payload index on a field and waits until it is built (the request's time is the
   * build's): {@code qdrant("index").createPayloadIndex("category", FieldType.FieldTypeKeyword)}.
   */
  public CreatePayloadIndexActionBuilder createPayloadIndex(String field, FieldType type) {
    return new CreatePayloadIndexActionBuilder(name, field, type);
  }

  /**
   * Create shard key {@code key} in a collection made with {@code customSharding()}; upserts and
   * searches name it with their shard key selector.
   */
  public CreateShardKeyActionBuilder createShardKey(String key) {
    return new CreateShardKeyActionBuilder(name, key);
  }

  /** Waits until every replica is ready and indexed; the wait is the request's time. */
  public WaitForGreenActionBuilder waitForGreen() {
    return new WaitForGreenActionBuilder(name);
  }

  /** Writes points: {@code qdrant("upload").upsert().batches(points)}. */
  public UpsertActionBuilder upsert() {
    return new UpsertActionBuilder(name);
  }

  /** Top-k search by vector: {@code qdrant("search").search().queries(queries).limit(10)}. */
  public SearchActionBuilder search() {
    return new SearchActionBuilder(name);
  }

  /** Nearest-neighbour search through the universal Query API. */
  public QueryActionBuilder query() {
    return new QueryActionBuilder(name);
  }

  /**
   * Grouped search through the Query API: the best groups of a payload field's values, each with
   * its nearest points: {@code qdrant("by doc").queryGroups().queries(q).groupBy("doc").limit(5)}.
   */
  public QueryGroupsActionBuilder queryGroups() {
    return new QueryGroupsActionBuilder(name);
  }

  /**
   * Recommendation by example (Query API, average_vector): points like some stored points and
   * unlike others: {@code qdrant("more like these").recommend().examples(set).limit(10)}.
   */
  public RecommendActionBuilder recommend() {
    return new RecommendActionBuilder(name);
  }

  /** Hybrid dense + sparse retrieval: two prefetches fused by RRF or DBSF (Query API). */
  public HybridQueryActionBuilder hybridQuery() {
    return new HybridQueryActionBuilder(name);
  }

  /** Late-interaction search of a named multivector by MaxSim (Query API). */
  public MultiVectorQueryActionBuilder multiVectorQuery() {
    return new MultiVectorQueryActionBuilder(name);
  }

  /** Several searches in one call. */
  public SearchBatchActionBuilder searchBatch() {
    return new SearchBatchActionBuilder(name);
  }

  /** Counts points, exactly or filtered. */
  public CountActionBuilder count() {
    return new CountActionBuilder(name);
  }

  /** Reads points by id. */
  public RetrieveActionBuilder retrieve() {
    return new RetrieveActionBuilder(name);
  }
}
