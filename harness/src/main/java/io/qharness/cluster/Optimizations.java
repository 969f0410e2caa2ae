package io.qharness.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * A collection's optimisations as Qdrant 1.19 reports them ({@code GET
 * /collections/{name}/optimizations}): the queue's summary, the optimisations running and the last
 * ones completed, each with its optimizer (indexing, merge, vacuum, ...), its segments' points and
 * its progress tree, flattened here into seconds per stage (copy_data, payload_index, vector_index,
 * vector_index/main_graph, ...). One node answers for every replica of the collection.
 */
public final class Optimizations {
  private Optimizations() {}

  /** One optimisation: what ran, on how many points, when, how long, and its stages. */
  public record Optimization(
      String uuid,
      String optimizer,
      String status,
      long points,
      Instant startedAt,
      Double seconds,
      Map<String, Double> stageSeconds) {
    public boolean running() {
      return "optimizing".equalsIgnoreCase(status);
    }
  }

  /** What one reading saw. */
  public record Snapshot(
      int queuedOptimizations,
      long queuedPoints,
      List<Optimization> running,
      List<Optimization> completed) {
    /** Nothing running and nothing queued. */
    public boolean idle() {
      return queuedOptimizations == 0 && running.isEmpty();
    }
  }

  /** The path of the collection's optimisations with up to {@code completed} finished ones. */
  public static String path(String collection, int completed) {
    return "/collections/"
        + URLEncoder.encode(collection, StandardCharsets.UTF_8)
        + "/optimizations"
        + (completed > 0 ? "?with=completed&completed_limit=" + completed : "");
  }

  /** Reads it from the node at {@code address}, without blocking. */
  public static CompletableFuture<Snapshot> read(
      QdrantRest rest, String address, String collection, int completed) {
    return rest.getAsync(address, path(collection, completed)).thenApply(Optimizations::parse);
  }

  /** Pure: the snapshot in a response body ({"result": {...}}). */
  public static Snapshot parse(JsonNode body) {
    JsonNode r = body.path("result");
    JsonNode summary = r.path("summary");
    return new Snapshot(
        summary.path("queued_optimizations").asInt(0),
        summary.path("queued_points").asLong(0),
        list(r.path("running")),
        list(r.path("completed")));
  }

  private static List<Optimization> list(JsonNode array) {
    List<Optimization> out = new ArrayList<>();
    for (JsonNode o : array) {
      long points = 0;
      for (JsonNode s : o.path("segments")) {
        points += s.path("points_count").asLong(0);
      }
      JsonNode progress = o.path("progress");
      Map<String, Double> stages = new LinkedHashMap<>();
      for (JsonNode child : progress.path("children")) {
        stages(child, "", 0, stages);
      }
      out.add(
          new Optimization(
              o.path("uuid").asText(),
              o.path("optimizer").asText("unknown"),
              o.path("status").asText(""),
              points,
              instant(progress.path("started_at")),
              progress.hasNonNull("duration_sec") ? progress.path("duration_sec").asDouble() : null,
              stages));
    }
    return out;
  }

  /**
   * A stage's seconds under its path; unnamed levels (vector_index has one per vector) are skipped
   * in the path, and only two named levels are kept (vector_index/main_graph, not the field under
   * additional_links).
   */
  private static void stages(JsonNode node, String parent, int depth, Map<String, Double> out) {
    String name = node.path("name").asText("");
    String path = name.isEmpty() ? parent : parent.isEmpty() ? name : parent + "/" + name;
    int named = name.isEmpty() ? depth : depth + 1;
    if (!name.isEmpty() && node.hasNonNull("duration_sec")) {
      out.merge(path, node.path("duration_sec").asDouble(), Double::sum);
    }
    if (named < 2) {
      for (JsonNode child : node.path("children")) {
        stages(child, path, named, out);
      }
    }
  }

  private static Instant instant(JsonNode n) {
    if (!n.isTextual()) {
      return null;
    }
    try {
      return Instant.parse(n.asText());
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
