package io.qharness.report.render;

import io.qharness.results.RunFile;
import java.util.Locale;

/**
 * Every node's use per phase ({@code serverResources} of run.json) as a table: Markdown for the run
 * and capacity reports, HTML for the capacity page. Levels are at the phase's end; CPU, page faults
 * and optimisations are over the phase.
 */
final class ResourcesTable {
  private ResourcesTable() {}

  private static final String[] HEADER = {
    "phase",
    "node",
    "s>",
    "CPU cores>",
    "RSS MB>",
    "Qdrant allocated MB>",
    "disk MB>",
    "points>",
    "page faults>",
    "optimisations>"
  };

  static String markdown(RunFile.ServerResources r) {
    StringBuilder s = new StringBuilder(table(r).markdown());
    String per = perPoint(r);
    if (per != null) {
      s.append("\n").append(per).append("\n");
    }
    if (r.notes() != null) {
      r.notes().forEach(n -> s.append("\n").append(n).append(".\n"));
    }
    return s.toString();
  }

  static String html(RunFile.ServerResources r) {
    StringBuilder h = new StringBuilder(table(r).html());
    String per = perPoint(r);
    if (per != null) {
      h.append("<p class=\"prov\">").append(ReportPage.esc(per)).append("</p>");
    }
    return h.toString();
  }

  private static Table table(RunFile.ServerResources r) {
    Table t = new Table(HEADER);
    for (RunFile.Phase p : r.phases()) {
      for (RunFile.NodeUse u : p.nodes()) {
        t.row(row(p, u));
      }
    }
    return t;
  }

  private static String[] row(RunFile.Phase p, RunFile.NodeUse u) {
    if (u.failure() != null) {
      return new String[] {
        p.name(), u.node(), "unread: " + u.failure(), "", "", "", "", "", "", ""
      };
    }
    return new String[] {
      p.name(),
      u.node(),
      String.format(Locale.ROOT, "%.1f", p.seconds()),
      u.cpuCores() == null ? "-" : String.format(Locale.ROOT, "%.2f", u.cpuCores()),
      mb(u.rssBytes()),
      mb(u.allocatedBytes()),
      mb(u.diskBytes()),
      String.format(Locale.ROOT, "%,d", u.points()),
      u.minorFaults() == null
          ? "-"
          : String.format(
              Locale.ROOT,
              "%,d",
              u.minorFaults() + (u.majorFaults() == null ? 0 : u.majorFaults())),
      String.format(Locale.ROOT, "%d (%.1f s)", u.optimizations(), u.optimizationSeconds())
    };
  }

  private static String perPoint(RunFile.ServerResources r) {
    RunFile.PerPoint pp = r.perPoint();
    if (pp == null) {
      return null;
    }
    return String.format(
        Locale.ROOT,
        "Per stored point (%,d point replicas, over the upload and index build): memory %s B (%s),"
            + " disk %s B, vectors and payload %s B.",
        pp.points(),
        pp.memoryBytes() == null ? "-" : String.format(Locale.ROOT, "%.0f", pp.memoryBytes()),
        pp.memoryBasis(),
        pp.diskBytes() == null ? "-" : String.format(Locale.ROOT, "%.0f", pp.diskBytes()),
        pp.dataBytes() == null ? "-" : String.format(Locale.ROOT, "%.0f", pp.dataBytes()));
  }

  private static String mb(Long bytes) {
    return bytes == null ? "-" : String.format(Locale.ROOT, "%.1f", bytes / 1e6);
  }
}
