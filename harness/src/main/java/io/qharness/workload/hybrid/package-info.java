/**
 * Hybrid dense + sparse search: points carrying both vectors ({@code HybridPoints}), query sets
 * ({@code HybridQuerySet}), Qdrant's fusions RRF and DBSF computed exactly ({@code Fusion}) and the
 * fused ground truth ({@code HybridGroundTruth}).
 */
package io.qharness.workload.hybrid;
