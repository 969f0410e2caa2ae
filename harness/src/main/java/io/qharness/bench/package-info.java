/**
 * The harness's own cost, measured: the client benchmark ({@code ClientBench}: qharness against a
 * floor of the plain Qdrant client, {@code FloorClient}, against a stub server or a real cluster)
 * and the process figures it compares ({@code ProcessCost}, {@code ClientCost}).
 */
package io.qharness.bench;
