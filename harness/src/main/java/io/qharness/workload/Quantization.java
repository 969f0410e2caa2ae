package io.qharness.workload;

import io.qdrant.client.grpc.Collections.BinaryQuantization;
import io.qdrant.client.grpc.Collections.BinaryQuantizationEncoding;
import io.qdrant.client.grpc.Collections.CompressionRatio;
import io.qdrant.client.grpc.Collections.ProductQuantization;
import io.qdrant.client.grpc.Collections.QuantizationConfig;
import io.qdrant.client.grpc.Collections.QuantizationType;
import io.qdrant.client.grpc.Collections.ScalarQuantization;
import java.util.Locale;

/**
 * How a collection holds its vectors in RAM, each kind Qdrant 1.19 accepts: float32 (none), scalar
 * int8, binary with one, one and a half or two bits per dimension, or product quantization at 4 to
 * 64 times compression. The quantized vectors are kept in RAM, the originals for rescoring. Shapes
 * the collection a workload creates and the memory a capacity projection assumes.
 */
public enum Quantization {
  NONE(4.0),
  SCALAR(1.0),
  BINARY(1.0 / 8),
  BINARY_1_5BIT(1.5 / 8),
  BINARY_2BIT(2.0 / 8),
  PRODUCT_X4(1.0),
  PRODUCT_X8(0.5),
  PRODUCT_X16(0.25),
  PRODUCT_X32(0.125),
  PRODUCT_X64(1.0 / 16);

  /** Bytes one dimension takes in RAM. */
  public final double bytesPerDimension;

  Quantization(double bytesPerDimension) {
    this.bytesPerDimension = bytesPerDimension;
  }

  /** The setting's spelling, e.g. {@code binary-2bit}, {@code product-x16}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-').replace("1-5bit", "1.5bit");
  }

  /** The spellings the setting accepts. */
  public static String allowed() {
    StringBuilder b = new StringBuilder();
    for (Quantization q : values()) {
      b.append(b.length() == 0 ? "" : ", ").append(q.label());
    }
    return b.toString();
  }

  /** Qdrant's config for this kind, quantized vectors always in RAM; null for NONE. */
  public QuantizationConfig config() {
    return switch (this) {
      case NONE -> null;
      case SCALAR ->
          QuantizationConfig.newBuilder()
              .setScalar(
                  ScalarQuantization.newBuilder().setType(QuantizationType.Int8).setAlwaysRam(true))
              .build();
      case BINARY, BINARY_1_5BIT, BINARY_2BIT ->
          QuantizationConfig.newBuilder()
              .setBinary(
                  BinaryQuantization.newBuilder()
                      .setAlwaysRam(true)
                      .setEncoding(
                          this == BINARY
                              ? BinaryQuantizationEncoding.OneBit
                              : this == BINARY_2BIT
                                  ? BinaryQuantizationEncoding.TwoBits
                                  : BinaryQuantizationEncoding.OneAndHalfBits))
              .build();
      default ->
          QuantizationConfig.newBuilder()
              .setProduct(
                  ProductQuantization.newBuilder()
                      .setAlwaysRam(true)
                      .setCompression(
                          CompressionRatio.valueOf(
                              name().substring("PRODUCT_".length()).toLowerCase(Locale.ROOT))))
              .build();
    };
  }
}
