/**
 * What a workload sends: data sets ({@code Dataset}: synthetic, or read from a file by {@code
 * workload.files}), query sets with ground truth ({@code QuerySet}, {@code RecommendQuerySet}),
 * point batches for uploads and overwrites ({@code PointBatches}), payloads ({@code
 * PayloadGenerator}) and collection settings ({@code Quantization}, {@code PayloadIndexing}).
 *
 * <p>Its parts, bottom up: {@code kernels} (distance kernels, SIMD when available), {@code vectors}
 * (vector sets and distances), {@code files} (readers), {@code filtered} (Qdrant's
 * filtered-benchmark archives), this package, {@code truth} (exact ground truth and its cache),
 * then the other kinds: {@code sparse}, {@code hybrid}, {@code multi}.
 */
package io.qharness.workload;
