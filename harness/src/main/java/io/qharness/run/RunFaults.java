package io.qharness.run;

import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.qharness.cluster.Target;
import io.qharness.cluster.faults.FaultRunner;
import io.qharness.config.Catalog;
import io.qharness.config.Settings;
import io.qharness.metrics.PushgatewayExporter;
import io.qharness.metrics.RunMetrics;
import io.qharness.report.FaultImpact;
import io.qharness.report.Timeline;
import io.qharness.results.RunFile.Section;
import io.qharness.results.RunRecord;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A run's fault schedule: the runner that applies it, each fault as applied (console, run.json,
 * Pushgateway annotations), and at the end what each fault did to each operation.
 */
final class RunFaults {
  private final FaultRunner runner;
  private final RunRecord record;
  private final PrintStream out;
  private final List<FaultRunner.Applied> applied = new CopyOnWriteArrayList<>();

  RunFaults(
      Settings settings, Target target, RunRecord record, RunListeners listeners, PrintStream out) {
    this.record = record;
    this.out = out;
    this.runner = FaultSetup.runner(settings, target);
    record.put(Section.FAULT_SCHEDULE, runner.schedule().toString(), true);
    if (!settings.isExplicit(Catalog.REPORT_INTERVAL)) {
      out.println(
          "qharness: faults scheduled: reporting every 1s (reportInterval) so recovery times"
              + " resolve to a second");
    }
    runner.onApplied(this::applied);
    PushgatewayExporter pushgateway = listeners.pushgateway();
    if (pushgateway != null) {
      for (int i = 0; i < 2; i++) {
        int which = i; // the fault series come as a pair: events and their times
        pushgateway.addSeries(
            () -> {
              List<MetricSnapshot> s = PushgatewayExporter.faultSeries(points());
              return s == null ? null : s.get(which);
            });
      }
    }
    listeners.add(new Timeline(this::impact));
  }

  FaultRunner runner() {
    return runner;
  }

  void close() {
    runner.close();
  }

  private List<PushgatewayExporter.FaultPoint> points() {
    List<PushgatewayExporter.FaultPoint> rows = new ArrayList<>();
    for (FaultRunner.Applied a : applied) {
      if (a.ok()) {
        rows.add(
            new PushgatewayExporter.FaultPoint(
                a.action(), "node" + a.node(), a.event(), a.appliedAtMillis() / 1000.0));
      }
    }
    return rows;
  }

  private void applied(FaultRunner.Applied a) {
    applied.add(a);
    record.put(Section.FAULTS, applied, true);
    out.println("qharness fault " + a.event() + (a.ok() ? " applied" : " FAILED: " + a.error()));
  }

  private void impact(Timeline timeline) {
    List<FaultImpact.Effect> effects =
        FaultImpact.analyse(applied, timeline.operations(), timeline.endMillis());
    record.put(Section.FAULT_IMPACT, effects, false);
    out.print(FaultImpact.format(effects));
    RunMetrics metrics = timeline.metrics();
    if (metrics != null) {
      List<FaultImpact.Cause> causes =
          FaultImpact.causes(applied, metrics.nodeHealth(), metrics.nodeNames());
      record.put(Section.FAULT_CAUSES, causes, false);
      out.print(FaultImpact.formatCauses(causes));
    }
  }
}
