/**
 * Faults on a schedule: a parsed schedule ({@code FaultSchedule}), the runner that plays it during
 * the measured phase ({@code FaultRunner}), and injectors for the test double, docker compose and
 * the user's own commands ({@code FaultInjector} and its implementations).
 */
package io.qharness.cluster.faults;
