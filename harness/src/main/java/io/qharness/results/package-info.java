/**
 * Run records on disk: a run's directory ({@code RunRecord}), its {@code run.json} ({@code
 * RunFile}), where records go ({@code ResultsLocation}), sets of repeated runs ({@code RunSets}),
 * and the machine, harness and collection they describe. Written atomically ({@code AtomicFiles}).
 */
package io.qharness.results;
