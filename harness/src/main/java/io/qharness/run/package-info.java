/**
 * A run's wiring: {@code QharnessRun} starts a run from its settings (target, data, query sets,
 * protocol, record, listeners, faults, scale schedule) and closes it (audit, reports, exit status).
 * The rest observe the run's phases (resources, search paths, index readiness, freshness) and drive
 * its special workloads (capacity sweep, ef sweep, growing collection, scale-out).
 */
package io.qharness.run;
