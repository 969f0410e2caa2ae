package io.qharness.bench;

import static io.qdrant.client.PointIdFactory.id;
import static io.qdrant.client.VectorsFactory.vectors;

import com.google.common.util.concurrent.FutureCallback;
import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.MoreExecutors;
import io.qdrant.client.QdrantClient;
import io.qdrant.client.grpc.Collections.CreateCollection;
import io.qdrant.client.grpc.Collections.Distance;
import io.qdrant.client.grpc.Collections.OptimizersConfigDiff;
import io.qdrant.client.grpc.Collections.VectorParams;
import io.qdrant.client.grpc.Collections.VectorsConfig;
import io.qdrant.client.grpc.Points.PointStruct;
import io.qdrant.client.grpc.Points.UpdateResult;
import io.qdrant.client.grpc.Points.UpsertPoints;
import io.qharness.config.Catalog;
import io.qharness.config.Settings;
import io.qharness.run.RunData;
import io.qharness.workload.Dataset;
import io.qharness.workload.PayloadGenerator;
import io.qharness.workload.vectors.VectorSet;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The floor of the upload benchmark: the same points as qharness's upload (the run's synthetic
 * vectors and payloads) sent with plain {@code io.qdrant:client} async upserts, built with the
 * client's own factories, at the same batch size and number of batches in flight, nothing recorded.
 * Run in its own JVM by {@code qharness selfbench upload}, from the qharness.* system properties
 * the qharness side gets too; writes its {@link ProcessCost} (requests: points) to the file {@code
 * qharness.bench.out} names.
 */
public final class FloorUpload {
  private FloorUpload() {}

  /** Makes the collection the settings describe on the first host, as the floor does. */
  static void create(Settings s) throws Exception {
    try (QdrantClient c = FloorClient.plainClient(s.get(Catalog.HOSTS).get(0).toString())) {
      create(c, s, s.get(Catalog.COLLECTION), s.get(Catalog.DIM));
    }
  }

  public static void main(String[] args) throws Exception {
    Settings s = Settings.fromEnvironment();
    Path outFile = Path.of(System.getProperty("qharness.bench.out"));
    String collection = s.get(Catalog.COLLECTION);
    int dim = s.get(Catalog.DIM);
    long points = s.get(Catalog.POINTS);
    int batch = s.get(Catalog.BATCH_SIZE);
    List<String> hosts = new ArrayList<>();
    s.get(Catalog.HOSTS).forEach(a -> hosts.add(a.toString()));
    // the very vectors qharness uploads: the same data set spec as the run's
    VectorSet base = Dataset.open(RunData.syntheticSpec(s), 1, 0).vectorsInUse();
    PayloadGenerator payloads =
        new PayloadGenerator(
            s.get(Catalog.PAYLOAD_CATEGORIES), s.get(Catalog.PAYLOAD_SKEW), s.get(Catalog.SEED));
    List<QdrantClient> clients = new ArrayList<>();
    for (String h : hosts) {
      clients.add(FloorClient.plainClient(h));
    }
    create(clients.get(0), s, collection, dim);
    Semaphore inFlight = new Semaphore(s.get(Catalog.PARALLELISM));
    AtomicLong failed = new AtomicLong();
    FutureCallback<UpdateResult> release =
        new FutureCallback<>() {
          @Override
          public void onSuccess(UpdateResult r) {
            inFlight.release();
          }

          @Override
          public void onFailure(Throwable t) {
            failed.incrementAndGet();
            inFlight.release();
          }
        };
    ProcessCost.Window window = ProcessCost.start();
    float[] v = new float[dim];
    for (long from = 0, n = 0; from < points; from += batch, n++) {
      List<PointStruct> list = new ArrayList<>(batch);
      for (long i = from; i < Math.min(points, from + batch); i++) {
        base.read(i, v);
        list.add(
            PointStruct.newBuilder()
                .setId(id(i))
                .setVectors(vectors(v))
                .putAllPayload(payloads.payload(i))
                .build());
      }
      inFlight.acquire();
      Futures.addCallback(
          clients
              .get((int) (n % clients.size()))
              .upsertAsync(
                  UpsertPoints.newBuilder()
                      .setCollectionName(collection)
                      .setWait(true)
                      .addAllPoints(list)
                      .build()),
          release,
          MoreExecutors.directExecutor());
    }
    inFlight.acquire(s.get(Catalog.PARALLELISM)); // every batch acknowledged
    window.close().cost(ClientCost.FLOOR, 0, points, failed.get(), Double.NaN).write(outFile);
    for (QdrantClient c : clients) {
      c.close();
    }
    System.exit(0);
  }

  /**
   * The collection as qharness's Load creates it by default: shards, replicas, no index build;
   * deleted first if it exists.
   */
  static void create(QdrantClient c, Settings s, String collection, int dim) throws Exception {
    if (c.collectionExistsAsync(collection).get()) {
      c.deleteCollectionAsync(collection).get();
    }
    CreateCollection.Builder b =
        CreateCollection.newBuilder()
            .setCollectionName(collection)
            .setShardNumber(s.get(Catalog.SHARDS))
            .setReplicationFactor(s.get(Catalog.REPLICATION))
            .setVectorsConfig(
                VectorsConfig.newBuilder()
                    .setParams(
                        VectorParams.newBuilder().setSize(dim).setDistance(Distance.Cosine)));
    if (s.isSet(Catalog.INDEXING_THRESHOLD)) {
      b.setOptimizersConfig(
          OptimizersConfigDiff.newBuilder()
              .setIndexingThreshold(s.get(Catalog.INDEXING_THRESHOLD)));
    }
    c.createCollectionAsync(b.build()).get();
  }
}
