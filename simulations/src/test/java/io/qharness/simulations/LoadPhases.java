package io.qharness.simulations;

import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.qharness.protocol.Qdrant.qdrant;
import static io.qharness.protocol.Qdrant.updateStatus;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.PopulationBuilder;
import io.qdrant.client.grpc.Collections.Datatype;
import io.qdrant.client.grpc.Collections.VectorParams;
import io.qdrant.client.grpc.JsonWithInt.Value;
import io.qdrant.client.grpc.Points.FieldType;
import io.qdrant.client.grpc.Points.NamedVectors;
import io.qdrant.client.grpc.Points.ReadConsistencyType;
import io.qdrant.client.grpc.Points.UpdateStatus;
import io.qdrant.client.grpc.Points.Vector;
import io.qdrant.client.grpc.Points.Vectors;
import io.qharness.config.Catalog;
import io.qharness.config.Settings;
import io.qharness.protocol.CreateCollectionActionBuilder;
import io.qharness.protocol.CreatePayloadIndexActionBuilder;
import io.qharness.protocol.NearestActionBuilder;
import io.qharness.run.QharnessRun;
import io.qharness.run.UploadProgress;
import io.qharness.workload.Dataset;
import io.qharness.workload.PayloadGenerator;
import io.qharness.workload.PayloadIndexing;
import io.qharness.workload.PointBatches;
import io.qharness.workload.ProtoVectors;
import io.qharness.workload.VectorDistance;
import io.qharness.workload.VectorSet;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongFunction;

/**
 * The phases every qharness workload starts with: (re)create the collection, upload the data set in
 * parallel batches with payloads (progress line with rate and ETA), wait until it is Green (or,
 * with upload=false, check the collection already holds the data set). Chain the load phase after
 * it with {@code andThen}.
 */
final class LoadPhases {
  private LoadPhases() {}

  /**
   * The search-time settings (hnswEf, exactSearch, readConsistency, rescore, oversampling) applied
   * to a nearest-neighbour action.
   */
  static <B extends NearestActionBuilder<B>> B searchOptions(Settings settings, B search) {
    B b = search;
    if (settings.isSet(Catalog.HNSW_EF)) {
      b = b.hnswEf(settings.get(Catalog.HNSW_EF));
    }
    if (settings.get(Catalog.EXACT_SEARCH)) {
      b = b.exact(true);
    }
    return searchTuning(settings, b);
  }

  /**
   * The search-time settings other than hnswEf and exactSearch: readConsistency, rescore,
   * oversampling.
   */
  static <B extends NearestActionBuilder<B>> B searchTuning(Settings settings, B search) {
    if (settings.isSet(Catalog.RESCORE) || settings.isSet(Catalog.OVERSAMPLING)) {
      search =
          search.quantization(
              settings.isSet(Catalog.RESCORE) ? settings.get(Catalog.RESCORE) : null,
              settings.isSet(Catalog.OVERSAMPLING) ? settings.get(Catalog.OVERSAMPLING) : null);
    }
    if (settings.isSet(Catalog.VECTOR_NAME)) {
      search = search.using(settings.get(Catalog.VECTOR_NAME));
    }
    if (!settings.isSet(Catalog.READ_CONSISTENCY)) {
      return search;
    }
    String rc = settings.get(Catalog.READ_CONSISTENCY);
    return Character.isDigit(rc.charAt(0))
        ? search.readConsistency(Integer.parseInt(rc))
        : search.readConsistency(
            ReadConsistencyType.valueOf(
                rc.substring(0, 1).toUpperCase(Locale.ROOT) + rc.substring(1)));
  }

  /**
   * With upload=false, only checks (before any load) that the collection holds the data set and
   * waits until it is Green: another injector or an earlier run loaded it.
   */
  static PopulationBuilder createUploadAndWait(
      QharnessRun run, Dataset data, VectorDistance distance, PayloadGenerator payloads) {
    return createUploadAndWait(run, data, distance, payloads, null, null);
  }

  /**
   * As above; {@code indexingThresholdKb} and {@code fullScanThresholdKb} apply when the
   * indexingThreshold / fullScanThreshold settings are not given (null: Qdrant's defaults).
   */
  static PopulationBuilder createUploadAndWait(
      QharnessRun run,
      Dataset data,
      VectorDistance distance,
      PayloadGenerator payloads,
      Long indexingThresholdKb,
      Long fullScanThresholdKb) {
    Settings settings = run.settings();
    if (!settings.get(Catalog.UPLOAD)) {
      run.requireLoadedCollection(data, distance);
      return scenario("ready")
          .exec(qdrant("wait for green").waitForGreen())
          .injectOpen(atOnceUsers(1));
    }
    PointBatches upload =
        batches(
            settings,
            data,
            settings.get(Catalog.BATCH_SIZE),
            PointBatches.Mode.SEQUENTIAL,
            payloads);
    run.listen(new UploadProgress(upload, System.out));
    CreateCollectionActionBuilder create =
        createCollection(run, data, distance, indexingThresholdKb, fullScanThresholdKb);
    PayloadIndexing indexing = settings.get(Catalog.PAYLOAD_INDEX);
    ChainBuilder setup =
        exec(qdrant("delete collection").deleteCollection()).exec(create).exitHereIfFailed();
    if (indexing == PayloadIndexing.BEFORE) {
      setup = setup.exec(payloadIndexes(settings, data)).exitHereIfFailed();
    }
    PopulationBuilder afterUpload =
        scenario("ready").exec(qdrant("wait for green").waitForGreen()).injectOpen(atOnceUsers(1));
    if (indexing == PayloadIndexing.AFTER) {
      afterUpload =
          scenario("payload index")
              .exec(payloadIndexes(settings, data))
              .exitHereIfFailed()
              .injectOpen(atOnceUsers(1))
              .andThen(afterUpload);
    }
    afterUpload = run.phase(QharnessRun.INDEX_BUILD_PHASE).andThen(afterUpload);
    return scenario("setup")
        .exec(setup)
        .injectOpen(atOnceUsers(1))
        .andThen(run.phase(QharnessRun.UPLOAD_PHASE))
        .andThen(
            scenario("upload")
                .asLongAs(session -> !upload.exhausted())
                .on(
                    exec(
                        qdrant("upload batch")
                            .upsert()
                            .batches(upload)
                            .check(updateStatus().is(UpdateStatus.Completed))))
                .injectOpen(atOnceUsers(settings.get(Catalog.PARALLELISM)))
                .andThen(afterUpload));
  }

  /** Points of the data set for upserts: the unnamed vector, or the named one vectorName gives. */
  static PointBatches batches(
      Settings settings,
      Dataset data,
      int batchSize,
      PointBatches.Mode mode,
      PayloadGenerator payloads) {
    LongFunction<Map<String, Value>> payloadOf =
        data.filtered() != null ? data.filtered().payloads() : payloads::payload;
    if (!settings.isSet(Catalog.VECTOR_NAME)) {
      return new PointBatches(data.vectorsInUse(), batchSize, mode, payloadOf);
    }
    String name = settings.get(Catalog.VECTOR_NAME);
    VectorSet v = data.vectorsInUse();
    return new PointBatches(
        v.size(),
        id ->
            Vectors.newBuilder()
                .setVectors(
                    NamedVectors.newBuilder()
                        .putVectors(
                            name,
                            Vector.newBuilder().setDense(ProtoVectors.dense(v.get(id))).build()))
                .build(),
        batchSize,
        mode,
        payloadOf);
  }

  /**
   * The collection as the settings describe it (shards, replication, HNSW, thresholds,
   * quantization); {@code indexingThresholdKb} and {@code fullScanThresholdKb} apply when the
   * indexingThreshold / fullScanThreshold settings are not given (null: Qdrant's defaults).
   */
  static CreateCollectionActionBuilder createCollection(
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
    if (settings.isSet(Catalog.VECTOR_NAME)) {
      VectorParams.Builder p =
          VectorParams.newBuilder().setSize(data.dimension()).setDistance(distance.toProto());
      if (type != null) {
        p.setDatatype(type);
      }
      create = create.namedVector(settings.get(Catalog.VECTOR_NAME), p.build());
    } else {
      create = create.vectorSize(data.dimension()).distance(distance);
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
    if (settings.isSet(Catalog.HNSW_M)) {
      create = create.hnswM(settings.get(Catalog.HNSW_M));
    }
    if (settings.isSet(Catalog.HNSW_EF_CONSTRUCT)) {
      create = create.hnswEfConstruct(settings.get(Catalog.HNSW_EF_CONSTRUCT));
    }
    Long threshold =
        settings.isSet(Catalog.INDEXING_THRESHOLD)
            ? settings.get(Catalog.INDEXING_THRESHOLD)
            : indexingThresholdKb;
    if (threshold != null) {
      create = create.indexingThreshold(threshold);
    }
    Long fullScan =
        settings.isSet(Catalog.FULL_SCAN_THRESHOLD)
            ? settings.get(Catalog.FULL_SCAN_THRESHOLD)
            : fullScanThresholdKb;
    if (fullScan != null) {
      create = create.fullScanThreshold(fullScan);
    }
    if (settings.get(Catalog.QUANTIZATION).config() != null) {
      create = create.quantization(settings.get(Catalog.QUANTIZATION).config());
    }
    return create;
  }

  /**
   * The payload index on the field filtered searches match (keyword category, or integer rank with
   * filterSelectivity); its request time is the build's, so the summary shows how long it took.
   */
  private static ChainBuilder payloadIndexes(Settings settings, Dataset data) {
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
