/**
 * Distance kernels for exact ground truth: {@code Kernels.BEST} is the JDK vector API's ({@code
 * VectorKernels}) when {@code jdk.incubator.vector} is present, else plain loops ({@code
 * ScalarKernels}).
 */
package io.qharness.workload.kernels;
