package io.qharness.acceptance;

import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.qharness.protocol.Qdrant.qdrant;

import io.gatling.javaapi.core.Simulation;
import io.qdrant.client.grpc.Common.PointId;
import io.qdrant.client.grpc.Points.DenseVector;
import io.qdrant.client.grpc.Points.PointStruct;
import io.qdrant.client.grpc.Points.Vector;
import io.qdrant.client.grpc.Points.Vectors;
import io.qharness.run.QharnessRun;
import java.util.ArrayList;
import java.util.List;

/**
 * A simulation with a bug a user could write: it creates an 8-d collection, then writes 16-d
 * points. The server refuses the write as invalid input, and the run must stop at once with the
 * server's message (qharness run exits 2) instead of failing every later write. Test-only: it lives
 * outside the simulations package, so `qharness run` does not list it.
 */
public class WrongDimensionSimulation extends Simulation {
  private final QharnessRun run = QharnessRun.start(getClass());

  {
    List<PointStruct> points = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      DenseVector.Builder v = DenseVector.newBuilder();
      for (int d = 0; d < 16; d++) {
        v.addData(i + d);
      }
      points.add(
          PointStruct.newBuilder()
              .setId(PointId.newBuilder().setNum(i))
              .setVectors(Vectors.newBuilder().setVector(Vector.newBuilder().setDense(v)))
              .build());
    }
    setUp(
            scenario("wrong dimension")
                .exec(qdrant("delete collection").deleteCollection())
                .exec(qdrant("create collection").createCollection().vectorSize(8))
                .repeat(50)
                .on(qdrant("upload batch").upsert().points(session -> points))
                .injectOpen(atOnceUsers(1)))
        .protocols(run.protocol());
  }

  @Override
  public void after() {
    run.close();
  }
}
