package io.qharness.simulations;

import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.doIf;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.qharness.protocol.Qdrant.qdrant;
import static io.qharness.protocol.Qdrant.updateStatus;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.PopulationBuilder;
import io.gatling.javaapi.core.Session;
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
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongFunction;

/**
 * The phases every qharness workload starts with: (re)create the collection, upload the data set in
 * parallel batches with payloads (progress line with rate and ETA), wait until it is Green (or,
 * with upload=false, check the collection already holds the data set). Chain the load phase after
 * it with {@code andThen}; the ready user enters the load's first phase.
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
   * waits until it is Green: another injector or an earlier run loaded it. {@code then} is run by
   * the same user once the collection is ready, typically {@link QharnessRun#enter} of the next
   * phase.
   */
  static PopulationBuilder createUploadAndWait(
      QharnessRun run,
      Dataset data,
      VectorDistance distance,
      PayloadGenerator payloads,
      ChainBuilder then) {
    return createUploadAndWait(run, data, distance, payloads, null, null, then);
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
      Long fullScanThresholdKb,
      ChainBuilder then) {
    Settings settings = run.settings();
    if (!settings.get(Catalog.UPLOAD)) {
      run.requireLoadedCollection(data, distance);
      return scenario("ready")
          .exec(qdrant("wait for green").waitForGreen())
          .exec(then)
          .injectOpen(atOnceUsers(1));
    }
    PointBatches upload =
        batches(
            settings,
            data,
            settings.get(Catalog.BATCH_SIZE),
            PointBatches.Mode.SEQUENTIAL,
            payloads);
    ChainBuilder setup =
        exec(qdrant("delete collection").deleteCollection())
            .exec(createCollection(run, data, distance, indexingThresholdKb, fullScanThresholdKb))
            .exitHereIfFailed();
    PayloadIndexing indexing = settings.get(Catalog.PAYLOAD_INDEX);
    if (indexing == PayloadIndexing.BEFORE) {
      setup = setup.exec(payloadIndexes(settings, data)).exitHereIfFailed();
    }
    ChainBuilder beforeGreen =
        indexing == PayloadIndexing.AFTER
            ? payloadIndexes(settings, data).exitHereIfFailed()
            : nothing();
    return prepare(run, setup, upload, beforeGreen, then);
  }

  /**
   * The collection's preparation with as few populations as can be: one user runs {@code setup} and
   * enters the upload phase; parallelism users upload {@code upload}; the last of them to finish
   * enters the index-build phase, runs {@code beforeGreen}, waits until the collection is Green and
   * runs {@code then}. Gatling starts a population chained with {@code andThen} only at its
   * injector's next one-second tick: each boundary made a step instead saves up to a second.
   */
  static PopulationBuilder prepare(
      QharnessRun run,
      ChainBuilder setup,
      PointBatches upload,
      ChainBuilder beforeGreen,
      ChainBuilder then) {
    int users = run.settings().get(Catalog.PARALLELISM);
    run.listen(new UploadProgress(upload, System.out));
    ChainBuilder ready =
        exec(Session::markAsSucceeded) // a failed last batch is counted; the wait still runs
            .exec(run.enter(QharnessRun.INDEX_BUILD_PHASE))
            .exec(beforeGreen)
            .exec(qdrant("wait for green").waitForGreen())
            .exec(then);
    return scenario("setup")
        .exec(setup)
        .exec(run.enter(QharnessRun.UPLOAD_PHASE))
        .injectOpen(atOnceUsers(1))
        .andThen(
            scenario("upload")
                .asLongAs(session -> !upload.exhausted())
                .on(
                    exec(
                        qdrant("upload batch")
                            .upsert()
                            .batches(upload)
                            .check(updateStatus().is(UpdateStatus.Completed))))
                .exec(lastOut(users, ready))
                .injectOpen(atOnceUsers(users)));
  }

  /**
   * {@code chain}, run once, by the last of {@code users} users to get here: the end of a phase
   * whose users all stop at this step, without another population (and injector tick).
   */
  static ChainBuilder lastOut(int users, ChainBuilder chain) {
    AtomicInteger left = new AtomicInteger(users);
    return doIf(session -> left.decrementAndGet() == 0).then(chain);
  }

  /** A step that does nothing, where a chain is expected. */
  static ChainBuilder nothing() {
    return exec(session -> session);
  }

  /** The phase a workload's load starts with: warm-up when there is one, else the measured one. */
  static ChainBuilder enterLoad(QharnessRun run) {
    return run.enter(
        run.settings().get(Catalog.WARMUP).isZero()
            ? QharnessRun.MEASURED_WINDOW
            : QharnessRun.WARMUP_PHASE);
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
