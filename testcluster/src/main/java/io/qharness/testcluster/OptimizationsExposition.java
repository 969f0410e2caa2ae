package io.qharness.testcluster;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /collections/{name}/optimizations} in Qdrant 1.19's shape. The double models an
 * optimisation as the window after writes while its collection reports Yellow (the {@code
 * optimisationDelay} knob); each window is one "indexing" optimisation over the collection's
 * points, with no stages: the double builds no index, so it has no stage timings to report.
 */
final class OptimizationsExposition {
  private OptimizationsExposition() {}

  static Map<String, Object> render(TestCollection c, long points, boolean withCompleted) {
    long now = System.nanoTime();
    List<Map<String, Object>> running = new ArrayList<>();
    List<Map<String, Object>> completed = new ArrayList<>();
    for (TestCollection.Window w : c.optimisationWindows()) {
      if (now < w.endNanos()) {
        running.add(entry(w, points, now, false));
      } else if (withCompleted) {
        completed.add(0, entry(w, points, now, true)); // newest first, as Qdrant sorts them
      }
    }
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("queued_optimizations", 0);
    summary.put("queued_segments", 0);
    summary.put("queued_points", 0);
    summary.put("idle_segments", running.isEmpty() ? c.shardNumber : 0);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("summary", summary);
    out.put("running", running);
    if (withCompleted) {
      out.put("completed", completed);
    }
    return out;
  }

  private static Map<String, Object> entry(
      TestCollection.Window w, long points, long now, boolean done) {
    Map<String, Object> progress = new LinkedHashMap<>();
    progress.put("name", "Segment Optimizing");
    progress.put("started_at", wallClock(w.startNanos(), now).toString());
    if (done) {
      progress.put("finished_at", wallClock(w.endNanos(), now).toString());
      progress.put("duration_sec", (w.endNanos() - w.startNanos()) / 1e9);
    }
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("uuid", w.uuid());
    e.put("optimizer", "indexing");
    e.put("status", done ? "done" : "optimizing");
    e.put("segments", List.of(Map.of("uuid", w.uuid(), "points_count", points)));
    e.put("progress", progress);
    return e;
  }

  private static Instant wallClock(long nanos, long now) {
    return Instant.now().minusNanos(now - nanos);
  }
}
