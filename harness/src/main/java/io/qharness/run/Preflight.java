package io.qharness.run;

import io.qharness.cluster.QdrantRest;
import io.qharness.config.Catalog;
import io.qharness.config.ConfigException;
import io.qharness.config.Settings;
import io.qharness.workload.Dataset;
import java.io.UncheckedIOException;
import java.time.Duration;

/**
 * What a run checks before anything starts (no test cluster, no Gatling JVM, no call to a node):
 * settings that contradict each other, the data set's files, TLS and CA settings, the fault
 * schedule and its injector. Each problem is a {@link ConfigException} naming the setting, the
 * value's origin and the fix; {@code qharness run} exits 2 with it.
 */
public final class Preflight {
  private Preflight() {}

  public static void check(Settings settings) {
    if (settings.get(Catalog.WRITE_CONSISTENCY) > settings.get(Catalog.REPLICATION)) {
      throw new ConfigException(
          "writeConsistency "
              + settings.get(Catalog.WRITE_CONSISTENCY)
              + " exceeds replication "
              + settings.get(Catalog.REPLICATION)
              + ": a write can be acknowledged by at most as many replicas as there are; lower"
              + " writeConsistency or raise replication");
    }
    dataset(settings);
    QdrantRest.of(settings, Duration.ofSeconds(1)); // tls / caFile consistency and readability
    FaultSetup.check(settings);
  }

  /** Opens the data set once (files, their layout, its parameters) and closes it again. */
  private static void dataset(Settings settings) {
    if (!settings.isSet(Catalog.DATASET)) {
      return;
    }
    try (Dataset d =
        Dataset.open(
            settings.get(Catalog.DATASET),
            settings.get(Catalog.QUERIES),
            0,
            RunData.cacheDir(settings))) {
      d.dimension();
    } catch (IllegalArgumentException | IllegalStateException | UncheckedIOException e) {
      throw new ConfigException(
          "dataset (from " + settings.value(Catalog.DATASET).origin() + "): " + e.getMessage());
    }
  }
}
