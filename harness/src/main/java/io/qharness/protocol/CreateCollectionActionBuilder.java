package io.qharness.protocol;

import io.gatling.core.session.Session;
import io.grpc.MethodDescriptor;
import io.qdrant.client.grpc.Collections;
import io.qdrant.client.grpc.Collections.CollectionOperationResponse;
import io.qdrant.client.grpc.Collections.CreateCollection;
import io.qdrant.client.grpc.Collections.Distance;
import io.qdrant.client.grpc.Collections.HnswConfigDiff;
import io.qdrant.client.grpc.Collections.VectorParams;
import io.qdrant.client.grpc.Collections.VectorsConfig;
import io.qdrant.client.grpc.CollectionsGrpc;
import io.qharness.protocol.internal.Operation;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Create a collection with one dense vector: Qdrant's {@code Collections/Create}. Defaults follow
 * the cluster this harness targets: 4 shards, replication factor 2, write consistency 1.
 */
public final class CreateCollectionActionBuilder
    extends QdrantActionBuilder<CreateCollectionActionBuilder> {
  int vectorSize;
  Distance distance = Distance.Cosine;
  int shards = 4;
  int replicationFactor = 2;
  int writeConsistencyFactor = 1;
  Integer hnswM;
  Integer hnswEfConstruct;
  Boolean onDisk;
  Boolean onDiskPayload;
  Boolean hnswOnDisk;
  Collections.QuantizationConfig quantization;
  Long indexingThresholdKb;
  Long fullScanThresholdKb;
  Collections.Datatype datatype;
  boolean customSharding;
  Map<String, VectorParams> named = Map.of();
  Map<String, Collections.SparseVectorParams> sparse = Map.of();

  CreateCollectionActionBuilder(String requestName) {
    super(requestName);
  }

  /**
   * The dimension of the collection's vectors, 1..65536; required, e.g. {@code vectorSize(128)}.
   */
  public CreateCollectionActionBuilder vectorSize(int size) {
    if (size < 1 || size > 65536) {
      throw new IllegalArgumentException("vector size must be within 1..65536, got " + size);
    }
    return with(b -> b.vectorSize = size);
  }

  /** The distance searches rank by (default Distance.Cosine). */
  public CreateCollectionActionBuilder distance(Distance d) {
    Objects.requireNonNull(d, "distance");
    return with(b -> b.distance = d);
  }

  /** shard_number: how many shards the points are split into (default 4). */
  public CreateCollectionActionBuilder shards(int n) {
    if (n < 1) {
      throw new IllegalArgumentException("shard_number must be at least 1, got " + n);
    }
    return with(b -> b.shards = n);
  }

  /**
   * sharding_method Custom: points go to the shard keys upserts name (create each with {@code
   * createShardKey}); shard_number then counts the shards of each key.
   */
  public CreateCollectionActionBuilder customSharding() {
    return with(b -> b.customSharding = true);
  }

  /** replication_factor: copies of each shard on different nodes (default 2). */
  public CreateCollectionActionBuilder replicationFactor(int n) {
    if (n < 1) {
      throw new IllegalArgumentException("replication_factor must be at least 1, got " + n);
    }
    return with(b -> b.replicationFactor = n);
  }

  /**
   * write_consistency_factor: replicas that must apply a write before it is acknowledged (default
   * 1).
   */
  public CreateCollectionActionBuilder writeConsistencyFactor(int n) {
    if (n < 1) {
      throw new IllegalArgumentException("write_consistency_factor must be at least 1, got " + n);
    }
    return with(b -> b.writeConsistencyFactor = n);
  }

  /** HNSW graph degree m and build-time beam ef_construct. */
  public CreateCollectionActionBuilder hnsw(int m, int efConstruct) {
    if (m < 0 || efConstruct < 4) {
      throw new IllegalArgumentException(
          "hnsw needs m >= 0 and ef_construct >= 4, got " + m + ", " + efConstruct);
    }
    return with(
        b -> {
          b.hnswM = m;
          b.hnswEfConstruct = efConstruct;
        });
  }

  /** HNSW graph degree m (0: no graph); ef_construct keeps its default unless set. */
  public CreateCollectionActionBuilder hnswM(int m) {
    if (m < 0) {
      throw new IllegalArgumentException("hnsw m must be at least 0, got " + m);
    }
    return with(b -> b.hnswM = m);
  }

  /** HNSW build-time beam ef_construct; m keeps its default unless set. */
  public CreateCollectionActionBuilder hnswEfConstruct(int efConstruct) {
    if (efConstruct < 4) {
      throw new IllegalArgumentException(
          "hnsw ef_construct must be at least 4, got " + efConstruct);
    }
    return with(b -> b.hnswEfConstruct = efConstruct);
  }

  /** Serve vectors from disk (memmap) instead of RAM. */
  public CreateCollectionActionBuilder onDisk(boolean on) {
    return with(b -> b.onDisk = on);
  }

  /** Keep the HNSW graph on disk (memmap) instead of RAM: hnsw_config.on_disk. */
  public CreateCollectionActionBuilder hnswOnDisk(boolean on) {
    return with(b -> b.hnswOnDisk = on);
  }

  /** Keep payloads on disk (memmap) instead of RAM. */
  public CreateCollectionActionBuilder onDiskPayload(boolean on) {
    return with(b -> b.onDiskPayload = on);
  }

  /**
   * Qdrant's optimizers indexing_threshold in kilobytes: segments holding more vectors than this
   * get an HNSW index; smaller ones are searched by full scan (Qdrant's default is 20,000 KB, so
   * small test collections are never indexed). 0 disables indexing.
   */
  public CreateCollectionActionBuilder indexingThreshold(long kilobytes) {
    if (kilobytes < 0) {
      throw new IllegalArgumentException(
          "indexing_threshold must be at least 0 KB, got " + kilobytes);
    }
    return with(b -> b.indexingThresholdKb = kilobytes);
  }

  /**
   * The HNSW full_scan_threshold in kilobytes: Qdrant searches a segment holding fewer KB of
   * vectors (or a filter matching fewer) by plain scan even when its index is built, so hnsw_ef
   * changes nothing there. Qdrant's default is 10,000 KB (about 20,000 128-d vectors); its minimum
   * is 10.
   */
  public CreateCollectionActionBuilder fullScanThreshold(long kilobytes) {
    if (kilobytes < 10) {
      throw new IllegalArgumentException(
          "full_scan_threshold must be at least 10 KB (Qdrant's minimum), got " + kilobytes);
    }
    return with(b -> b.fullScanThresholdKb = kilobytes);
  }

  /** Any quantization Qdrant offers, as its own config message. */
  public CreateCollectionActionBuilder quantization(Collections.QuantizationConfig config) {
    Objects.requireNonNull(config, "quantization config");
    return with(b -> b.quantization = config);
  }

  /** Scalar (int8) quantization; {@code alwaysRam} keeps the quantized vectors in RAM. */
  public CreateCollectionActionBuilder scalarQuantization(boolean alwaysRam) {
    return quantization(
        Collections.QuantizationConfig.newBuilder()
            .setScalar(
                Collections.ScalarQuantization.newBuilder()
                    .setType(Collections.QuantizationType.Int8)
                    .setAlwaysRam(alwaysRam))
            .build());
  }

  /**
   * Binary (1 bit per dimension) quantization; {@code alwaysRam} keeps the quantized vectors in
   * RAM.
   */
  public CreateCollectionActionBuilder binaryQuantization(boolean alwaysRam) {
    return quantization(
        Collections.QuantizationConfig.newBuilder()
            .setBinary(Collections.BinaryQuantization.newBuilder().setAlwaysRam(alwaysRam))
            .build());
  }

  /** The storage type of the (unnamed) vector's elements: Float32 (default), Float16 or Uint8. */
  public CreateCollectionActionBuilder datatype(Collections.Datatype type) {
    Objects.requireNonNull(type, "datatype");
    return with(b -> b.datatype = type);
  }

  /**
   * A named dense vector; a collection with named vectors has no unnamed one, so {@link
   * #vectorSize} is then not needed.
   */
  public CreateCollectionActionBuilder namedVector(String name, int size, Distance d) {
    if (size < 1 || size > 65536) {
      throw new IllegalArgumentException("vector size must be within 1..65536, got " + size);
    }
    return namedVector(name, VectorParams.newBuilder().setSize(size).setDistance(d).build());
  }

  /**
   * A named vector with every option of Qdrant's VectorParams: datatype, multivector, its own HNSW
   * and quantization, on disk.
   */
  public CreateCollectionActionBuilder namedVector(String name, VectorParams params) {
    Objects.requireNonNull(name, "vector name");
    Objects.requireNonNull(params, "vector params");
    Map<String, VectorParams> all = new LinkedHashMap<>(named);
    all.put(name, params);
    return with(b -> b.named = java.util.Collections.unmodifiableMap(all));
  }

  /**
   * A named multivector (several vectors per point, e.g. late-interaction token embeddings),
   * compared by MaxSim: the sum over query vectors of the best score among the point's vectors.
   */
  public CreateCollectionActionBuilder multiVector(String name, int size, Distance d) {
    if (size < 1 || size > 65536) {
      throw new IllegalArgumentException("vector size must be within 1..65536, got " + size);
    }
    return namedVector(
        name,
        VectorParams.newBuilder()
            .setSize(size)
            .setDistance(d)
            .setMultivectorConfig(
                Collections.MultiVectorConfig.newBuilder()
                    .setComparator(Collections.MultiVectorComparator.MaxSim))
            .build());
  }

  /**
   * A named sparse vector; with {@code idf}, Qdrant weighs each query dimension by its inverse
   * document frequency (the IDF modifier, for BM25-like scoring).
   */
  public CreateCollectionActionBuilder sparseVector(String name, boolean idf) {
    Objects.requireNonNull(name, "sparse vector name");
    Collections.SparseVectorParams.Builder p = Collections.SparseVectorParams.newBuilder();
    if (idf) {
      p.setModifier(Collections.Modifier.Idf);
    }
    Map<String, Collections.SparseVectorParams> all = new LinkedHashMap<>(sparse);
    all.put(name, p.build());
    return with(b -> b.sparse = java.util.Collections.unmodifiableMap(all));
  }

  @Override
  QdrantResult.Kind kind() {
    return QdrantResult.Kind.COLLECTION;
  }

  @Override
  Operation<CreateCollection, CollectionOperationResponse> operation() {
    validate();
    CreateCollection base = template();
    return new Operation<>() {
      @Override
      public MethodDescriptor<CreateCollection, CollectionOperationResponse> method() {
        return CollectionsGrpc.getCreateMethod();
      }

      @Override
      public QdrantResult.Kind kind() {
        return QdrantResult.Kind.COLLECTION;
      }

      @Override
      public CreateCollection request(Session session, String collection, CallContext call) {
        return base.toBuilder().setCollectionName(collection).build();
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
      public boolean invalidInputStopsRun() {
        return true;
      }

      @Override
      public boolean idempotent() {
        return false;
      }
    };
  }

  /** Refuses options that cannot make a collection, naming the fix. */
  private void validate() {
    if (vectorSize == 0 && named.isEmpty() && sparse.isEmpty()) {
      throw new IllegalArgumentException(
          "request '"
              + requestName
              + "' needs .vectorSize(n), or named (.namedVector) or sparse (.sparseVector)"
              + " vectors");
    }
    if (vectorSize != 0 && !named.isEmpty()) {
      throw new IllegalArgumentException(
          "request '"
              + requestName
              + "': a collection has either one unnamed vector (.vectorSize) or named vectors"
              + " (.namedVector), not both");
    }
    if (writeConsistencyFactor > replicationFactor) {
      throw new IllegalArgumentException(
          "write_consistency_factor ("
              + writeConsistencyFactor
              + ") exceeds replication_factor ("
              + replicationFactor
              + ")");
    }
    if (datatype != null && vectorSize == 0) {
      throw new IllegalArgumentException(
          "request '"
              + requestName
              + "': .datatype sets the unnamed vector's; give a named vector its datatype in its"
              + " VectorParams (.namedVector(name, params))");
    }
  }

  /** The request without its collection name, which each call adds. */
  private CreateCollection template() {
    CreateCollection.Builder template = CreateCollection.newBuilder();
    if (vectorSize != 0) {
      VectorParams.Builder params =
          VectorParams.newBuilder().setSize(vectorSize).setDistance(distance);
      if (onDisk != null) {
        params.setOnDisk(onDisk);
      }
      if (datatype != null) {
        params.setDatatype(datatype);
      }
      template.setVectorsConfig(VectorsConfig.newBuilder().setParams(params));
    } else if (!named.isEmpty()) {
      Collections.VectorParamsMap.Builder map = Collections.VectorParamsMap.newBuilder();
      named.forEach(
          (name, p) ->
              map.putMap(
                  name,
                  onDisk != null && !p.hasOnDisk() ? p.toBuilder().setOnDisk(onDisk).build() : p));
      template.setVectorsConfig(VectorsConfig.newBuilder().setParamsMap(map));
    }
    if (!sparse.isEmpty()) {
      template.setSparseVectorsConfig(
          Collections.SparseVectorConfig.newBuilder().putAllMap(sparse));
    }
    if (customSharding) {
      template.setShardingMethod(Collections.ShardingMethod.Custom);
    }
    template
        .setShardNumber(shards)
        .setReplicationFactor(replicationFactor)
        .setWriteConsistencyFactor(writeConsistencyFactor);
    if (hnswM != null
        || hnswEfConstruct != null
        || fullScanThresholdKb != null
        || hnswOnDisk != null) {
      // a diff: fields left unset keep Qdrant's defaults
      HnswConfigDiff.Builder hnsw = HnswConfigDiff.newBuilder();
      if (hnswM != null) {
        hnsw.setM(hnswM);
      }
      if (hnswEfConstruct != null) {
        hnsw.setEfConstruct(hnswEfConstruct);
      }
      if (fullScanThresholdKb != null) {
        hnsw.setFullScanThreshold(fullScanThresholdKb);
      }
      if (hnswOnDisk != null) {
        hnsw.setOnDisk(hnswOnDisk);
      }
      template.setHnswConfig(hnsw);
    }
    if (onDiskPayload != null) {
      template.setOnDiskPayload(onDiskPayload);
    }
    if (quantization != null) {
      template.setQuantizationConfig(quantization);
    }
    if (indexingThresholdKb != null) {
      template.setOptimizersConfig(
          Collections.OptimizersConfigDiff.newBuilder().setIndexingThreshold(indexingThresholdKb));
    }
    return template.build();
  }
}
