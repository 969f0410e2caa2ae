package io.qharness.protocol;

/** The actions a named Qdrant request can be: {@code qdrant("name").search()...}. */
public final class QdrantRequests {
  private final String name;

  QdrantRequests(String name) {
    this.name = name;
  }

  public CreateCollectionActionBuilder createCollection() {
    return new CreateCollectionActionBuilder(name);
  }

  public DeleteCollectionActionBuilder deleteCollection() {
    return new DeleteCollectionActionBuilder(name);
  }

  public WaitForGreenActionBuilder waitForGreen() {
    return new WaitForGreenActionBuilder(name);
  }

  public UpsertActionBuilder upsert() {
    return new UpsertActionBuilder(name);
  }

  public SearchActionBuilder search() {
    return new SearchActionBuilder(name);
  }

  /** Nearest-neighbour search through the universal Query API. */
  public QueryActionBuilder query() {
    return new QueryActionBuilder(name);
  }

  public SearchBatchActionBuilder searchBatch() {
    return new SearchBatchActionBuilder(name);
  }

  public CountActionBuilder count() {
    return new CountActionBuilder(name);
  }

  public RetrieveActionBuilder retrieve() {
    return new RetrieveActionBuilder(name);
  }
}
