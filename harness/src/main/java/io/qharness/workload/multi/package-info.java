/**
 * Multivectors (late interaction): points of several vectors each ({@code MultiVectors}), their
 * query sets and exact MaxSim ground truth ({@code MaxSimGroundTruth}).
 */
package io.qharness.workload.multi;
