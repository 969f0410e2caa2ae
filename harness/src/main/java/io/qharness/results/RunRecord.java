package io.qharness.results;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.qharness.metrics.RunListener;
import io.qharness.metrics.RunSummary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
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
   * Creates {@code resultsDir/<runId>/} and writes {@code run.json} with status "running" and the
   * given description (workload, configuration, target, machine...).
   */
  public static RunRecord begin(Path resultsDir, String runId, Map<String, ?> description) {
    Path dir = resultsDir.resolve(runId);
    if (Files.exists(dir)) {
      throw new IllegalStateException(
          "run directory " + dir + " already exists; run ids must be unique");
    }
    ObjectNode run = Json.MAPPER.createObjectNode();
    run.put("format", 1);
    run.put("runId", runId);
    run.put("status", "running");
    run.put("startedAt", Instant.now().toString());
    run.set("harness", Json.MAPPER.valueToTree(HarnessInfo.current()));
    run.set("machine", Json.MAPPER.valueToTree(MachineInfo.current()));
    description.forEach((k, v) -> run.set(k, Json.MAPPER.valueToTree(v)));
    RunRecord r = new RunRecord(dir, run);
    r.writeRun();
    return r;
  }

  public Path dir() {
    return dir;
  }

  public String runId() {
    return run.get("runId").asText();
  }

  /** Adds or replaces a top-level entry of run.json (written at the end, or now if asked). */
  public synchronized RunRecord put(String key, Object value, boolean writeNow) {
    run.set(key, Json.MAPPER.valueToTree(value));
    if (writeNow) {
      writeRun();
    }
    return this;
  }

  private synchronized void writeRun() {
    AtomicFiles.writeJson(dir.resolve(RUN_FILE), run);
  }

  @Override
  public synchronized void ended(RunSummary summary) {
    AtomicFiles.writeJson(dir.resolve(SUMMARY_FILE), summary);
    if (!"failed".equals(run.path("status").asText())) { // a stopped run keeps its failure
      run.put("endedAt", Instant.now().toString());
      run.put("status", "complete");
    }
    writeRun();
  }

  @Override
  public void stopped(String reason) {
    refused(reason);
  }

  /** Marks the record failed with a reason (the run aborted before its end). */
  public synchronized void failed(String reason) {
    run.put("endedAt", Instant.now().toString());
    run.put("status", "failed");
    run.put("failure", reason);
    writeRun();
  }

  /**
   * Marks the record failed because its settings do not fit the target: the user's fix, not a
   * crash.
   */
  public synchronized void refused(String reason) {
    run.put("failureKind", FAILURE_CONFIGURATION);
    failed(reason);
  }

  /** {@code failureKind} of a run refused for its settings. */
  public static final String FAILURE_CONFIGURATION = "configuration";

  /** A record read back from disk. */
  public record Loaded(Path dir, JsonNode run, RunSummary summary) {
    public String status() {
      return run.path("status").asText("unknown");
    }

    public boolean complete() {
      return "complete".equals(status()) && summary != null;
    }
  }

  /**
   * Reads a run directory. A record whose run.json is not "complete", or whose summary is missing,
   * is returned as incomplete; unreadable files raise an error naming the file.
   */
  public static Loaded load(Path dir) {
    Path runFile = dir.resolve(RUN_FILE);
    JsonNode run;
    try {
      run = Json.MAPPER.readTree(Files.readAllBytes(runFile));
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException(
          dir + " is not a qharness run record: it has no " + RUN_FILE);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          runFile + " is not valid JSON (" + e.getMessage() + "); the record is corrupt");
    }
    if (!run.isObject() || !run.has("runId") || !run.has("status")) {
      throw new IllegalArgumentException(
          runFile + " lacks runId/status; it is not a qharness run record");
    }
    RunSummary summary = null;
    Path summaryFile = dir.resolve(SUMMARY_FILE);
    if (Files.exists(summaryFile)) {
      try {
        summary = Json.MAPPER.readValue(Files.readAllBytes(summaryFile), RunSummary.class);
      } catch (IOException e) {
        throw new IllegalArgumentException(
            summaryFile + " is not a valid summary (" + e.getMessage() + ")");
      }
    }
    return new Loaded(dir, run, summary);
  }
}
