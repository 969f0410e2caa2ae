package io.qharness.simulations;

import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.qharness.protocol.Qdrant.qdrant;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.PopulationBuilder;
import io.gatling.javaapi.core.Simulation;
import io.qdrant.client.grpc.Points.NamedVectors;
import io.qdrant.client.grpc.Points.Vector;
import io.qdrant.client.grpc.Points.Vectors;
import io.qharness.config.Catalog;
import io.qharness.config.Settings;
import io.qharness.grpc.ProtoVectors;
import io.qharness.protocol.CreateCollectionActionBuilder;
import io.qharness.protocol.MultiVectorQueryActionBuilder;
import io.qharness.protocol.OpenLoad;
import io.qharness.run.Expectation;
import io.qharness.run.QharnessRun;
import io.qharness.simulation.LoadPhases;
import io.qharness.workload.PointBatches;
import io.qharness.workload.multi.MaxSimGroundTruth;
import io.qharness.workload.multi.MultiVectorQuerySet;
import io.qharness.workload.multi.MultiVectors;
import io.qharness.workload.vectors.VectorDistance;
import java.time.Duration;
import java.util.Locale;

/**
 * Late-interaction retrieval (ColBERT-style): every point holds a named multivector ("colbert",
 * about multiVectorsPerPoint vectors of dim dimensions), and each query, several vectors too, is
 * scored by Qdrant's MaxSim through the Query API, an open model at searchRate. Recall@k is
 * measured against the exact MaxSim top-k. Synthetic multivectors from points, dim, queries and
 * seed; Cosine unless distance=dot. Needs a real Qdrant: the test double holds single vectors.
 */
public class MultiVectorSearchSimulation extends Simulation {
  static final String NAME = "colbert";

  private final QharnessRun run = QharnessRun.start(getClass());

  {
    Settings settings = run.settings();
    VectorDistance distance =
        settings.isSet(Catalog.DISTANCE) ? settings.get(Catalog.DISTANCE) : VectorDistance.COSINE;
    if (distance != VectorDistance.COSINE && distance != VectorDistance.DOT) {
      throw run.refuse(
          "distance=" + distance + ": MaxSim multivectors are measured with Cosine or Dot");
    }
    if (!settings.get(Catalog.UPLOAD)) {
      throw run.refuse(
          "upload=false: the multivector workload loads its own collection; drop upload=false");
    }
    long points = settings.get(Catalog.POINTS);
    int dim = settings.get(Catalog.DIM);
    int topK = settings.get(Catalog.TOP_K);
    MultiVectors data =
        new MultiVectors(
            points, dim, settings.get(Catalog.MULTI_VECTORS_PER_POINT), settings.get(Catalog.SEED));
    MultiVectors querySource = data.queries(settings.get(Catalog.QUERIES));
    float[][][] queries = new float[(int) querySource.size()][][];
    for (int i = 0; i < queries.length; i++) {
      queries[i] = querySource.get(i);
    }
    long[][] truth = null;
    if (settings.get(Catalog.GROUND_TRUTH)) {
      long started = System.nanoTime();
      truth =
          MaxSimGroundTruth.compute(
              data, points, queries, distance, topK, Runtime.getRuntime().availableProcessors());
      run.out()
          .printf(
              Locale.ROOT,
              "qharness: exact MaxSim top-%d for %d queries over %,d points: %.1f s%n",
              topK,
              queries.length,
              points,
              (System.nanoTime() - started) / 1e9);
    }
    MultiVectorQuerySet set = run.share(new MultiVectorQuerySet(queries, truth)::slice);
    PointBatches upload =
        new PointBatches(
            points,
            id -> vectors(data.get(id)),
            settings.get(Catalog.BATCH_SIZE),
            PointBatches.Mode.SEQUENTIAL,
            run.payloads()::payload);
    CreateCollectionActionBuilder create =
        qdrant("create collection")
            .createCollection()
            .multiVector(NAME, dim, distance.toProto())
            .shards(settings.get(Catalog.SHARDS))
            .replicationFactor(settings.get(Catalog.REPLICATION))
            .writeConsistencyFactor(settings.get(Catalog.WRITE_CONSISTENCY));
    if (settings.isSet(Catalog.INDEXING_THRESHOLD)) {
      create = create.indexingThreshold(settings.get(Catalog.INDEXING_THRESHOLD));
    }
    if (settings.isSet(Catalog.FULL_SCAN_THRESHOLD)) {
      create = create.fullScanThreshold(settings.get(Catalog.FULL_SCAN_THRESHOLD));
    }
    ChainBuilder setup =
        exec(qdrant("delete collection").deleteCollection()).exec(create).exitHereIfFailed();
    Duration warmup = settings.get(Catalog.WARMUP);
    PopulationBuilder chain =
        LoadPhases.prepare(run, setup, upload, LoadPhases.nothing(), LoadPhases.enterLoad(run));
    if (!warmup.isZero()) {
      chain =
          chain.andThen(
              search(
                  Catalog.WARMUP_PREFIX + "multivector search",
                  set,
                  topK,
                  warmup,
                  run.enter(QharnessRun.MEASURED_WINDOW)));
    }
    chain =
        chain.andThen(
            search(
                "multivector search",
                set,
                topK,
                settings.get(Catalog.DURATION),
                LoadPhases.nothing()));
    setUp(chain)
        .protocols(run.protocol())
        .assertions(
            run.assertions(
                Expectation.errorsAtMost(settings.get(Catalog.MAX_ERROR_PCT)),
                Expectation.succeeded("multivector search")));
  }

  private static Vectors vectors(float[][] multi) {
    return Vectors.newBuilder()
        .setVectors(
            NamedVectors.newBuilder()
                .putVectors(
                    NAME, Vector.newBuilder().setMultiDense(ProtoVectors.multi(multi)).build()))
        .build();
  }

  private PopulationBuilder search(
      String name, MultiVectorQuerySet set, int k, Duration length, ChainBuilder atEnd) {
    Settings settings = run.settings();
    MultiVectorQueryActionBuilder q =
        qdrant(name).multiVectorQuery().queries(set).using(NAME).limit(k);
    if (settings.isSet(Catalog.HNSW_EF)) {
      q = q.hnswEf(settings.get(Catalog.HNSW_EF));
    }
    OpenLoad load = run.load(name, OpenLoad.constant(settings.get(Catalog.SEARCH_RATE), length));
    return scenario(name).exec(q.paced(load)).exec(atEnd).injectOpen(atOnceUsers(1));
  }

  @Override
  public void after() {
    run.auditIds();
    run.close();
  }
}
