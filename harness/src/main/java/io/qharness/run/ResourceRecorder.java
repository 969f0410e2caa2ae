package io.qharness.run;

import io.qharness.cluster.NodeResources;
import io.qharness.cluster.NodeResources.Sample;
import io.qharness.results.RunFile.NodeUse;
import io.qharness.results.RunFile.PerPoint;
import io.qharness.results.RunFile.Phase;
import io.qharness.results.RunFile.ServerResources;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Every node's resources phase by phase: a reading of all nodes at each phase boundary, and per
 * phase the levels at its end and the counters' growth over it. The bytes per stored point come
 * from the phases that build the collection ({@link #UPLOAD} and {@link #INDEX_BUILD}).
 */
final class ResourceRecorder {
  static final String UPLOAD = "upload";
  static final String INDEX_BUILD = "index build";

  private final NodeResources sampler;
  private final List<String> names = new ArrayList<>();
  private final List<List<Sample>> readings = new ArrayList<>();
  private String open;

  ResourceRecorder(NodeResources sampler) {
    this.sampler = sampler;
  }

  /** Ends the open phase, if any, and opens {@code phase} (null: none), reading every node now. */
  synchronized void markNow(String phase) {
    if (open == null && phase == null) {
      return;
    }
    List<Sample> now = sampler.sampleAll();
    if (open != null) {
      names.add(open);
      readings.add(now);
    } else {
      readings.add(now); // the first boundary: the start of the first phase
      names.add(null);
    }
    open = phase;
  }

  /** The phases measured so far, or null when no phase was closed. */
  synchronized ServerResources result() {
    List<Phase> phases = new ArrayList<>();
    Map<String, List<Sample>> startOf = new LinkedHashMap<>();
    Map<String, List<Sample>> endOf = new LinkedHashMap<>();
    for (int i = 1; i < readings.size(); i++) {
      List<Sample> from = readings.get(i - 1);
      List<Sample> to = readings.get(i);
      phases.add(phase(names.get(i), from, to));
      startOf.put(names.get(i), from);
      endOf.put(names.get(i), to);
    }
    if (phases.isEmpty()) {
      return null;
    }
    List<String> notes = new ArrayList<>();
    if (!sampler.readsProcesses()) {
      notes.add(
          "CPU time, resident set and disk are read from /proc for nodes that are their own"
              + " processes on this machine; none was, so only the nodes' own gauges are shown");
    }
    List<Sample> built = endOf.getOrDefault(INDEX_BUILD, endOf.get(UPLOAD));
    List<Sample> before = startOf.get(UPLOAD);
    return new ServerResources(
        phases, before == null || built == null ? null : perPoint(before, built), notes);
  }

  static Phase phase(String name, List<Sample> from, List<Sample> to) {
    double seconds = 0;
    List<NodeUse> nodes = new ArrayList<>();
    for (int n = 0; n < to.size(); n++) {
      Sample a = from.get(n);
      Sample b = to.get(n);
      double s = (b.atNanos() - a.atNanos()) / 1e9;
      seconds = Math.max(seconds, s);
      if (b.failure() != null) {
        nodes.add(
            new NodeUse(
                b.node(),
                null,
                null,
                null,
                null,
                null,
                null,
                0,
                0,
                null,
                null,
                null,
                0,
                0,
                null,
                b.failure()));
        continue;
      }
      Double cpu =
          a.cpuSeconds() == null || b.cpuSeconds() == null
              ? null
              // below its last reading: a new process (restarted), its CPU since it started
              : round(
                  b.cpuSeconds() >= a.cpuSeconds()
                      ? b.cpuSeconds() - a.cpuSeconds()
                      : b.cpuSeconds(),
                  2);
      nodes.add(
          new NodeUse(
              b.node(),
              cpu,
              cpu == null || s <= 0 ? null : round(cpu / s, 3),
              b.rssBytes(),
              b.residentBytes(),
              b.allocatedBytes(),
              b.diskBytes(),
              b.points(),
              b.dataBytes(),
              delta(a, b, Sample::minorFaults),
              delta(a, b, Sample::majorFaults),
              delta(a, b, Sample::readBytes),
              Math.max(0, b.optimizations() - a.optimizations()),
              round(Math.max(0, b.optimizationMicros() - a.optimizationMicros()) / 1e6, 3),
              delta(a, b, Sample::qdrantCpu),
              null));
    }
    return new Phase(name, round(seconds, 2), nodes);
  }

  /**
   * Bytes per stored point replica: what the nodes gained from before the upload to the end of the
   * index build, over the points they gained. Null when they gained none or a node was unread.
   */
  static PerPoint perPoint(List<Sample> before, List<Sample> after) {
    long points = 0;
    long rss = 0;
    long resident = 0;
    long data = 0;
    long disk = 0;
    boolean haveRss = true;
    boolean haveResident = true;
    boolean haveDisk = true;
    for (int n = 0; n < after.size(); n++) {
      Sample a = before.get(n);
      Sample b = after.get(n);
      if (a.failure() != null || b.failure() != null) {
        return null;
      }
      points += b.points() - a.points();
      data += b.dataBytes() - a.dataBytes();
      haveRss &= a.rssBytes() != null && b.rssBytes() != null;
      haveResident &= a.residentBytes() != null && b.residentBytes() != null;
      haveDisk &= b.diskBytes() != null;
      rss += haveRss ? b.rssBytes() - a.rssBytes() : 0;
      resident += haveResident ? b.residentBytes() - a.residentBytes() : 0;
      // the collection is new at the upload's start: all of its directory is this data set's
      disk += haveDisk ? b.diskBytes() - (a.diskBytes() == null ? 0 : a.diskBytes()) : 0;
    }
    if (points <= 0) {
      return null;
    }
    Double memory;
    String basis;
    if (haveRss) {
      memory = Math.max(0, rss) / (double) points;
      basis = "growth of the nodes' resident set (/proc), mapped vectors included";
    } else if (haveResident) {
      memory = (Math.max(0, resident) + Math.max(0, data)) / (double) points;
      basis =
          "growth of Qdrant's allocator gauge (memory_resident_bytes) plus the vectors' and"
              + " payloads' bytes (mapped, not in that gauge)";
    } else {
      memory = null;
      basis = "not measured: the nodes gave neither /proc nor memory gauges";
    }
    return new PerPoint(
        points,
        memory == null ? null : round(memory, 1),
        haveDisk ? round(Math.max(0, disk) / (double) points, 1) : null,
        round(Math.max(0, data) / (double) points, 1),
        basis);
  }

  private static Long delta(Sample a, Sample b, Function<Sample, Long> f) {
    Long x = f.apply(a);
    Long y = f.apply(b);
    // a counter below its last reading was reset (the node restarted): it counts from 0 again
    return x == null || y == null ? null : y >= x ? y - x : y;
  }

  private static double round(double v, int places) {
    double f = Math.pow(10, places);
    return Math.round(v * f) / f;
  }

  /** A short table of the phases, for the console. */
  static String describe(ServerResources r) {
    StringBuilder b = new StringBuilder();
    b.append(
        String.format(
            Locale.ROOT,
            "%-13s %-22s %9s %10s %10s %10s %10s %9s %13s%n",
            "phase",
            "node",
            "CPU cores",
            "RSS MB",
            "alloc MB",
            "disk MB",
            "points",
            "faults",
            "optimisations"));
    for (Phase p : r.phases()) {
      for (NodeUse u : p.nodes()) {
        if (u.failure() != null) {
          b.append(
              String.format(
                  Locale.ROOT, "%-13s %-22s unread: %s%n", p.name(), u.node(), u.failure()));
          continue;
        }
        b.append(
            String.format(
                Locale.ROOT,
                "%-13s %-22s %9s %10s %10s %10s %,10d %9s %6d %5.1fs%n",
                p.name(),
                u.node(),
                u.cpuCores() == null ? "-" : String.format(Locale.ROOT, "%.2f", u.cpuCores()),
                mb(u.rssBytes()),
                mb(u.allocatedBytes()),
                mb(u.diskBytes()),
                u.points(),
                u.minorFaults() == null
                    ? "-"
                    : Long.toString(
                        u.minorFaults() + (u.majorFaults() == null ? 0 : u.majorFaults())),
                u.optimizations(),
                u.optimizationSeconds()));
      }
    }
    PerPoint pp = r.perPoint();
    if (pp != null) {
      b.append(
          String.format(
              Locale.ROOT,
              "per stored point (%,d point replicas): memory %s B (%s), disk %s B, vectors and"
                  + " payload %s B%n",
              pp.points(),
              pp.memoryBytes() == null ? "-" : String.format(Locale.ROOT, "%.0f", pp.memoryBytes()),
              pp.memoryBasis(),
              pp.diskBytes() == null ? "-" : String.format(Locale.ROOT, "%.0f", pp.diskBytes()),
              pp.dataBytes() == null ? "-" : String.format(Locale.ROOT, "%.0f", pp.dataBytes())));
    }
    return b.toString();
  }

  private static String mb(Long bytes) {
    return bytes == null ? "-" : String.format(Locale.ROOT, "%.1f", bytes / 1e6);
  }
}
