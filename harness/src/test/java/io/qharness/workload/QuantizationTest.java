package io.qharness.workload;

import static org.assertj.core.api.Assertions.assertThat;

import io.qdrant.client.grpc.Collections.BinaryQuantizationEncoding;
import io.qdrant.client.grpc.Collections.CompressionRatio;
import io.qdrant.client.grpc.Collections.QuantizationConfig;
import io.qharness.config.Catalog;
import io.qharness.config.Settings;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class QuantizationTest {

  private static Quantization parse(String text) {
    return Settings.resolve(Map.of(), new Properties(), Map.of("quantization", text))
        .get(Catalog.QUANTIZATION);
  }

  @Test
  void everyKindQdrantAcceptsHasItsConfigAndSpelling() {
    assertThat(Quantization.NONE.config()).isNull();
    assertThat(Quantization.SCALAR.config().hasScalar()).isTrue();
    QuantizationConfig two = Quantization.BINARY_2BIT.config();
    assertThat(two.getBinary().getEncoding()).isEqualTo(BinaryQuantizationEncoding.TwoBits);
    assertThat(two.getBinary().getAlwaysRam()).isTrue();
    assertThat(Quantization.BINARY_1_5BIT.config().getBinary().getEncoding())
        .isEqualTo(BinaryQuantizationEncoding.OneAndHalfBits);
    assertThat(Quantization.BINARY.config().getBinary().getEncoding())
        .isEqualTo(BinaryQuantizationEncoding.OneBit);
    assertThat(Quantization.PRODUCT_X16.config().getProduct().getCompression())
        .isEqualTo(CompressionRatio.x16);
    assertThat(Quantization.PRODUCT_X64.bytesPerDimension).isEqualTo(4.0 / 64);
    for (Quantization q : Quantization.values()) {
      assertThat(parse(q.label())).as(q.label()).isEqualTo(q);
    }
    assertThat(parse("binary-1.5bit")).isEqualTo(Quantization.BINARY_1_5BIT);
    assertThat(Quantization.allowed()).contains("product-x4").contains("binary-2bit");
  }
}
