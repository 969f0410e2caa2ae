package io.qharness.simulations;

import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.qharness.protocol.Qdrant.qdrant;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.PopulationBuilder;
import io.gatling.javaapi.core.Simulation;
import io.qharness.config.Catalog;
import io.qharness.config.Settings;
import io.qharness.protocol.CreateCollectionActionBuilder;
import io.qharness.protocol.HybridQueryActionBuilder;
import io.qharness.protocol.OpenLoad;
import io.qharness.run.Expectation;
import io.qharness.run.QharnessRun;
import io.qharness.simulation.LoadPhases;
import io.qharness.workload.Dataset;
import io.qharness.workload.PointBatches;
import io.qharness.workload.Quantization;
import io.qharness.workload.hybrid.HybridPoints;
import io.qharness.workload.hybrid.HybridQuerySet;
import io.qharness.workload.sparse.SparseDataset;
import io.qharness.workload.sparse.SparseVectorSet;
import io.qharness.workload.sparse.SyntheticSparse;
import io.qharness.workload.vectors.VectorDistance;
import java.time.Duration;

/**
 * Hybrid retrieval, the common RAG set-up: every point has a named dense vector ("dense", the data
 * set's) and a named sparse vector ("sparse", synthetic text-like weights), and each query
 * prefetches the top prefetchLimit of each and fuses them (fusion: RRF or DBSF) into the top-k,
 * through the Query API, an open model at searchRate. Recall@k is measured against the fusion of
 * the exact dense and the exact sparse results. Needs a real Qdrant: the test double holds one
 * unnamed dense vector only, and says so.
 */
public class HybridSearchSimulation extends Simulation {
  static final String DENSE = "dense";
  static final String SPARSE = "sparse";

  private final QharnessRun run = QharnessRun.start(getClass());
  private final Dataset data = run.dataset();
  private final VectorDistance distance = run.distance(data);

  {
    Settings settings = run.settings();
    if (!settings.get(Catalog.UPLOAD)) {
      throw run.refuse(
          "upload=false: the hybrid workload loads its own dense + sparse collection; drop"
              + " upload=false");
    }
    if (settings.get(Catalog.SEARCH_RATE) <= 0) {
      throw run.refuse("searchRate=0: the hybrid searches need a rate above 0");
    }
    int topK = settings.get(Catalog.TOP_K);
    SparseDataset sparseData;
    if (settings.isSet(Catalog.SPARSE_DATASET)) {
      try {
        sparseData =
            SparseDataset.open(
                settings.get(Catalog.SPARSE_DATASET),
                data.vectorsInUse().size(),
                data.queries().length);
      } catch (IllegalArgumentException e) {
        throw run.refuse("sparseDataset: " + e.getMessage());
      }
    } else {
      SyntheticSparse synthetic =
          new SyntheticSparse(
              data.vectorsInUse().size(),
              settings.get(Catalog.SPARSE_DIMENSIONS),
              settings.get(Catalog.SPARSE_NON_ZEROS),
              settings.get(Catalog.SEED));
      sparseData = new SparseDataset(synthetic, synthetic.queries(data.queries().length));
    }
    SparseVectorSet sparse = sparseData.base();
    HybridQuerySet queries = run.hybridQueries(data, distance, sparse, sparseData.queries(), topK);
    PointBatches upload =
        new PointBatches(
            data.vectorsInUse().size(),
            new HybridPoints(data.vectorsInUse(), sparse, DENSE, SPARSE),
            settings.get(Catalog.BATCH_SIZE),
            PointBatches.Mode.SEQUENTIAL,
            run.payloads()::payload);

    ChainBuilder setup =
        exec(qdrant("delete collection").deleteCollection())
            .exec(create(settings))
            .exitHereIfFailed();
    Duration warmup = settings.get(Catalog.WARMUP);
    PopulationBuilder chain =
        LoadPhases.prepare(run, setup, upload, LoadPhases.nothing(), LoadPhases.enterLoad(run));
    if (!warmup.isZero()) {
      chain =
          chain.andThen(
              hybrid(
                  Catalog.WARMUP_PREFIX + "hybrid search",
                  queries,
                  topK,
                  warmup,
                  run.enter(QharnessRun.MEASURED_WINDOW)));
    }
    chain =
        chain.andThen(
            hybrid(
                "hybrid search",
                queries,
                topK,
                settings.get(Catalog.DURATION),
                LoadPhases.nothing()));
    setUp(chain)
        .protocols(run.protocol())
        .assertions(
            run.assertions(
                Expectation.errorsAtMost(settings.get(Catalog.MAX_ERROR_PCT)),
                Expectation.succeeded("hybrid search")));
  }

  /** The collection: the dense vector named, the sparse one beside it, the index settings. */
  private CreateCollectionActionBuilder create(Settings settings) {
    CreateCollectionActionBuilder c =
        qdrant("create collection")
            .createCollection()
            .namedVector(DENSE, data.dimension(), distance.toProto())
            .sparseVector(SPARSE, settings.get(Catalog.SPARSE_IDF))
            .shards(settings.get(Catalog.SHARDS))
            .replicationFactor(settings.get(Catalog.REPLICATION))
            .writeConsistencyFactor(settings.get(Catalog.WRITE_CONSISTENCY))
            .onDisk(settings.get(Catalog.ON_DISK));
    if (settings.isSet(Catalog.HNSW_M)) {
      c = c.hnswM(settings.get(Catalog.HNSW_M));
    }
    if (settings.isSet(Catalog.HNSW_EF_CONSTRUCT)) {
      c = c.hnswEfConstruct(settings.get(Catalog.HNSW_EF_CONSTRUCT));
    }
    if (settings.isSet(Catalog.INDEXING_THRESHOLD)) {
      c = c.indexingThreshold(settings.get(Catalog.INDEXING_THRESHOLD));
    }
    if (settings.isSet(Catalog.FULL_SCAN_THRESHOLD)) {
      c = c.fullScanThreshold(settings.get(Catalog.FULL_SCAN_THRESHOLD));
    }
    Quantization q = settings.get(Catalog.QUANTIZATION);
    return q.config() == null ? c : c.quantization(q.config());
  }

  private PopulationBuilder hybrid(
      String name, HybridQuerySet queries, int k, Duration length, ChainBuilder atEnd) {
    Settings settings = run.settings();
    HybridQueryActionBuilder q =
        qdrant(name)
            .hybridQuery()
            .queries(queries)
            .using(DENSE, SPARSE)
            .fusion(settings.get(Catalog.FUSION).toProto())
            .prefetchLimit(settings.get(Catalog.PREFETCH_LIMIT))
            .limit(k);
    if (settings.isSet(Catalog.HNSW_EF)) {
      q = q.hnswEf(settings.get(Catalog.HNSW_EF));
    }
    if (run.recallCheck() != null) {
      q = q.check(run.recallCheck());
    }
    OpenLoad load = run.load(name, OpenLoad.constant(settings.get(Catalog.SEARCH_RATE), length));
    return scenario(name).exec(q.paced(load)).exec(atEnd).injectOpen(atOnceUsers(1));
  }

  @Override
  public void after() {
    run.audit(data, distance);
    data.close();
    run.close();
  }
}
