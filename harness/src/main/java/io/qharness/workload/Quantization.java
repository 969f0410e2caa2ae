package io.qharness.workload;

/**
 * How a collection holds its vectors in RAM: as float32, scalar-quantized to int8, or
 * binary-quantized to one bit per dimension. Shapes the collection a workload creates and the
 * memory a capacity projection assumes.
 */
public enum Quantization {
  NONE(4.0),
  SCALAR(1.0),
  BINARY(1.0 / 8);

  /** Bytes one dimension takes in RAM. */
  public final double bytesPerDimension;

  Quantization(double bytesPerDimension) {
    this.bytesPerDimension = bytesPerDimension;
  }
}
