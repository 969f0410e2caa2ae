/**
 * The target cluster as qharness sees it: where it is ({@code Target}: given hosts or the embedded
 * test double), what it is doing (telemetry, {@code /metrics}, collection info, search paths,
 * resources per node) and whether a collection is ready ({@code IndexReadiness}), the write audit
 * ({@code WriteAudit}) and searchable-after-insert ({@code Freshness}). Faults live in {@code
 * cluster.faults}, scale events in {@code cluster.scale}.
 */
package io.qharness.cluster;
