package io.qharness.simulation;

import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.qharness.protocol.Qdrant.qdrant;

import io.gatling.javaapi.core.ChainBuilder;
import io.qdrant.client.grpc.Collections.Datatype;
import io.qdrant.client.grpc.Collections.VectorParams;
import io.qdrant.client.grpc.Points.FieldType;
import io.qharness.config.Catalog;
import io.qharness.config.Setting;
import io.qharness.config.Settings;
import io.qharness.protocol.CreateCollectionActionBuilder;
import io.qharness.protocol.CreatePayloadIndexActionBuilder;
import io.qharness.run.QharnessRun;
import io.qharness.workload.Dataset;
import io.qharness.workload.PayloadGenerator;
import io.qharness.workload.vectors.VectorDistance;
import java.util.Map;

/**
 * The collection and payload indexes a run's settings describe, as actions: shards, replication,
 * HNSW, thresholds, datatype and quantization come from {@code -Dqharness.*} like every built-in
 * workload's.
 */
public final class CollectionSettings {
  private CollectionSettings() {}

  /**
   * The collection as the settings describe it (shards, replication, HNSW, thresholds,
   * quantization); {@code indexingThresholdKb} and {@code fullScanThresholdKb} apply when the
   * indexingThreshold / fullScanThreshold settings are not given (null: Qdrant's defaults).
   */
  public static CreateCollectionActionBuilder create(
      QharnessRun run,
      Dataset data,
      VectorDistance distance,
      Long indexingThresholdKb,
      Long fullScanThresholdKb) {
    Settings settings = run.settings();
    CreateCollectionActionBuilder create = qdrant("create collection").createCollection();
    Datatype type =
        switch (settings.get(Catalog.DATATYPE)) {
          case "float16" -> Datatype.Float16;
          case "uint8" -> Datatype.Uint8;
          default -> null;
        };
    if (type == Datatype.Uint8) {
      String bad = data.notWholeBytes(10_000);
      if (bad != null) {
        throw run.refuse(
            "datatype=uint8 stores whole numbers 0..255, but data set '"
                + data.spec()
                + "' does not hold them: "
                + bad
                + " (Qdrant would cast it without a word); use datatype=float32 or float16, or"
                + " a uint8 data set (bvecs, .u8bin, uint8 .npy)");
      }
    }
    if (settings.isSet(Catalog.VECTOR_NAME)) {
      VectorParams.Builder p =
          VectorParams.newBuilder().setSize(data.dimension()).setDistance(distance.toProto());
      if (type != null) {
        p.setDatatype(type);
      }
      create = create.namedVector(settings.get(Catalog.VECTOR_NAME), p.build());
    } else {
      create = create.vectorSize(data.dimension()).distance(distance.toProto());
      if (type != null) {
        create = create.datatype(type);
      }
    }
    create =
        create
            .shards(settings.get(Catalog.SHARDS))
            .replicationFactor(settings.get(Catalog.REPLICATION))
            .writeConsistencyFactor(settings.get(Catalog.WRITE_CONSISTENCY))
            .onDisk(settings.get(Catalog.ON_DISK));
    if (settings.get(Catalog.HNSW_ON_DISK)) {
      create = create.hnswOnDisk(true);
    }
    if (settings.isSet(Catalog.HNSW_M)) {
      create = create.hnswM(settings.get(Catalog.HNSW_M));
    }
    if (settings.isSet(Catalog.HNSW_EF_CONSTRUCT)) {
      create = create.hnswEfConstruct(settings.get(Catalog.HNSW_EF_CONSTRUCT));
    }
    Long threshold = orElse(settings, Catalog.INDEXING_THRESHOLD, indexingThresholdKb);
    if (threshold != null) {
      create = create.indexingThreshold(threshold);
    }
    Long fullScan = orElse(settings, Catalog.FULL_SCAN_THRESHOLD, fullScanThresholdKb);
    if (fullScan != null) {
      create = create.fullScanThreshold(fullScan);
    }
    if (settings.get(Catalog.QUANTIZATION).config() != null) {
      create = create.quantization(settings.get(Catalog.QUANTIZATION).config());
    }
    return create;
  }

  /** The setting when given, else the workload's own default (null: Qdrant's). */
  private static <T> T orElse(Settings settings, Setting<T> setting, T workloadDefault) {
    return settings.isSet(setting) ? settings.get(setting) : workloadDefault;
  }

  /**
   * The payload index on the field filtered searches match (keyword category, or integer rank with
   * filterSelectivity); its request time is the build's, so the summary shows how long it took.
   */
  public static ChainBuilder payloadIndexes(Settings settings, Dataset data) {
    if (data.filtered() == null) {
      return exec(payloadIndex(settings));
    }
    // a filtered data set: an index on every field its conditions use, of the type they need
    ChainBuilder chain = null;
    for (Map.Entry<String, FieldType> e : data.filtered().indexes().entrySet()) {
      CreatePayloadIndexActionBuilder index =
          qdrant("payload index " + e.getKey()).createPayloadIndex(e.getKey(), e.getValue());
      chain = chain == null ? exec(index) : chain.exec(index);
    }
    return chain == null ? exec(session -> session) : chain;
  }

  private static CreatePayloadIndexActionBuilder payloadIndex(Settings settings) {
    if (settings.isSet(Catalog.FILTER_SELECTIVITY)) {
      // filters are rank ranges: an integer index serves both ranges and matches
      return qdrant("payload index " + PayloadGenerator.RANK)
          .createPayloadIndex(PayloadGenerator.RANK, FieldType.FieldTypeInteger);
    }
    return qdrant("payload index " + PayloadGenerator.CATEGORY)
        .createPayloadIndex(PayloadGenerator.CATEGORY, FieldType.FieldTypeKeyword);
  }
}
