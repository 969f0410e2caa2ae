package io.qharness.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.qdrant.client.grpc.Points.SearchParams;
import org.junit.jupiter.api.Test;

/**
 * Search-time parameters reach the request as Qdrant's SearchParams, and nothing is sent when none
 * is set.
 */
class SearchParamsTest {
  @Test
  void hnswEfExactAndQuantizationParametersAreSentAsSet() {
    assertThat(Qdrant.qdrant("s").search().params())
        .as("no parameters: Qdrant's defaults")
        .isNull();

    SearchParams p = Qdrant.qdrant("s").search().hnswEf(64).quantization(true, 2.5).params();
    assertThat(p.getHnswEf()).isEqualTo(64);
    assertThat(p.hasExact()).isFalse();
    assertThat(p.getQuantization().getRescore()).isTrue();
    assertThat(p.getQuantization().getOversampling()).isEqualTo(2.5);

    SearchParams onlyRescore = Qdrant.qdrant("s").query().quantization(false, null).params();
    assertThat(onlyRescore.getQuantization().hasRescore()).isTrue();
    assertThat(onlyRescore.getQuantization().getRescore()).isFalse();
    assertThat(onlyRescore.getQuantization().hasOversampling()).as("unset stays unset").isFalse();
    assertThat(onlyRescore.hasHnswEf()).isFalse();

    assertThatThrownBy(() -> Qdrant.qdrant("s").search().quantization(null, 0.5))
        .hasMessageContaining("oversampling must be at least 1");
  }
}
