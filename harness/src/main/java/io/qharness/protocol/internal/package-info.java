/**
 * The protocol's engine, behind the DSL: Gatling actions that build, send and time each call
 * ({@code RequestAction}, {@code WaitForGreenAction}), the protocol and its components (channels
 * per node, node selection, failover), paced schedules, recall measurement, and the frozen options
 * request builders read ({@code SearchOptions}, {@code NearestRequest}). Nothing outside {@code
 * io.qharness.protocol} uses these classes (ArchitectureTest).
 */
package io.qharness.protocol.internal;
