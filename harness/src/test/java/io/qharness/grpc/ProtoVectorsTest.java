package io.qharness.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.qdrant.client.grpc.Points.DenseVector;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProtoVectorsTest {
  @Test
  void eachMessageKeepsItsOwnFloatsWhileTheScratchListIsReused() {
    DenseVector first = ProtoVectors.dense(new float[] {1f, -2.5f, 3f});
    DenseVector second = ProtoVectors.dense(new float[] {7f});
    DenseVector large = ProtoVectors.dense(new float[2000]); // beyond the scratch's first capacity
    assertThat(first.getDataList()).containsExactly(1f, -2.5f, 3f);
    assertThat(second.getDataList()).containsExactly(7f);
    assertThat(large.getDataCount()).isEqualTo(2000);
    assertThat(ProtoVectors.dense(new float[0]).getDataCount()).isZero();
  }

  @Test
  void theMessageIsTheOneTheGeneratedBuilderMakes() throws Exception {
    float[] v = {0.25f, Float.MIN_VALUE, -0f, 1e30f};
    DenseVector.Builder b = DenseVector.newBuilder();
    for (float x : v) {
      b.addData(x);
    }
    assertThat(ProtoVectors.dense(v).toByteArray()).isEqualTo(b.build().toByteArray());
    assertThat(ProtoVectors.multi(new float[][] {v, {2f}}).getVectorsList())
        .extracting(DenseVector::getDataList)
        .containsExactly(b.build().getDataList(), List.of(2f));
  }
}
