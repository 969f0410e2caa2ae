/**
 * The Qdrant protocol for Gatling: the public DSL.
 *
 * <p>Start from {@link io.qharness.protocol.Qdrant}: {@code qdrant()} configures the protocol
 * ({@link io.qharness.protocol.QdrantProtocolBuilder}: hosts, node selection, deadline, failover,
 * outlier ejection, TLS, API key), {@code qdrant("name")} starts a request ({@link
 * io.qharness.protocol.QdrantRequests}). Ranked reads share {@link
 * io.qharness.protocol.QueryApiActionBuilder}'s options; {@link io.qharness.protocol.OpenLoad}
 * paces an action on an open-model schedule, measured from each request's intended start; {@link
 * io.qharness.protocol.QdrantChecks} judge responses. The DSL takes small input interfaces ({@link
 * io.qharness.protocol.QueryVectors}, {@link io.qharness.protocol.PointSource}, ...) that
 * qharness's data sets implement. Everything else lives in {@code protocol.internal}, reached only
 * through here.
 */
package io.qharness.protocol;
