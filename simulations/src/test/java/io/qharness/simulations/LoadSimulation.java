package io.qharness.simulations;

import io.gatling.javaapi.core.Simulation;
import io.qharness.config.Catalog;
import io.qharness.run.QharnessRun;
import io.qharness.simulation.LoadPhases;
import io.qharness.workload.Dataset;

/**
 * Only the load phase: (re)create the collection, upload the data set, wait until it is Green. Load
 * once, then run any workload with upload=false as often as wanted, or from several injector
 * machines at once, without reloading (each checks first that the collection holds the data set).
 *
 * <pre>
 * ./qharness run Load --hosts ... --dataset ...; ./qharness run --hosts ... --dataset ... --upload false
 * </pre>
 */
public class LoadSimulation extends Simulation {
  private final QharnessRun run = QharnessRun.start(getClass());
  private final Dataset data = run.dataset();

  {
    if (!run.settings().get(Catalog.UPLOAD)) {
      data.close();
      throw run.refuse(
          "LoadSimulation with upload=false would do nothing: it exists to load the collection;"
              + " leave upload at true");
    }
    setUp(
            LoadPhases.createUploadAndWait(
                run, data, run.distance(data), run.payloads(), LoadPhases.nothing()))
        .protocols(run.protocol());
  }

  @Override
  public void after() {
    data.close();
    run.close();
  }
}
