package io.qharness.results;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.qharness.metrics.IntervalLog;
import io.qharness.metrics.RunSummary;
import io.qharness.metrics.SummaryMerge;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;

/**
 * Joins the parts of a run several injectors sent together ({@code <run>/injectors/<i>/}) into the
 * run's own record, which compare, report, history and baseline read like any run: the interval
 * histograms of every part in one log (so every percentile is of all samples), the summary computed
 * from them, throughput summed, the write audits joined, each part's process figures kept.
 */
public final class RunMerge {
  /** The parts' directory inside the run's. */
  public static final String PARTS = "injectors";

  private RunMerge() {}

  /** The merged record, written into {@code runDir}. */
  public static RunRecord.Loaded merge(Path runDir) {
    List<RunRecord.Loaded> parts = parts(runDir);
    Path log = runDir.resolve(IntervalLog.FILE);
    writeLog(log, parts);
    Map<IntervalLog.Series, Histogram> all = IntervalLog.merge(List.of(log));
    RunSummary summary =
        SummaryMerge.merge(parts.stream().map(RunRecord.Loaded::summary).toList(), all);
    ObjectNode file = Json.MAPPER.createObjectNode().put("format", RunRecord.SUMMARY_FORMAT);
    file.setAll((ObjectNode) Json.MAPPER.valueToTree(summary));
    AtomicFiles.writeJson(runDir.resolve(RunRecord.SUMMARY_FILE), file);
    AtomicFiles.writeJson(runDir.resolve(RunRecord.RUN_FILE), runFile(parts));
    return RunRecord.load(runDir);
  }

  /**
   * Every part, complete; refuses a missing or unfinished one by name, since a merge without it
   * would report a fraction of the load as the whole.
   */
  static List<RunRecord.Loaded> parts(Path runDir) {
    Path first = runDir.resolve(PARTS).resolve("0");
    if (!Files.isDirectory(runDir.resolve(PARTS))) {
      throw new IllegalArgumentException(
          runDir
              + " has no "
              + PARTS
              + "/ directory: it is not a run of several injectors (they write their parts there"
              + " when started with injectors=N and the same runId)");
    }
    if (!Files.isDirectory(first)) {
      throw new IllegalArgumentException(
          "injector 0 has no record in " + first + ": " + missingHint());
    }
    RunRecord.Loaded zero = RunRecord.load(first);
    int count = zero.run().injectors() == null ? 1 : zero.run().injectors().count();
    List<RunRecord.Loaded> parts = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Path dir = runDir.resolve(PARTS).resolve(Integer.toString(i));
      if (!Files.isDirectory(dir)) {
        throw new IllegalArgumentException(
            "injector " + i + " of " + count + " has no record in " + dir + ": " + missingHint());
      }
      RunRecord.Loaded p = i == 0 ? zero : RunRecord.load(dir);
      if (!p.complete()) {
        throw new IllegalArgumentException(
            "injector "
                + i
                + " of "
                + count
                + " did not complete (status "
                + (p.run().status() == null ? "unknown" : p.run().status().name())
                + (p.run().failure() == null ? "" : ": " + p.run().failure())
                + "); see "
                + dir.resolve(RunRecord.RUN_FILE)
                + ", and run the whole test again");
      }
      if (!Files.isRegularFile(dir.resolve(IntervalLog.FILE))) {
        throw new IllegalArgumentException(
            dir + " has no " + IntervalLog.FILE + ": the part's histograms are needed to merge");
      }
      parts.add(p);
    }
    return parts;
  }

  private static String missingHint() {
    return "it did not start, or the injectors do not share the results directory (on Kubernetes:"
        + " one ReadWriteMany volume for all of them)";
  }

  /** Every part's interval histograms, at their own absolute times, in one log. */
  private static void writeLog(Path log, List<RunRecord.Loaded> parts) {
    long base = Long.MAX_VALUE;
    List<List<IntervalLog.Entry>> entries = new ArrayList<>();
    for (RunRecord.Loaded p : parts) {
      List<IntervalLog.Entry> e = IntervalLog.read(p.dir().resolve(IntervalLog.FILE));
      entries.add(e);
      for (IntervalLog.Entry x : e) {
        base = Math.min(base, x.startMillis());
      }
    }
    try (PrintStream out = new PrintStream(log.toFile(), StandardCharsets.UTF_8)) {
      HistogramLogWriter w = new HistogramLogWriter(out);
      w.outputComment("qharness interval histograms of " + parts.size() + " injectors, merged");
      w.outputLogFormatVersion();
      long start = base == Long.MAX_VALUE ? System.currentTimeMillis() : base;
      w.outputStartTime(start);
      w.setBaseTime(start);
      w.outputLegend();
      for (List<IntervalLog.Entry> part : entries) {
        for (IntervalLog.Entry e : part) {
          Histogram h = e.histogram();
          h.setStartTimeStamp(e.startMillis());
          h.setEndTimeStamp(e.endMillis());
          h.setTag(IntervalLog.tag(e.series()));
          w.outputIntervalHistogram(h);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + log + ": " + e.getMessage(), e);
    }
  }

  /** Part 0's run.json, with the run's times, outcome, load and audit of all the parts. */
  private static ObjectNode runFile(List<RunRecord.Loaded> parts) {
    ObjectNode run = ((ObjectNode) parts.get(0).json()).deepCopy();
    String started = null;
    String ended = null;
    List<RunFile.Injectors.Part> described = new ArrayList<>();
    Set<String> notes = new LinkedHashSet<>();
    for (int i = 0; i < parts.size(); i++) {
      RunFile r = parts.get(i).run();
      started = earliest(started, r.startedAt());
      ended = latest(ended, r.endedAt());
      described.add(
          new RunFile.Injectors.Part(
              i,
              r.status() == null ? null : r.status().name().toLowerCase(java.util.Locale.ROOT),
              r.startedAt(),
              r.endedAt(),
              r.injectorProcess()));
      if (r.notes() != null) {
        notes.addAll(r.notes());
      }
    }
    RunFile.Injectors first = parts.get(0).run().injectors();
    run.put("startedAt", started);
    run.put("endedAt", ended);
    run.set(
        "injectors",
        Json.MAPPER.valueToTree(
            new RunFile.Injectors(parts.size(), null, first.startAt(), described)));
    run.remove("injectorProcess"); // each part's is under injectors.parts
    run.set("load", load(parts.get(0).json().path("load"), parts.size()));
    JsonNode audit = audit(parts);
    if (audit != null) {
      run.set("audit", audit);
    }
    if (!notes.isEmpty()) {
      run.set("notes", Json.MAPPER.valueToTree(List.copyOf(notes)));
    }
    ((ObjectNode) run.path("config")).remove("injectorIndex");
    run.put("mergedAt", Instant.now().toString());
    return run;
  }

  /** Each operation's whole schedule, as the parts shared it out. */
  private static JsonNode load(JsonNode partLoad, int count) {
    ObjectNode out = Json.MAPPER.createObjectNode();
    partLoad
        .fields()
        .forEachRemaining(
            e -> {
              String s = e.getValue().asText();
              int cut = s.indexOf(" in all; injector ");
              out.put(
                  e.getKey(),
                  (cut < 0 ? s : s.substring(0, cut)) + ", shared by " + count + " injectors");
            });
    return out;
  }

  /** The parts' write audits joined: counts summed, samples and unavailable nodes listed once. */
  private static JsonNode audit(List<RunRecord.Loaded> parts) {
    ObjectNode sum = null;
    for (RunRecord.Loaded p : parts) {
      JsonNode a = p.json().path("audit");
      if (!a.isObject()) {
        continue;
      }
      if (sum == null) {
        sum = ((ObjectNode) a).deepCopy();
        continue;
      }
      ObjectNode s = sum;
      a.fields()
          .forEachRemaining(
              e -> {
                JsonNode mine = s.path(e.getKey());
                JsonNode theirs = e.getValue();
                if (mine.isIntegralNumber() && theirs.isIntegralNumber()) {
                  s.put(e.getKey(), mine.asLong() + theirs.asLong());
                } else if (mine.isNumber() && theirs.isNumber()) {
                  s.put(e.getKey(), Math.max(mine.asDouble(), theirs.asDouble()));
                } else if (mine.isBoolean() && theirs.isBoolean()) {
                  s.put(e.getKey(), mine.asBoolean() && theirs.asBoolean());
                } else if (mine.isArray() && theirs.isArray()) {
                  Set<JsonNode> joined = new LinkedHashSet<>();
                  mine.forEach(joined::add);
                  theirs.forEach(joined::add);
                  s.set(e.getKey(), Json.MAPPER.valueToTree(List.copyOf(joined)));
                }
              });
    }
    return sum;
  }

  private static String earliest(String a, String b) {
    return a == null || (b != null && b.compareTo(a) < 0) ? b : a;
  }

  private static String latest(String a, String b) {
    return a == null || (b != null && b.compareTo(a) > 0) ? b : a;
  }
}
