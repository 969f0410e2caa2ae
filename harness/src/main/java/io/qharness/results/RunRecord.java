package io.qharness.results;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.qharness.metrics.NodeHealthLog;
import io.qharness.metrics.RunListener;
import io.qharness.metrics.RunMetrics;
import io.qharness.metrics.RunSummary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A run's record in {@code results/<run-id>/}: {@code run.json} (what ran, where, how, and whether
 * it completed) and {@code summary.json} (the figures). {@code run.json} is written first with
 * status "running" and rewritten "complete" only after the summary is in place, each write atomic,
 * so an interrupted run can never pass for a complete one.
 */
public final class RunRecord implements RunListener {
  public static final String RUN_FILE = "run.json";
  public static final String SUMMARY_FILE = "summary.json";
  private static final DateTimeFormatter ID_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

  private final Path dir;
  private final ObjectNode run;

  private RunRecord(Path dir, ObjectNode run) {
    this.dir = dir;
    this.run = run;
  }

  /**
   * A fresh run id: UTC time, the workload's name and a random suffix, e.g.
   * 20261125-014307-mixed-3fa2.
   */
  public static String newRunId(String workload) {
    String name =
        workload
            .toLowerCase(Locale.ROOT)
            .replaceAll("simulation$", "")
            .replaceAll("[^a-z0-9]+", "-");
    return ID_TIME.format(Instant.now())
        + "-"
        + name
        + "-"
        + String.format("%04x", ThreadLocalRandom.current().nextInt(0x10000));
  }

  /**
   * Creates {@code resultsDir/<runId>/} and writes {@code run.json} with status "running": the
   * workload, its configuration (no secrets), the target as known so far, this harness and machine.
   */
  public static RunRecord begin(
      Path resultsDir,
      String runId,
      String workload,
      Map<String, String> config,
      RunFile.TargetInfo target) {
    return beginIn(resultsDir.resolve(runId), runId, workload, config, target);
  }

  /** As {@link #begin}, in {@code dir}: one injector's part of a run of several. */
  public static RunRecord beginIn(
      Path dir,
      String runId,
      String workload,
      Map<String, String> config,
      RunFile.TargetInfo target) {
    if (Files.exists(dir)) {
      throw new IllegalStateException(
          "run directory " + dir + " already exists; run ids must be unique");
    }
    ObjectNode run = Json.MAPPER.createObjectNode();
    run.put("format", RunFile.FORMAT);
    run.put("runId", runId);
    run.set("status", Json.MAPPER.valueToTree(RunFile.Status.RUNNING));
    run.put("startedAt", Instant.now().toString());
    run.set("harness", Json.MAPPER.valueToTree(HarnessInfo.current()));
    run.set("machine", Json.MAPPER.valueToTree(MachineInfo.current()));
    run.put("workload", workload);
    run.set("config", Json.MAPPER.valueToTree(config));
    run.set("target", Json.MAPPER.valueToTree(target));
    RunRecord r = new RunRecord(dir, run);
    r.writeRun();
    return r;
  }

  /**
   * The record of a run that already ended, to add what was learnt after it (e.g. where Gatling put
   * its report). Its status stays as it is.
   */
  public static RunRecord reopen(Path dir) {
    JsonNode json = load(dir).json();
    return new RunRecord(dir, (ObjectNode) json);
  }

  public Path dir() {
    return dir;
  }

  public String runId() {
    return run.get("runId").asText();
  }

  /** Sets one section of run.json (written at the end, or now if asked). */
  public synchronized <T> RunRecord put(RunFile.Section<T> section, T value, boolean writeNow) {
    run.set(section.name(), Json.MAPPER.valueToTree(value));
    if (writeNow) {
      writeRun();
    }
    return this;
  }

  private synchronized void writeRun() {
    AtomicFiles.writeJson(dir.resolve(RUN_FILE), run);
  }

  private volatile RunMetrics metrics;

  @Override
  public void started(RunMetrics metrics) {
    this.metrics = metrics;
  }

  @Override
  public synchronized void ended(RunSummary summary) {
    if (metrics != null) {
      NodeHealthLog health = metrics.nodeHealth();
      Map<String, Object> section = new LinkedHashMap<>();
      section.put("outlierEjection", health.ejectionOn());
      section.put("events", health.events());
      section.put("failures", health.tallies(0, Long.MAX_VALUE));
      put(RunFile.Section.NODE_HEALTH, section, false);
    }
    ObjectNode file = Json.MAPPER.createObjectNode().put("format", SUMMARY_FORMAT);
    file.setAll((ObjectNode) Json.MAPPER.valueToTree(summary));
    AtomicFiles.writeJson(dir.resolve(SUMMARY_FILE), file);
    if (!isFailed()) { // a stopped run keeps its failure
      run.put("endedAt", Instant.now().toString());
      run.set("status", Json.MAPPER.valueToTree(RunFile.Status.COMPLETE));
    }
    writeRun();
  }

  private boolean isFailed() {
    return RunFile.Status.FAILED.json().equals(run.path("status").asText());
  }

  @Override
  public void stopped(String reason) {
    refused(reason);
  }

  /** Marks the record failed with a reason (the run aborted before its end). */
  public synchronized void failed(String reason) {
    run.put("endedAt", Instant.now().toString());
    run.set("status", Json.MAPPER.valueToTree(RunFile.Status.FAILED));
    run.put("failure", reason);
    writeRun();
  }

  /**
   * Marks a record whose injector died while it still said "running": the exit code, and when the
   * last reporting interval written ended (null when none was), so a reader knows how far it got.
   */
  public synchronized void crashed(int exitCode, Long lastIntervalEndMillis) {
    String started = run.path("startedAt").asText(null);
    String last =
        lastIntervalEndMillis == null
            ? "no reporting interval was written"
            : "the last reporting interval written ended at "
                + Instant.ofEpochMilli(lastIntervalEndMillis)
                + (started == null
                    ? ""
                    : String.format(
                        Locale.ROOT,
                        " (%.1f s after the start)",
                        (lastIntervalEndMillis - Instant.parse(started).toEpochMilli()) / 1000.0));
    run.put("endedAt", Instant.now().toString());
    run.set("status", Json.MAPPER.valueToTree(RunFile.Status.CRASHED));
    run.put(
        "failure",
        "the injector (Gatling JVM) died with exit code "
            + exitCode
            + signal(exitCode)
            + " before the run ended; "
            + last);
    run.put("failureKind", "crash");
    writeRun();
  }

  private static String signal(int exitCode) {
    return switch (exitCode) {
      case 137 -> " (killed: SIGKILL, e.g. the out-of-memory killer or kill -9)";
      case 143 -> " (terminated: SIGTERM)";
      case 134 -> " (aborted: SIGABRT, e.g. a JVM crash)";
      case 139 -> " (segmentation fault)";
      default -> exitCode > 128 ? " (signal " + (exitCode - 128) + ")" : "";
    };
  }

  /**
   * Marks the record failed because its settings do not fit the target: the user's fix, not a
   * crash.
   */
  public synchronized void refused(String reason) {
    run.put("failureKind", RunFile.FAILURE_CONFIGURATION);
    failed(reason);
  }

  /** The format of summary.json this qharness writes and the newest it reads. */
  public static final int SUMMARY_FORMAT = 1;

  /**
   * A record read back from disk: run.json typed, its raw tree (for tools that look at sections
   * qharness keeps opaque), and the summary when there is one.
   */
  public record Loaded(Path dir, RunFile run, JsonNode json, RunSummary summary) {
    public String runId() {
      return run.runId();
    }

    /** True when run.json says complete and the summary is there. */
    public boolean complete() {
      return run.complete() && summary != null;
    }
  }

  /**
   * Reads a run directory. A record whose run.json is not "complete", or whose summary is missing,
   * is returned as incomplete; an unreadable file, or one written by a newer qharness, raises an
   * error naming the file and the fix.
   */
  public static Loaded load(Path dir) {
    Path runFile = dir.resolve(RUN_FILE);
    JsonNode json;
    try {
      json = Json.MAPPER.readTree(Files.readAllBytes(runFile));
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException(
          dir + " is not a qharness run record: it has no " + RUN_FILE);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          runFile + " is not valid JSON (" + e.getMessage() + "); the record is corrupt");
    }
    if (json == null || !json.isObject() || !json.has("runId") || !json.has("status")) {
      throw new IllegalArgumentException(
          runFile + " lacks runId/status; it is not a qharness run record");
    }
    checkFormat(runFile, json, RunFile.FORMAT);
    RunFile run;
    try {
      run = Json.MAPPER.treeToValue(json, RunFile.class);
    } catch (IOException | IllegalArgumentException e) {
      throw new IllegalArgumentException(
          runFile + " cannot be read (" + e.getMessage() + "); the record is corrupt");
    }
    RunSummary summary = null;
    Path summaryFile = dir.resolve(SUMMARY_FILE);
    if (Files.exists(summaryFile)) {
      try {
        JsonNode s = Json.MAPPER.readTree(Files.readAllBytes(summaryFile));
        checkFormat(summaryFile, s, SUMMARY_FORMAT);
        summary = Json.MAPPER.treeToValue(s, RunSummary.class);
      } catch (IOException e) {
        throw new IllegalArgumentException(
            summaryFile + " is not a valid summary (" + e.getMessage() + ")");
      }
    }
    return new Loaded(dir, run, json, summary);
  }

  /** A file from a newer qharness is refused by name, rather than half read. */
  private static void checkFormat(Path file, JsonNode json, int newest) {
    JsonNode f = json.path("format");
    if (f.isMissingNode()) {
      return; // summaries written before the field was added are format 1
    }
    if (!f.canConvertToInt() || f.asInt() < 1) {
      throw new IllegalArgumentException(
          file + " has format '" + f.asText() + "', not a version number; the record is corrupt");
    }
    if (f.asInt() > newest) {
      throw new IllegalArgumentException(
          file
              + " is format "
              + f.asInt()
              + ", written by a newer qharness; this one reads up to format "
              + newest
              + ": upgrade qharness to read it");
    }
  }
}
