package io.qharness.run;

import io.qharness.config.Catalog;
import io.qharness.config.Settings;
import io.qharness.metrics.ConsoleProgress;
import io.qharness.metrics.InjectorLoad;
import io.qharness.metrics.IntervalLog;
import io.qharness.metrics.LittlesLaw;
import io.qharness.metrics.PushgatewayExporter;
import io.qharness.metrics.RunListener;
import io.qharness.results.RunFile.Section;
import io.qharness.results.RunFile.TargetKind;
import io.qharness.results.RunRecord;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * A run's listeners, in the order they must see each interval: the interval log, the injector's own
 * load (before the Pushgateway, so each push carries this interval's reading), console progress,
 * the Pushgateway exporter, listeners added by the run, and the record last: it seals the run.
 */
final class RunListeners {
  /** The request name of the upload's batches in qharness's workloads. */
  static final String UPLOAD_OPERATION = "upload batch";

  /** The operations of the measured phase: not the upload, not the warm-up. */
  static final Predicate<String> MEASURED =
      op -> !op.startsWith(Catalog.WARMUP_PREFIX) && !op.equals(UPLOAD_OPERATION);

  private final List<RunListener> listeners = new ArrayList<>();
  private final PushgatewayExporter pushgateway;
  private final RunRecord record;

  RunListeners(
      Settings settings, RunRecord record, String workload, TargetKind kind, PrintStream out) {
    listeners.add(new IntervalLog(record.dir()));
    InjectorLoad injectorLoad =
        new InjectorLoad(
            kind == TargetKind.EMBEDDED_TEST_DOUBLE,
            MEASURED,
            f -> record.put(Section.INJECTOR_PROCESS, f, false),
            out);
    listeners.add(injectorLoad);
    listeners.add(new LittlesLaw(MEASURED, c -> record.put(Section.LITTLES_LAW, c, false), out));
    if (settings.get(Catalog.PROGRESS)) {
      listeners.add(new ConsoleProgress(out));
    }
    if (settings.isSet(Catalog.PUSHGATEWAY)) {
      Map<String, String> labels = new LinkedHashMap<>();
      labels.put("workload", workload);
      labels.put("target", kind.json());
      pushgateway =
          new PushgatewayExporter(
              new PushgatewayExporter.Options(
                  settings.get(Catalog.PUSHGATEWAY),
                  settings.get(Catalog.PUSH_JOB),
                  record.runId(),
                  settings.isSet(Catalog.PUSH_INSTANCE)
                      ? settings.get(Catalog.PUSH_INSTANCE)
                      : defaultInstance(),
                  labels,
                  settings.get(Catalog.PUSH_KEEP),
                  settings.get(Catalog.PUSH_DELETE_DELAY),
                  Duration.ofSeconds(3),
                  Integer.toString(settings.get(Catalog.INJECTOR_INDEX))),
              out);
      pushgateway.addSeries(() -> PushgatewayExporter.injectorCpu(injectorLoad.latestShare()));
      listeners.add(pushgateway);
    } else {
      pushgateway = null;
    }
    listeners.add(record);
    this.record = record;
  }

  /** The Pushgateway exporter, or null without one. */
  PushgatewayExporter pushgateway() {
    return pushgateway;
  }

  /**
   * Adds a listener after the record, for what must follow the sealed record (the verdict of the
   * run's own assertions, which may end the JVM).
   */
  void addAfterRecord(RunListener listener) {
    listeners.add(listener);
  }

  /** Adds a listener before the record, which stays last. */
  void add(RunListener listener) {
    listeners.add(listeners.indexOf(record), listener);
  }

  RunListener[] toArray() {
    return listeners.toArray(new RunListener[0]);
  }

  /** This injector's name on the Pushgateway: hostname-pid. */
  private static String defaultInstance() {
    String name = ManagementFactory.getRuntimeMXBean().getName(); // pid@hostname
    int at = name.indexOf('@');
    return at < 0 ? name : name.substring(at + 1) + "-" + name.substring(0, at);
  }
}
