/**
 * Connections to Qdrant nodes: gRPC channels per node ({@code QdrantNodes}, {@code QdrantNode}),
 * the event-loop lanes requests are sent on ({@code IoLanes}), API key and TLS, what a failed call
 * means ({@code GrpcFailures}), node health and outlier ejection ({@code NodeEjection}, {@code
 * EjectionPolicy}), and how a vector becomes Qdrant's message ({@code ProtoVectors}). Depends on
 * nothing else in qharness.
 */
package io.qharness.grpc;
