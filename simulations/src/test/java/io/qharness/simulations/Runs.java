package io.qharness.simulations;

import io.qharness.cluster.Target;
import io.qharness.config.Catalog;
import io.qharness.config.Settings;
import io.qharness.results.ResultsLocation;
import io.qharness.results.RunRecord;
import java.util.LinkedHashMap;
import java.util.Map;

/** Starts the run record of a simulation: what ran, with which configuration, against what. */
final class Runs {
  private Runs() {}

  static RunRecord begin(Class<?> simulation, Settings settings, Target target) {
    String runId = settings.isSet(Catalog.RUN_ID) ? settings.get(Catalog.RUN_ID) : RunRecord.newRunId(simulation.getSimpleName());
    Map<String, Object> description = new LinkedHashMap<>();
    description.put("workload", simulation.getName());
    description.put("config", settings.toRecord());
    Map<String, Object> t = new LinkedHashMap<>();
    t.put("kind", target.embedded() ? "embedded-test-double" : "qdrant");
    t.put("grpcAddresses", target.grpcAddresses());
    description.put("target", t);
    return RunRecord.begin(ResultsLocation.resolve(settings.get(Catalog.RESULTS_DIR)), runId, description);
  }
}
