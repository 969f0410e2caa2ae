/**
 * Test-only helpers that start real processes on loopback: Qdrant clusters from a binary ({@code
 * LocalQdrantCluster}, {@code QdrantBinary}, {@code RequiresQdrant}), Debian's Prometheus and
 * Pushgateway, free ports.
 */
package io.qharness.testsupport;
