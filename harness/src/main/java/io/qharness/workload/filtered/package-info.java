/**
 * Qdrant's filtered-search benchmark archives: payloads as JSON lines, their conditions as Qdrant
 * filters ({@code Conditions}), and the data set they make ({@code FilteredDataset}).
 */
package io.qharness.workload.filtered;
