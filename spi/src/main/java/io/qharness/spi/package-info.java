/**
 * How an embedded cluster plugs into the harness (JDK types only): {@code EmbeddedClusterProvider},
 * found through {@link java.util.ServiceLoader}, starts an {@code EmbeddedCluster}. The harness
 * never imports an implementation.
 */
package io.qharness.spi;
