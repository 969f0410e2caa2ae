package io.qharness.simulation;

import io.qdrant.client.grpc.JsonWithInt.Value;
import io.qdrant.client.grpc.Points.NamedVectors;
import io.qdrant.client.grpc.Points.Vector;
import io.qdrant.client.grpc.Points.Vectors;
import io.qharness.config.Catalog;
import io.qharness.config.Settings;
import io.qharness.grpc.ProtoVectors;
import io.qharness.workload.Dataset;
import io.qharness.workload.PayloadGenerator;
import io.qharness.workload.PointBatches;
import io.qharness.workload.vectors.VectorSet;
import java.util.Map;
import java.util.function.LongFunction;

/**
 * The data set's points as upsert batches, in the vector slot and with the payloads the run sets.
 */
public final class UploadBatches {
  private UploadBatches() {}

  /** Points of the data set for upserts: the unnamed vector, or the named one vectorName gives. */
  public static PointBatches of(
      Settings settings,
      Dataset data,
      int batchSize,
      PointBatches.Mode mode,
      PayloadGenerator payloads) {
    PointBatches b = whole(settings, data, batchSize, mode, payloads);
    int injectors = settings.get(Catalog.INJECTORS);
    return mode == PointBatches.Mode.RANDOM_OVERWRITE && injectors > 1
        ? b.slice(settings.get(Catalog.INJECTOR_INDEX), injectors)
        : b;
  }

  /** The points of the data set, for all injectors. */
  private static PointBatches whole(
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
}
