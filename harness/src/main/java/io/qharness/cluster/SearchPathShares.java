package io.qharness.cluster;

import io.qharness.results.RunFile;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Which search paths served the searches of a time window, from the difference of two telemetry
 * snapshots of every node. Each share is of the vectors searched: a segment search counts with the
 * segment's vector count, so a tiny appendable segment scanned beside a large HNSW-indexed one does
 * not hide that nearly all the data went through the graph.
 *
 * @param segmentSearches searches per path, counted per segment (one search touches every segment
 *     of one replica of each shard)
 * @param shares share of searched vectors per path, summing to 1 when anything was searched
 * @param unread nodes whose telemetry could not be read at either end (their searches are missing)
 */
public record SearchPathShares(
    Map<SearchPath, Long> segmentSearches, Map<SearchPath, Double> shares, List<String> unread) {

  /** A share of HNSW below this means the window did not measure HNSW search. */
  public static final double HNSW_SERVED = 0.9;

  /** Per segment of one node: where its counters stood. */
  public record SegmentKey(String node, int shard, String uuid) {}

  /** Every node's segments at one moment. */
  public record Snapshot(
      Map<SegmentKey, CollectionTelemetry.Segment> segments, List<String> unread) {
    /** Reads every node now. */
    public static Snapshot of(List<NodeTelemetry.Answer> answers) {
      Map<SegmentKey, CollectionTelemetry.Segment> segments = new HashMap<>();
      List<String> unread = new ArrayList<>();
      for (NodeTelemetry.Answer a : answers) {
        if (!a.ok()) {
          unread.add(a.node() + " (" + a.failure() + ")");
          continue;
        }
        for (CollectionTelemetry.Replica r : a.telemetry().replicas()) {
          for (CollectionTelemetry.Segment s : r.segments()) {
            segments.put(new SegmentKey(a.node(), r.shard(), s.uuid()), s);
          }
        }
      }
      return new Snapshot(Map.copyOf(segments), List.copyOf(unread));
    }
  }

  /**
   * The searches between two snapshots. A segment absent before (built since) counts all its
   * searches; a counter lower than before (its node restarted) counts from zero. Segments merged
   * away in between take their counts with them: the shares stay representative, the totals low.
   */
  public static SearchPathShares between(Snapshot before, Snapshot after) {
    Map<SearchPath, Long> counts = new EnumMap<>(SearchPath.class);
    Map<SearchPath, Double> weights = new EnumMap<>(SearchPath.class);
    after
        .segments()
        .forEach(
            (key, now) -> {
              CollectionTelemetry.Segment then = before.segments().get(key);
              now.searches()
                  .forEach(
                      (path, n) -> {
                        long prior = then == null ? 0 : then.searches().getOrDefault(path, 0L);
                        long delta = n >= prior ? n - prior : n;
                        if (delta > 0) {
                          counts.merge(path, delta, Long::sum);
                          weights.merge(
                              path, (double) delta * Math.max(1, now.vectors()), Double::sum);
                        }
                      });
            });
    double total = weights.values().stream().mapToDouble(Double::doubleValue).sum();
    Map<SearchPath, Double> shares = new EnumMap<>(SearchPath.class);
    weights.forEach((p, w) -> shares.put(p, w / total));
    List<String> unread = new ArrayList<>(before.unread());
    after.unread().stream().filter(u -> !unread.contains(u)).forEach(unread::add);
    return new SearchPathShares(Map.copyOf(counts), Map.copyOf(shares), List.copyOf(unread));
  }

  public long totalSegmentSearches() {
    return segmentSearches.values().stream().mapToLong(Long::longValue).sum();
  }

  /** Whether any search was counted in the window. */
  public boolean measured() {
    return totalSegmentSearches() > 0;
  }

  public double share(SearchPath p) {
    return shares.getOrDefault(p, 0.0);
  }

  /**
   * At least {@link #HNSW_SERVED} of the dense vectors searched went through the HNSW graph. Sparse
   * searches (an inverted index, never a graph) are left out; a window with only sparse searches
   * counts as served.
   */
  public boolean hnswServed() {
    return measured() && denseHnswShare() >= HNSW_SERVED;
  }

  /** The HNSW share of the dense vectors searched (sparse searches left out); 1 with none. */
  public double denseHnswShare() {
    double dense = 1 - share(SearchPath.SPARSE);
    return dense <= 1e-9 ? 1 : share(SearchPath.HNSW) / dense;
  }

  /** One line, e.g. {@code HNSW 99.2%, plain 0.8% of searched vectors (1,234 segment searches)}. */
  public String describe() {
    if (!measured()) {
      return "no searches counted by the nodes' telemetry"
          + (unread.isEmpty() ? "" : " (unread: " + String.join("; ", unread) + ")");
    }
    List<String> parts = new ArrayList<>();
    for (SearchPath p : SearchPath.values()) {
      if (shares.containsKey(p)) {
        parts.add(String.format(Locale.ROOT, "%s %.1f%%", p.label(), 100 * share(p)));
      }
    }
    return String.join(", ", parts)
        + String.format(
            Locale.ROOT, " of searched vectors (%,d segment searches)", totalSegmentSearches())
        + (unread.isEmpty() ? "" : "; telemetry unread on " + String.join("; ", unread));
  }

  /** For run.json: shares and counts per path (lower-case names), and the nodes left out. */
  public RunFile.SearchPaths toRecord() {
    Map<String, Double> s = new LinkedHashMap<>();
    Map<String, Long> c = new LinkedHashMap<>();
    for (SearchPath p : SearchPath.values()) {
      s.put(p.name().toLowerCase(Locale.ROOT), Math.round(share(p) * 10000) / 10000.0);
      c.put(p.name().toLowerCase(Locale.ROOT), segmentSearches.getOrDefault(p, 0L));
    }
    return new RunFile.SearchPaths(s, c, List.copyOf(unread));
  }
}
